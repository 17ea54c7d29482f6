import {
  type Api,
  applyImportPlan,
  type ColumnSpec,
  formatRecordedInput,
  getSheetGrid,
  ImportPlanOutdatedError,
  type ImportSheetPlan,
  type ImportTargets,
  listSheets,
  Origin,
  type Workbook,
} from '@samplan/domain'
import { useEffect, useRef, useState } from 'react'
import { useDialogFocus } from '../dialogs/dialog-focus'
import type { WorkbookApi } from '../../api/endpoints'
import type { UiLocale } from '../i18n'
import { type ImportTexts, importTexts } from './import-texts'

interface Props {
  api: WorkbookApi
  /** The live workbook the plan is applied to, as this user's own edit. */
  workbook: Workbook
  file: File
  locale: UiLocale
  /** Closed: `message` says what was imported, or null when cancelled. */
  onClose: (message: string | null) => void
}

/** The table shows this many lines; the counts above it cover everything. */
const MAX_LINES = 300

interface Line {
  key: string
  sheet: string
  row: string
  column: string
  change: string
  locked: boolean
  added: boolean
}

function columnSpecs(workbook: Workbook, sheet: ImportSheetPlan): ReadonlyArray<ColumnSpec | undefined> {
  if (sheet.target.kind === 'new') return sheet.target.columns
  const target = sheet.target
  if (target.kind === 'sheet' && listSheets(workbook).some((s) => s.id === target.sheetId))
    return getSheetGrid(workbook, target.sheetId).columns
  return []
}

/** Every change of the plan as a line of the preview: sheet, row label, column, old → new. */
function linesOf(workbook: Workbook, plan: Api.ImportPreview['plan'], t: ImportTexts, locale: UiLocale): Line[] {
  const lines: Line[] = []
  const show = (value: Api.RecordedInput, spec: ColumnSpec | null | undefined) =>
    formatRecordedInput(value, spec ?? undefined, locale) || '—'
  for (const sheet of plan.sheets) {
    if (sheet.target.kind === 'skip') continue
    const name = sheet.target.name
    for (const c of sheet.changes) {
      lines.push({
        key: `${sheet.fileIndex}:${c.rowId}:${c.colId}`,
        sheet: name,
        row: c.rowLabel || t.rowNumber(c.row),
        column: c.column,
        change: `${show(c.old, c.spec)} → ${show(c.new, c.spec)}`,
        locked: c.locked,
        added: false,
      })
    }
    const specs = columnSpecs(workbook, sheet)
    sheet.addedRows.forEach((row, r) => {
      lines.push({
        key: `${sheet.fileIndex}:added:${r}`,
        sheet: name,
        row: row.label || '—',
        column: t.added,
        change: row.cells
          .filter((c) => c.col > 0)
          .map((c) => show(c.new, specs[c.col]))
          .join('; '),
        locked: sheet.rowsLocked,
        added: true,
      })
    })
  }
  return lines
}

function targetValue(sheet: ImportSheetPlan): string {
  return sheet.target.kind === 'sheet' ? sheet.target.sheetId : sheet.target.kind
}

/**
 * The preview of an xlsx import (domain SPEC IM1-IM10): per sheet of the file its target
 * (a sheet of the workbook, a new sheet or none) and what changes, every changed cell old →
 * new with locked ones marked, and "Importera", which writes it all as one undoable edit.
 */
export function ImportDialog({ api, workbook, file, locale, onClose }: Props) {
  const t = importTexts(locale)
  const [targets, setTargets] = useState<ImportTargets>({})
  // Bumped to ask the server for a new plan with the same targets.
  const [generation, setGeneration] = useState(0)
  const [preview, setPreview] = useState<Api.ImportPreview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const dialog = useRef<HTMLDivElement>(null)
  const onDialogKey = useDialogFocus(dialog, () => onClose(null))

  useEffect(() => {
    let current = true
    setLoading(true)
    api
      .importPlan(file, targets)
      .then((answer) => {
        if (current) setPreview(answer)
      })
      .catch((e: Error) => current && setError(`${t.failed}: ${e.message}`))
      .finally(() => current && setLoading(false))
    return () => {
      current = false
    }
  }, [api, file, targets, t, generation])

  const totals = preview?.plan.totals
  const nothing = !totals || totals.cellsChanged + totals.rowsAdded + totals.sheetsAdded === 0
  const lines = preview ? linesOf(workbook, preview.plan, t, locale) : []
  const sheets = listSheets(workbook)

  const apply = () => {
    if (!preview) return
    try {
      const applied = applyImportPlan(workbook, preview.plan, Origin.LocalEdit)
      onClose(t.applied(applied.cells, applied.rows))
    } catch (e) {
      if (e instanceof ImportPlanOutdatedError) {
        setError(t.outdated(e.sheetName))
        setGeneration((g) => g + 1)
      } else setError(`${t.failed}: ${(e as Error).message}`)
    }
  }

  return (
    <div
      className="sp-dialog sp-import-dialog"
      role="dialog"
      aria-label={t.title(file.name)}
      data-testid="import-dialog"
      tabIndex={-1}
      ref={dialog}
      onKeyDown={onDialogKey}
    >
      <div className="sp-dialog-head">
        <h2>{t.title(file.name)}</h2>
        <button type="button" onClick={() => onClose(null)}>
          {t.cancel}
        </button>
      </div>
      {error && (
        <p className="sp-export-error" role="alert">
          {error}
        </p>
      )}
      {loading && !preview && <p role="status">{t.reading}</p>}
      {preview && totals && (
        <>
          <p role="status" data-testid="import-summary" aria-busy={loading}>
            <strong>{nothing ? t.noChanges : t.summary(totals.cellsChanged, totals.rowsAdded, totals.sheetsAdded)}</strong>
          </p>
          {totals.locked > 0 && <p className="sp-muted">{t.locked(totals.locked)}</p>}
          {preview.plan.sheets.some((s) => s.rowsLocked && s.addedRows.length > 0) && <p className="sp-muted">{t.rowsLocked}</p>}
          {preview.neutralised.length > 0 && <p className="sp-muted">{t.neutralised(preview.neutralised.length)}</p>}
          <table className="sp-table" data-testid="import-sheets">
            <thead>
              <tr>
                <th>{t.fileSheet}</th>
                <th>{t.target}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {preview.plan.sheets.map((sheet) => (
                <tr key={sheet.fileIndex} data-testid={`import-sheet-${sheet.fileName}`}>
                  <td>{sheet.fileName}</td>
                  <td>
                    <select
                      aria-label={`${t.target}: ${sheet.fileName}`}
                      value={targetValue(sheet)}
                      disabled={loading}
                      onChange={(e) => {
                        setError(null)
                        setTargets((old) => ({ ...old, [String(sheet.fileIndex)]: e.target.value }))
                      }}
                    >
                      {sheets.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name}
                        </option>
                      ))}
                      <option value="new">{t.newSheet}</option>
                      <option value="skip">{t.skip}</option>
                    </select>
                  </td>
                  <td>
                    {sheet.target.kind === 'skip'
                      ? '—'
                      : t.sheetCounts(sheet.changes.filter((c) => !c.locked).length, sheet.addedRows.length)}
                    {sheet.skippedColumns.length > 0 && <div className="sp-muted">{t.skipped(sheet.skippedColumns.join(', '))}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {lines.length > 0 && (
            <table className="sp-table" data-testid="import-changes">
              <thead>
                <tr>
                  <th>{t.sheet}</th>
                  <th>{t.row}</th>
                  <th>{t.column}</th>
                  <th>{t.change}</th>
                </tr>
              </thead>
              <tbody>
                {lines.slice(0, MAX_LINES).map((line) => (
                  <tr key={line.key} className={line.locked ? 'sp-muted' : undefined}>
                    <td>{line.sheet}</td>
                    <td>{line.row}</td>
                    <td>{line.column}</td>
                    <td>
                      {line.change}
                      {line.locked && <strong> ({t.lockedMark})</strong>}
                    </td>
                  </tr>
                ))}
                {lines.length > MAX_LINES && (
                  <tr>
                    <td colSpan={4}>{t.more(lines.length - MAX_LINES)}</td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
        </>
      )}
      <div className="sp-row">
        <button type="button" data-testid="import-apply" disabled={!preview || nothing || loading} onClick={apply}>
          {t.apply}
        </button>
        <button type="button" onClick={() => onClose(null)}>
          {t.cancel}
        </button>
      </div>
    </div>
  )
}
