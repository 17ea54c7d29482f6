import { useEffect, useState } from 'react'
import { formatRecordedInput, getCellInput, getSheetGrid, type CellInput, type ColumnSpec, type Workbook } from '@samplan/domain'
import type { SelectedCell } from '../grid/workbook-grid'
import { messages, type UiLocale } from './i18n'

interface Entry {
  seq: number
  userName: string | null
  at: string
  address: string | null
  old: unknown
  new: unknown
}

interface Props {
  workbookId: string
  workbook: Workbook
  cell: SelectedCell
  token: string
  locale: UiLocale
}

/** The selected cell's audit trail from the server: who changed it, when, from what to what. */
export function HistoryPanel({ workbookId, workbook, cell, token, locale }: Props) {
  const t = messages(locale)
  const [entries, setEntries] = useState<Entry[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const load = () => {
      const query = new URLSearchParams({ sheetId: cell.sheetId, rowId: cell.rowId, colId: cell.colId })
      fetch(`/api/workbooks/${workbookId}/history?${query}`, { headers: { authorization: `Bearer ${token}` } })
        .then(async (res) => {
          const body = (await res.json()) as { entries?: Entry[]; message?: string }
          if (cancelled) return
          if (!res.ok) return setError(body.message ?? String(res.status))
          setError(null)
          setEntries(body.entries ?? [])
        })
        .catch((err: Error) => !cancelled && setError(err.message))
    }
    load()
    // Reload shortly after the cell changes (the server writes the entry before relaying).
    let last = getCellInput(workbook, cell.sheetId, cell.rowId, cell.colId)
    const onChange = () => {
      const now = getCellInput(workbook, cell.sheetId, cell.rowId, cell.colId)
      if (now === last) return
      last = now
      clearTimeout(timer)
      timer = setTimeout(load, 300)
    }
    workbook.doc.on('afterTransaction', onChange)
    return () => {
      cancelled = true
      clearTimeout(timer)
      workbook.doc.off('afterTransaction', onChange)
    }
  }, [workbookId, workbook, cell.sheetId, cell.rowId, cell.colId, token])

  // As the grid shows the figure: the column's format, hyphen-minus, formulas in the locale (domain SPEC V8).
  const column = columnOf(workbook, cell)
  const show = (v: unknown) => formatRecordedInput(v as CellInput, column, locale) || '—'
  const time = (iso: string) =>
    new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'short', timeStyle: 'medium' })

  return (
    <div className="sp-history" data-testid="history">
      {error && <p className="sp-error-text">{error}</p>}
      {entries && entries.length === 0 && <p className="sp-muted">{t.noHistory}</p>}
      {entries?.map((e) => (
        <div key={`${e.seq}-${e.at}`} className="sp-history-entry">
          <div className="sp-comment-meta">
            <strong>{e.userName ?? '—'}</strong> <span className="sp-muted">{time(e.at)}</span>
          </div>
          <div>
            {show(e.old)} → {show(e.new)}
          </div>
        </div>
      ))}
    </div>
  )
}

/** The selected cell's column spec now; undefined when its sheet or column is gone. */
function columnOf(workbook: Workbook, cell: SelectedCell): ColumnSpec | undefined {
  try {
    const grid = getSheetGrid(workbook, cell.sheetId)
    return grid.columns[grid.colIds.indexOf(cell.colId)]
  } catch {
    return undefined
  }
}
