import { useEffect, useRef, type KeyboardEvent } from 'react'

/** One entry of a sheet menu; `disabledReason` greys it and says why when chosen. */
export interface SheetMenuItem {
  key: string
  label: string
  onSelect: () => void
  disabledReason?: string | null
  /** For a list of sheets: the one shown now. */
  checked?: boolean
}

interface Props {
  label: string
  items: readonly SheetMenuItem[]
  /** Where the menu opens: it grows up and to the right from this point (the tabs sit at the bottom). */
  at: { x: number; y: number }
  onClose: (returnFocus: boolean) => void
  /** A disabled entry was chosen: the caller shows the reason. */
  onRefused: (reason: string) => void
}

/**
 * A popup menu (WAI-ARIA menu) for the sheet tabs: focus starts on the first entry, arrows,
 * Home and End move, Enter or Space chooses, Escape and Tab close it, and so does a press
 * anywhere else.
 */
export function SheetMenu({ label, items, at, onClose, onRefused }: Props) {
  const box = useRef<HTMLDivElement>(null)
  const radio = items.some((item) => item.checked !== undefined)

  useEffect(() => {
    const entries = box.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]')
    const first = [...(entries ?? [])].find((e) => e.getAttribute('aria-checked') === 'true') ?? entries?.[0]
    first?.focus()
    const outside = (event: PointerEvent) => {
      if (box.current && event.target instanceof Node && !box.current.contains(event.target)) onClose(false)
    }
    document.addEventListener('pointerdown', outside, true)
    return () => document.removeEventListener('pointerdown', outside, true)
  }, [onClose])

  const choose = (item: SheetMenuItem) => {
    if (item.disabledReason) {
      onRefused(item.disabledReason)
      return
    }
    onClose(false)
    item.onSelect()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // The grid's and the tab bar's shortcuts do not apply inside the menu.
    event.stopPropagation()
    const entries = [...(box.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])]
    const at = entries.indexOf(document.activeElement as HTMLElement)
    const focus = (index: number) => entries[(index + entries.length) % entries.length]?.focus()
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        return focus(at + 1)
      case 'ArrowUp':
        event.preventDefault()
        return focus(at - 1)
      case 'Home':
        event.preventDefault()
        return focus(0)
      case 'End':
        event.preventDefault()
        return focus(entries.length - 1)
      case 'Escape':
        event.preventDefault()
        return onClose(true)
      case 'Tab':
        return onClose(true)
    }
  }

  return (
    <div
      ref={box}
      className="sp-sheetmenu"
      role="menu"
      aria-label={label}
      style={{ left: at.x, bottom: Math.max(0, window.innerHeight - at.y) }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => {
        const common = {
          type: 'button' as const,
          'aria-disabled': item.disabledReason ? true : undefined,
          title: item.disabledReason ?? undefined,
          tabIndex: -1,
          className: 'sp-sheetmenu-item',
          onClick: () => choose(item),
        }
        return radio ? (
          <button key={item.key} {...common} role="menuitemradio" aria-checked={item.checked === true}>
            {item.label}
          </button>
        ) : (
          <button key={item.key} {...common} role="menuitem">
            {item.label}
          </button>
        )
      })}
    </div>
  )
}
