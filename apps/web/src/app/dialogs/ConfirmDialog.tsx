import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'

interface Props {
  title: string
  children: ReactNode
  confirmLabel: string
  cancelLabel: string
  onConfirm: () => void
  onCancel: () => void
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * A modal confirmation (WAI-ARIA alertdialog) for a step that cannot be undone: focus starts
 * on the cancel button (the safe choice), Tab and Shift+Tab stay inside, Escape cancels, and
 * focus returns to what opened it.
 */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, onConfirm, onCancel }: Props) {
  const titleId = useId()
  const bodyId = useId()
  const backdrop = useRef<HTMLDivElement>(null)
  const box = useRef<HTMLDivElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    cancel.current?.focus()
    // Focus that lands outside (a click on the page behind, a screen reader jump) comes back.
    const keepInside = (event: FocusEvent) => {
      if (box.current && event.target instanceof Node && !box.current.contains(event.target)) cancel.current?.focus()
    }
    document.addEventListener('focusin', keepInside)
    // A press on the backdrop itself must not take the focus out of the dialog.
    const holdFocus = (event: MouseEvent) => event.target === event.currentTarget && event.preventDefault()
    const shade = backdrop.current
    shade?.addEventListener('mousedown', holdFocus)
    return () => {
      document.removeEventListener('focusin', keepInside)
      shade?.removeEventListener('mousedown', holdFocus)
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Nothing behind the dialog (the grid's shortcuts included) sees these keys.
    event.stopPropagation()
    if (event.key === 'Escape') {
      event.preventDefault()
      onCancel()
      return
    }
    if (event.key !== 'Tab' || !box.current) return
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) return
    const active = document.activeElement
    if (event.shiftKey && (active === first || !box.current.contains(active))) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && (active === last || !box.current.contains(active))) {
      event.preventDefault()
      first.focus()
    }
  }

  return (
    <div ref={backdrop} className="sp-modal-backdrop">
      <div
        ref={box}
        className="sp-modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        <div id={bodyId}>{children}</div>
        <div className="sp-modal-actions">
          <button ref={cancel} type="button" onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="button" className="sp-danger" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
