import { useState } from 'react'

const KEY = 'samplan.cellPanel'

/** Whether the side panel of the selected cell is open: open until closed, and remembered across reloads in this browser. */
export function useCellPanelOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(() => localStorage.getItem(KEY) !== 'closed')
  return [
    open,
    (next: boolean) => {
      localStorage.setItem(KEY, next ? 'open' : 'closed')
      setOpen(next)
    },
  ]
}
