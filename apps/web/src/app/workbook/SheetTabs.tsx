import type { SheetId, SheetInfo } from '@samplan/domain'
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react'
import { ConfirmDialog } from '../dialogs/ConfirmDialog'
import type { Messages } from '../i18n'
import { moveProblem, removeProblem, type SheetActionResult, type SheetActions } from '../sheets/sheet-actions'
import { DRAG_THRESHOLD, dropIndex } from '../sheets/sheet-drag'
import { SheetMenu, type SheetMenuItem } from '../sheets/SheetMenu'
import { SheetNameEditor } from '../sheets/SheetNameEditor'
import '../sheets/sheet-tabs.css'

interface Props {
  sheets: readonly SheetInfo[]
  active: string | null
  onSelect: (id: string) => void
  /** Without actions (or without the right to change sheets) the bar only switches sheets. */
  actions?: SheetActions
  t?: Messages
}

type OpenMenu = { kind: 'sheet'; sheetId: SheetId; at: { x: number; y: number } } | { kind: 'list'; at: { x: number; y: number } }

interface Drag {
  sheetId: SheetId
  pointerId: number
  startX: number
  moving: boolean
}

/**
 * The sheet tabs along the bottom, as in Excel and Sheets: "+" adds a sheet, a double click
 * renames, the right mouse button (or the ▾ button, Shift+F10, the menu key) opens Byt namn,
 * Duplicera, Ta bort, Flytta vänster and Flytta höger, a dragged tab moves, and "Alla blad" lists
 * every sheet when they do not fit. Only people who may change sheets see the changing controls.
 */
export function SheetTabs({ sheets, active, onSelect, actions, t }: Props) {
  const may = !!actions?.mayChange && !!t
  const [menu, setMenu] = useState<OpenMenu | null>(null)
  const [editing, setEditing] = useState<SheetId | null>(null)
  const [confirming, setConfirming] = useState<SheetId | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [drag, setDrag] = useState<Drag | null>(null)
  const [dropAt, setDropAt] = useState<number | null>(null)
  const [focusActive, setFocusActive] = useState(false)
  const noticeId = useId()
  const scroller = useRef<HTMLDivElement>(null)
  // A drag ends with a click on the tab it started on; that click must not count.
  const swallowClick = useRef(false)

  const tabButton = useCallback((sheetId: SheetId | null) => {
    if (!sheetId || !scroller.current) return null
    return scroller.current.querySelector<HTMLButtonElement>(`[data-sheet-id="${CSS.escape(sheetId)}"] .sp-tab`)
  }, [])

  // The shown sheet's tab stays in view, and takes the focus after an action from the keyboard or a menu.
  useEffect(() => {
    const tab = tabButton(active)
    tab?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    if (focusActive && tab) {
      tab.focus()
      setFocusActive(false)
    }
  }, [active, focusActive, tabButton])

  const after = (result: SheetActionResult) => {
    if (!result.ok) {
      setNotice(result.message)
      return false
    }
    setNotice(null)
    if (result.sheetId) onSelect(result.sheetId)
    setFocusActive(true)
    return true
  }

  const closeMenu = useCallback(
    (returnFocus: boolean) => {
      const opener = menu?.kind === 'sheet' ? menu.sheetId : null
      setMenu(null)
      if (returnFocus) tabButton(opener)?.focus()
    },
    [menu, tabButton],
  )

  const openSheetMenu = (sheetId: SheetId, at?: { x: number; y: number }) => {
    if (!may) return
    const rect = tabButton(sheetId)?.getBoundingClientRect()
    setMenu({ kind: 'sheet', sheetId, at: at ?? { x: rect?.left ?? 0, y: rect?.top ?? 0 } })
  }

  const sheetItems = (sheetId: SheetId): SheetMenuItem[] => {
    if (!t || !actions) return []
    const index = sheets.findIndex((s) => s.id === sheetId)
    return [
      { key: 'rename', label: t.sheets.rename, onSelect: () => setEditing(sheetId) },
      { key: 'duplicate', label: t.sheets.duplicate, onSelect: () => after(actions.duplicate(sheetId)) },
      {
        key: 'remove',
        label: t.sheets.remove,
        disabledReason: removeProblem(sheets, t),
        onSelect: () => setConfirming(sheetId),
      },
      {
        key: 'left',
        label: t.sheets.moveLeft,
        disabledReason: moveProblem(sheets, sheetId, -1, t),
        onSelect: () => after(actions.move(sheetId, index - 1)),
      },
      {
        key: 'right',
        label: t.sheets.moveRight,
        disabledReason: moveProblem(sheets, sheetId, 1, t),
        onSelect: () => after(actions.move(sheetId, index + 1)),
      },
    ]
  }

  const listItems = (): SheetMenuItem[] =>
    sheets.map((sheet) => ({
      key: sheet.id,
      label: sheet.name,
      checked: sheet.id === active,
      onSelect: () => {
        onSelect(sheet.id)
        setFocusActive(true)
      },
    }))

  const onBarKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!actions || !(event.ctrlKey || event.metaKey) || event.target instanceof HTMLInputElement) return
    const key = event.key.toLowerCase()
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault()
      actions.undo()
    } else if (key === 'y' || (key === 'z' && event.shiftKey)) {
      event.preventDefault()
      actions.redo()
    }
  }

  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>, sheetId: SheetId) => {
    if ((event.shiftKey && event.key === 'F10') || event.key === 'ContextMenu') {
      event.preventDefault()
      openSheetMenu(sheetId)
    } else if (event.key === 'F2' && may) {
      event.preventDefault()
      setEditing(sheetId)
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault()
      const index = sheets.findIndex((s) => s.id === sheetId)
      const next = sheets[index + (event.key === 'ArrowLeft' ? -1 : 1)]
      if (next) tabButton(next.id)?.focus()
    }
  }

  const onContextMenu = (event: MouseEvent, sheetId: SheetId) => {
    if (!may) return
    event.preventDefault()
    // The menu key fires this too, without a pointer position: then the menu opens at the tab.
    openSheetMenu(sheetId, event.clientX || event.clientY ? { x: event.clientX, y: event.clientY } : undefined)
  }

  const onPointerDown = (event: PointerEvent<HTMLButtonElement>, sheetId: SheetId) => {
    // A drag that ended off its tab left no click to swallow; a new press starts afresh.
    swallowClick.current = false
    if (!may || event.button !== 0) return
    setDrag({ sheetId, pointerId: event.pointerId, startX: event.clientX, moving: false })
  }

  // While a tab is pressed, the whole window follows the pointer: a drag may leave the bar.
  useEffect(() => {
    if (!drag) return
    const others = () =>
      sheets
        .filter((s) => s.id !== drag.sheetId)
        .map((s) => {
          const rect = tabButton(s.id)?.parentElement?.getBoundingClientRect()
          return rect ? rect.left + rect.width / 2 : 0
        })
    const move = (event: globalThis.PointerEvent) => {
      if (event.pointerId !== drag.pointerId) return
      if (!drag.moving && Math.abs(event.clientX - drag.startX) < DRAG_THRESHOLD) return
      if (!drag.moving) setDrag({ ...drag, moving: true })
      setDropAt(dropIndex(others(), event.clientX))
    }
    const up = (event: globalThis.PointerEvent) => {
      if (event.pointerId !== drag.pointerId) return
      if (drag.moving) {
        swallowClick.current = true
        const to = dropIndex(others(), event.clientX)
        const from = sheets.findIndex((s) => s.id === drag.sheetId)
        if (to !== from && actions) after(actions.move(drag.sheetId, to))
      }
      setDrag(null)
      setDropAt(null)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
    window.addEventListener('pointercancel', up)
    return () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
      window.removeEventListener('pointercancel', up)
    }
  })

  const onTabClick = (sheetId: SheetId) => {
    if (swallowClick.current) {
      swallowClick.current = false
      return
    }
    onSelect(sheetId)
  }

  const openList = (event: MouseEvent<HTMLButtonElement>) => {
    const rect = event.currentTarget.getBoundingClientRect()
    setMenu(menu?.kind === 'list' ? null : { kind: 'list', at: { x: rect.left, y: rect.top } })
  }

  const confirmingSheet = sheets.find((s) => s.id === confirming)
  const moving = drag?.moving ? drag.sheetId : null
  const others = sheets.filter((s) => s.id !== moving)

  return (
    <nav className="sp-sheetbar" aria-label={t?.sheets.tabs ?? 'Blad'} onKeyDown={onBarKeyDown}>
      {may && t && (
        <button
          type="button"
          className="sp-sheetbar-button"
          aria-label={t.sheets.add}
          title={t.sheets.add}
          onClick={() => actions && after(actions.add())}
        >
          +
        </button>
      )}
      {t && (
        <button
          type="button"
          className="sp-sheetbar-button"
          aria-label={t.sheets.list}
          title={t.sheets.list}
          aria-haspopup="menu"
          aria-expanded={menu?.kind === 'list'}
          onClick={openList}
        >
          ☰
        </button>
      )}
      <div
        ref={scroller}
        className={moving ? 'sp-sheetbar-tabs sp-sheetbar-dragging' : 'sp-sheetbar-tabs'}
        // The wheel scrolls overflowing tabs sideways, as in Excel and Sheets.
        onWheel={(event) => {
          if (event.deltaX === 0 && scroller.current) scroller.current.scrollLeft += event.deltaY
        }}
      >
        {sheets.map((sheet) => {
          const isActive = sheet.id === active
          const dropBefore = moving !== null && moving !== sheet.id && dropAt !== null && others[dropAt]?.id === sheet.id
          const dropAfter = moving !== null && dropAt === others.length && others[others.length - 1]?.id === sheet.id
          const classes = [
            'sp-sheettab',
            dropBefore && 'sp-sheettab-drop-before',
            dropAfter && 'sp-sheettab-drop-after',
            moving === sheet.id && 'sp-sheettab-moving',
          ]
          return (
            <span key={sheet.id} className={classes.filter(Boolean).join(' ')} data-sheet-id={sheet.id}>
              {editing === sheet.id && t && actions ? (
                <SheetNameEditor
                  name={sheet.name}
                  label={t.sheets.nameLabel}
                  invalid={notice !== null}
                  describedBy={notice ? noticeId : undefined}
                  onCommit={(name) => {
                    const ok = after(actions.rename(sheet.id, name))
                    if (ok) setEditing(null)
                    return ok
                  }}
                  onCancel={() => {
                    setEditing(null)
                    setFocusActive(true)
                  }}
                />
              ) : (
                <button
                  type="button"
                  className={isActive ? 'sp-tab sp-tab-active' : 'sp-tab'}
                  aria-current={isActive ? 'page' : undefined}
                  onClick={() => onTabClick(sheet.id)}
                  onDoubleClick={() => may && setEditing(sheet.id)}
                  onContextMenu={(event) => onContextMenu(event, sheet.id)}
                  onKeyDown={(event) => onTabKeyDown(event, sheet.id)}
                  onPointerDown={(event) => onPointerDown(event, sheet.id)}
                >
                  {sheet.name}
                </button>
              )}
              {may && t && isActive && editing !== sheet.id && (
                <button
                  type="button"
                  className="sp-sheettab-menu"
                  aria-label={t.sheets.menu(sheet.name)}
                  aria-haspopup="menu"
                  aria-expanded={menu?.kind === 'sheet' && menu.sheetId === sheet.id}
                  onClick={(event) => {
                    const rect = event.currentTarget.getBoundingClientRect()
                    openSheetMenu(sheet.id, { x: rect.left, y: rect.top })
                  }}
                >
                  ▾
                </button>
              )}
            </span>
          )
        })}
      </div>
      {notice && t && (
        <div id={noticeId} className="sp-sheetbar-notice" role="alert">
          <span>{notice}</span>
          <button type="button" className="sp-sheetbar-notice-close" aria-label={t.sheets.close} onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}
      {menu && t && (
        <SheetMenu
          label={menu.kind === 'list' ? t.sheets.list : t.sheets.menu(sheets.find((s) => s.id === menu.sheetId)?.name ?? '')}
          items={menu.kind === 'list' ? listItems() : sheetItems(menu.sheetId)}
          at={menu.at}
          onClose={closeMenu}
          onRefused={setNotice}
        />
      )}
      {confirmingSheet && t && actions && (
        <ConfirmDialog
          title={t.sheets.confirmDelete.title(confirmingSheet.name)}
          confirmLabel={t.sheets.confirmDelete.confirm}
          cancelLabel={t.sheets.confirmDelete.cancel}
          onConfirm={() => {
            setConfirming(null)
            after(actions.remove(confirmingSheet.id))
          }}
          onCancel={() => {
            setConfirming(null)
            setFocusActive(true)
          }}
        >
          <p>{t.sheets.confirmDelete.body}</p>
        </ConfirmDialog>
      )}
    </nav>
  )
}
