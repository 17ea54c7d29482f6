import { useEffect, useRef } from 'react'

/**
 * Shift+F2, Excel's key for a cell's comment: opens the side panel and puts the keyboard in the
 * comment box, from the grid or anywhere else. Taken in the capture phase, before the grid (which
 * listens on the page and opens its editor on F2) sees it.
 */
export function useCommentShortcut(open: () => void): void {
  const latest = useRef(open)
  useEffect(() => {
    latest.current = open
  })
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F2' || !event.shiftKey || event.ctrlKey || event.altKey || event.metaKey) return
      event.preventDefault()
      event.stopPropagation()
      latest.current()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
}
