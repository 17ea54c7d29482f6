import { getSheetGrid, observeWorkbook, type SheetInfo, type Workbook } from '@samplan/domain'
import type { WorkbookMirror } from '@samplan/formulas'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react'
import type { SelectedCell, WorkbookGrid } from '../../grid/workbook-grid'
import type { Messages, UiLocale } from '../i18n'
import { searchCells } from './search-cells'
import { findMatches, stepMatch, type SearchPlace } from './search-index'
import './search.css'

interface Props {
  open: boolean
  onOpen: () => void
  onClose: () => void
  live: { workbook: Workbook; mirror: WorkbookMirror } | null
  sheets: readonly SheetInfo[]
  activeSheet: string | null
  setActiveSheet: (sheetId: string) => void
  selected: SelectedCell | null
  grid: RefObject<WorkbookGrid | null>
  /** The grid's element: the box floats at its top right corner. */
  anchor: RefObject<HTMLElement | null>
  locale: UiLocale
  t: Messages
}

/** Ctrl+F (Cmd+F on macOS) opens the search; a dialog keeps its own keys. */
function isFindKey(event: globalThis.KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f'
}

/**
 * Search over the shown values and labels of every sheet, as Excel's Find: Ctrl+F opens it instead
 * of the browser's find, Enter or F3 goes to the next match and Shift+Enter or Shift+F3 to the
 * previous one (switching sheet and selecting the cell), Esc closes it and gives the keyboard back
 * to the grid. Matching is search-index.ts; the texts are the grid's (search-cells.ts).
 */
export function SearchBox({ open, onOpen, onClose, live, sheets, activeSheet, setActiveSheet, selected, grid, anchor, locale, t }: Props) {
  const input = useRef<HTMLInputElement>(null)
  const [query, setQuery] = useState('')
  const [current, setCurrent] = useState(-1)
  /** Bumped when the doc or the computed values change, so the matches are read again. */
  const [version, setVersion] = useState(0)
  const [pending, setPending] = useState<{ sheetId: string; row: number; col: number } | null>(null)
  const [corner, setCorner] = useState<{ top: number; right: number }>({ top: 0, right: 0 })

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const inDialog = document.activeElement instanceof Element && document.activeElement.closest('[role="dialog"], [role="alertdialog"]')
      if (isFindKey(event) && !inDialog) {
        event.preventDefault()
        event.stopPropagation()
        onOpen()
        input.current?.focus()
        input.current?.select()
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [onOpen])

  useEffect(() => {
    if (!open) return
    input.current?.focus()
    input.current?.select()
    const place = () => {
      const rect = anchor.current?.getBoundingClientRect()
      if (rect) setCorner({ top: Math.round(rect.top + 8), right: Math.round(window.innerWidth - rect.right + 24) })
    }
    place()
    window.addEventListener('resize', place)
    return () => window.removeEventListener('resize', place)
  }, [open, anchor])

  useEffect(() => {
    if (!open || !live) return
    let frame = 0
    const changed = () => {
      if (!frame) {
        frame = requestAnimationFrame(() => {
          frame = 0
          setVersion((v) => v + 1)
        })
      }
    }
    const stopDoc = observeWorkbook(live.workbook, changed)
    const stopValues = live.mirror.onRecalculated(changed)
    return () => {
      cancelAnimationFrame(frame)
      stopDoc()
      stopValues()
    }
  }, [open, live])

  const matches = useMemo(() => {
    if (!open || !live || !query.trim()) return []
    // `version` is read so the memo follows edits and recalculation.
    void version
    return findMatches(searchCells(live.workbook, live.mirror, sheets, locale), query)
  }, [open, live, sheets, locale, query, version])

  // The grid shows a newly chosen sheet in its own effect, which runs after this component's: select a frame later.
  useEffect(() => {
    if (!pending || pending.sheetId !== activeSheet) return
    const frame = requestAnimationFrame(() => {
      grid.current?.revealCell(pending.row, pending.col)
      // Showing another sheet moves the focus; the box keeps it, so Enter goes on.
      input.current?.focus()
      setPending(null)
    })
    return () => cancelAnimationFrame(frame)
  }, [pending, activeSheet, grid])

  const selectedPlace = (): SearchPlace | null => {
    if (!live || !selected) return null
    const sheetIndex = sheets.findIndex((s) => s.id === selected.sheetId)
    const sheet = getSheetGrid(live.workbook, selected.sheetId)
    const row = sheet.rowIds.indexOf(selected.rowId)
    const col = sheet.colIds.indexOf(selected.colId)
    return sheetIndex >= 0 && row >= 0 && col >= 0 ? { sheetIndex, row, col } : null
  }

  const step = (direction: 1 | -1) => {
    const next = stepMatch(matches, current, current >= 0 ? null : selectedPlace(), direction)
    setCurrent(next)
    const match = matches[next]
    if (!match) return
    if (match.sheetId === activeSheet) grid.current?.revealCell(match.row, match.col)
    else {
      setPending({ sheetId: match.sheetId, row: match.row, col: match.col })
      setActiveSheet(match.sheetId)
    }
  }

  // F3 and Shift+F3 go on from anywhere while the box is open, as in Excel.
  const stepRef = useRef(step)
  stepRef.current = step
  useEffect(() => {
    if (!open) return
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'F3') return
      event.preventDefault()
      event.stopPropagation()
      stepRef.current(event.shiftKey ? -1 : 1)
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [open])

  const close = () => {
    onClose()
    grid.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // The grid listens on the document: keys typed here are the search's alone.
    event.nativeEvent.stopPropagation()
    if (event.key === 'Enter') {
      event.preventDefault()
      step(event.shiftKey ? -1 : 1)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      close()
    }
  }

  if (!open) return null
  const s = t.search
  const count = matches.length
  const status = !query.trim()
    ? ''
    : count === 0
      ? s.none
      : current >= 0 && current < count
        ? s.position(current + 1, count)
        : s.found(count)
  return (
    <search className="sp-search" data-testid="search" style={{ top: corner.top, right: corner.right }}>
      <input
        ref={input}
        type="search"
        aria-label={s.label}
        placeholder={s.placeholder}
        data-testid="search-input"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setCurrent(-1)
        }}
        onKeyDown={onKeyDown}
      />
      <output className="sp-search-status" data-testid="search-status" aria-live="polite">
        {status}
      </output>
      <button
        type="button"
        aria-label={s.previous}
        title={s.previous}
        disabled={count === 0}
        onClick={() => step(-1)}
        data-testid="search-previous"
      >
        ↑
      </button>
      <button type="button" aria-label={s.next} title={s.next} disabled={count === 0} onClick={() => step(1)} data-testid="search-next">
        ↓
      </button>
      <button type="button" aria-label={s.close} title={s.close} onClick={close} data-testid="search-close">
        ×
      </button>
    </search>
  )
}
