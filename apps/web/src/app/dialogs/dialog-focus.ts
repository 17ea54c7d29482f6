import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react'

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])'

/** The elements of `box` that Tab reaches, in document order (hidden ones left out). */
function tabbableIn(box: HTMLElement): HTMLElement[] {
  return [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hidden && el.getClientRects().length > 0)
}

/**
 * The keyboard contract of a dialog (WAI-ARIA dialog pattern): the focus moves into the dialog
 * (onto `box`, which has `tabIndex={-1}`, so a screen reader reads its name first) when it opens,
 * Tab and Shift+Tab cycle inside it, Escape closes it, and the focus returns to what had it before.
 * Keys pressed in the dialog stop there: the grid listens on the document and would act on them.
 * Returns the dialog's keydown handler.
 */
export function useDialogFocus(box: RefObject<HTMLElement | null>, onClose: () => void): (event: KeyboardEvent<HTMLElement>) => void {
  const close = useRef(onClose)
  useEffect(() => {
    close.current = onClose
  })

  useEffect(() => {
    const active = document.activeElement
    const opener = active instanceof HTMLElement && active !== document.body ? active : null
    box.current?.focus()
    return () => {
      if (opener?.isConnected) opener.focus()
    }
  }, [box])

  return (event) => {
    event.stopPropagation()
    if (event.key === 'Escape') {
      event.preventDefault()
      close.current()
      return
    }
    if (event.key !== 'Tab' || !box.current) return
    const items = tabbableIn(box.current)
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) return
    const at = document.activeElement
    if (event.shiftKey && (at === first || at === box.current)) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && at === last) {
      event.preventDefault()
      first.focus()
    }
  }
}
