import { useEffect, useState } from 'react'
import { formatRecordedInput, getSheetGrid, observeWorkbook, type Api, type ColumnSpec, type Workbook } from '@samplan/domain'
import type { WorkbookApi } from '../../api/endpoints'
import type { SelectedCell } from '../../grid/workbook-grid'
import { messages, type UiLocale } from '../i18n'

interface Props {
  api: WorkbookApi
  workbook: Workbook
  /** Resolves once the server has recorded this user's changes so far. */
  whenServerHas: () => Promise<void>
  cell: SelectedCell
  locale: UiLocale
}

/** The selected cell's audit trail from the server: who changed it, when, from what to what. */
export function HistoryPanel({ api, workbook, whenServerHas, cell, locale }: Props) {
  const t = messages(locale)
  const [entries, setEntries] = useState<Api.HistoryEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const target = { sheetId: cell.sheetId, rowId: cell.rowId, colId: cell.colId }
    let latest = 0
    const load = () => {
      // Only the newest request's answer is shown: an older one may arrive after it.
      const request = ++latest
      api
        .history(target)
        .then(({ entries }) => {
          if (request !== latest) return
          setError(null)
          setEntries(entries)
        })
        .catch((err: Error) => request === latest && setError(err.message))
    }
    load()
    const stop = observeWorkbook(workbook, (change) => {
      if (!change.cells.some((c) => c.sheetId === target.sheetId && c.rowId === target.rowId && c.colId === target.colId)) return
      // The server records a change before relaying it, so a colleague's is in the trail already;
      // my own is there once the server has taken it.
      if (change.local) void whenServerHas().then(load)
      else load()
    })
    return () => {
      latest = -1
      stop()
    }
  }, [api, workbook, whenServerHas, cell.sheetId, cell.rowId, cell.colId])

  // As the grid shows the figure: the column's format, hyphen-minus, formulas in the locale (domain SPEC V8).
  const column = columnOf(workbook, cell)
  const show = (v: Api.RecordedInput) => formatRecordedInput(v, column, locale) || '—'
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
