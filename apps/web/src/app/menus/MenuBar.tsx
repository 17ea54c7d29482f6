import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react'
import { ariaShortcut, nextActionIndex, type Menu, type MenuAction } from './menu-model'

interface Props {
  /** The menu bar's accessible name. */
  label: string
  menus: readonly Menu[]
}

/**
 * The app's menus as a WAI-ARIA menubar: click or Enter/Space/ArrowDown opens a menu, arrows
 * move, Home/End jump, Enter runs an entry, Esc closes and returns to the bar. F10 or Alt+/ puts
 * the keyboard on the bar from anywhere, as in desktop spreadsheets.
 */
export function MenuBar({ label, menus }: Props) {
  const [open, setOpen] = useState<number | null>(null)
  const [active, setActive] = useState(0)
  const [current, setCurrent] = useState(0)
  const bar = useRef<HTMLDivElement>(null)
  const tops = useRef<Array<HTMLButtonElement | null>>([])
  const items = useRef<Array<HTMLButtonElement | null>>([])
  // Where the focus was before the bar took it: a chosen entry hands the focus back there (a dialog it opens returns it there too).
  const returnTo = useRef<HTMLElement | null>(null)
  // The menu the pointer opened by passing over its name. The click that follows on that name is
  // the person asking for that menu, so it keeps it open rather than toggling it shut; whether the
  // hover's render landed before the click must not decide.
  const openedByHover = useRef<number | null>(null)

  useEffect(() => {
    // Capture phase: the grid listens on the document and would take the key first.
    const onKey = (event: KeyboardEvent) => {
      const wanted = (event.key === 'F10' && !event.shiftKey && !event.ctrlKey) || (event.altKey && event.key === '/')
      if (!wanted) return
      event.preventDefault()
      event.stopPropagation()
      if (!(document.activeElement instanceof Node && bar.current?.contains(document.activeElement))) returnTo.current = focusedOutside()
      setOpen(null)
      setCurrent(0)
      tops.current[0]?.focus()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  useEffect(() => {
    if (open === null) return
    const onPointer = (event: PointerEvent) => {
      if (!(event.target instanceof Node && bar.current?.contains(event.target))) setOpen(null)
    }
    document.addEventListener('pointerdown', onPointer, true)
    return () => document.removeEventListener('pointerdown', onPointer, true)
  }, [open])

  useEffect(() => {
    if (open !== null) items.current[active]?.focus()
  }, [open, active])

  const openMenu = (index: number, at: 'first' | 'last' = 'first') => {
    const entries = menus[index]?.entries ?? []
    openedByHover.current = null
    setCurrent(index)
    setOpen(index)
    setActive(at === 'first' ? nextActionIndex(entries, -1, 1) : nextActionIndex(entries, 0, -1))
  }
  const close = (focusBar: boolean) => {
    const was = open
    setOpen(null)
    if (focusBar && was !== null) tops.current[was]?.focus()
  }
  const moveTop = (from: number, step: 1 | -1, keepOpen: boolean) => {
    const next = (from + step + menus.length) % menus.length
    setCurrent(next)
    if (keepOpen) openMenu(next)
    else tops.current[next]?.focus()
  }
  const runEntry = (entry: MenuAction) => {
    setOpen(null)
    const back = returnTo.current
    if (back?.isConnected) back.focus()
    else if (document.activeElement instanceof HTMLElement) document.activeElement.blur()
    entry.run()
  }

  const onTopKey = (event: ReactKeyboardEvent, index: number) => {
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowLeft':
        moveTop(index, event.key === 'ArrowRight' ? 1 : -1, open !== null)
        break
      case 'ArrowDown':
      case 'Enter':
      case ' ':
        openMenu(index)
        break
      case 'ArrowUp':
        openMenu(index, 'last')
        break
      case 'Home':
        moveTop(-1, 1, false)
        break
      case 'End':
        moveTop(0, -1, false)
        break
      case 'Escape':
        close(true)
        break
      default:
        return
    }
    // The grid listens on the document and would move its selection too.
    event.preventDefault()
    event.stopPropagation()
  }

  const onMenuKey = (event: ReactKeyboardEvent, index: number) => {
    const entries = menus[index]?.entries ?? []
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const step = event.key === 'ArrowDown' ? 1 : -1
        setActive((a) => nextActionIndex(entries, a, step))
        break
      }
      case 'Home':
        setActive(nextActionIndex(entries, -1, 1))
        break
      case 'End':
        setActive(nextActionIndex(entries, 0, -1))
        break
      case 'ArrowRight':
      case 'ArrowLeft':
        moveTop(index, event.key === 'ArrowRight' ? 1 : -1, true)
        break
      case 'Escape':
        close(true)
        break
      case 'Enter':
      case ' ': {
        // Run it here, not by the button's click: the key must not reach the grid, which would open its editor.
        const entry = entries[active]
        if (entry?.kind === 'action') runEntry(entry)
        break
      }
      case 'Tab':
        // Tab leaves the menu as it leaves any widget: close it, let focus move on.
        setOpen(null)
        return
      default:
        return
    }
    event.preventDefault()
    event.stopPropagation()
  }

  return (
    <div
      className="sp-menubar"
      role="menubar"
      aria-label={label}
      ref={bar}
      data-testid="menubar"
      onFocus={(event) => {
        const from = event.relatedTarget
        if (!(from instanceof Node && bar.current?.contains(from))) returnTo.current = from instanceof HTMLElement ? from : null
      }}
    >
      {menus.map((menu, index) => (
        <div key={menu.id} className="sp-menu-root">
          <button
            ref={(el) => {
              tops.current[index] = el
            }}
            type="button"
            role="menuitem"
            id={`sp-menu-${menu.id}`}
            className="sp-menu-top"
            aria-haspopup="menu"
            aria-expanded={open === index}
            tabIndex={index === current ? 0 : -1}
            onClick={() => {
              if (open === index && openedByHover.current !== index) setOpen(null)
              else openMenu(index)
            }}
            onMouseEnter={() => {
              if (open === null || open === index) return
              openMenu(index)
              openedByHover.current = index
            }}
            onKeyDown={(e) => onTopKey(e, index)}
          >
            {menu.label}
          </button>
          {open === index && (
            <div className="sp-menu" role="menu" aria-labelledby={`sp-menu-${menu.id}`} onKeyDown={(e) => onMenuKey(e, index)}>
              {menu.entries.map((entry, i) =>
                entry.kind === 'separator' ? (
                  <hr key={entry.id} className="sp-menu-separator" />
                ) : (
                  <button
                    key={entry.id}
                    ref={(el) => {
                      items.current[i] = el
                    }}
                    type="button"
                    {...itemRole(entry)}
                    aria-keyshortcuts={entry.shortcut ? ariaShortcut(entry.shortcut) : undefined}
                    className="sp-menu-item"
                    data-menu-entry={entry.id}
                    tabIndex={-1}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => runEntry(entry)}
                  >
                    <span className="sp-menu-check" aria-hidden="true">
                      {entry.check?.checked ? '✓' : ''}
                    </span>
                    <span className="sp-menu-label">{entry.label}</span>
                    {entry.shortcut && (
                      <span className="sp-menu-shortcut" aria-hidden="true">
                        {entry.shortcut}
                      </span>
                    )}
                  </button>
                ),
              )}
            </div>
          )}
        </div>
      ))}
    </div>
  )
}

/** The focused element outside the bar, or null when nothing has the focus (the grid listens on the page then). */
function focusedOutside(): HTMLElement | null {
  const at = document.activeElement
  return at instanceof HTMLElement && at !== document.body ? at : null
}

/** A plain entry is a menuitem; a checked one a menuitemradio or menuitemcheckbox with its state. */
function itemRole(entry: MenuAction): { role: string; 'aria-checked'?: boolean } {
  if (!entry.check) return { role: 'menuitem' }
  return { role: entry.check.type === 'radio' ? 'menuitemradio' : 'menuitemcheckbox', 'aria-checked': entry.check.checked }
}
