import { addChart } from '../charts/charts'
import { chartFromTemplate } from '../charts/chart-template'
import { InvalidTemplateError, WorkbookNotEmptyError } from '../errors'
import { formulaFromA1 } from '../input/text'
import { cellKey, nextId, sheetOrder, sheetRoots, workbookMap, type Workbook } from '../model/workbook'
import { Origin } from '../origin'
import { WorkbookTemplate } from '../schema/template'
import { addSheet } from './sheets'
import { insertRows } from './structure'

/**
 * Fills an empty workbook from a template in one transaction with Origin.Seed:
 * sheets, columns, rows, values, formulas (canonical A1, converted with
 * formulaFromA1 once every sheet exists, so cross-sheet references resolve by
 * name) and row notes, kept as a note on the row's first cell (SPEC T1-T3).
 * Throws InvalidTemplateError, WorkbookNotEmptyError.
 */
export function applyTemplate(wb: Workbook, template: WorkbookTemplate): void {
  const parsed = WorkbookTemplate.safeParse(template)
  if (!parsed.success) throw new InvalidTemplateError(parsed.error.message)
  if (sheetOrder(wb).length > 0) throw new WorkbookNotEmptyError()
  const t = parsed.data
  wb.doc.transact(() => {
    const info = workbookMap(wb)
    info.set('title', t.title)
    if (info.get('epoch') === undefined) info.set('epoch', `${nextId(wb)}${nextId(wb)}`)
    if (info.get('status') === undefined) info.set('status', 'utkast')
    const created = t.sheets.map((sheet) => {
      const id = addSheet(wb, {
        name: sheet.name,
        kind: sheet.kind,
        columns: sheet.columns,
        frozenRows: sheet.frozenRows,
        ...(sheet.source !== undefined ? { source: sheet.source } : {}),
      })
      const rowIds = insertRows(
        wb,
        id,
        0,
        sheet.rows.length,
        sheet.rows.map(({ kind, omrade }) => (omrade !== undefined ? { kind, omrade } : { kind })),
      )
      return { id, rowIds, colIds: sheetRoots(wb, id).cols.toArray() }
    })
    t.sheets.forEach((sheet, s) => {
      const { id, rowIds, colIds } = created[s]!
      const roots = sheetRoots(wb, id)
      sheet.rows.forEach((row, r) => {
        const rowId = rowIds[r]!
        row.cells.forEach((cell, c) => {
          const colId = colIds[c]
          if (cell === null || colId === undefined) return
          const input = typeof cell === 'string' && cell.startsWith('=') ? formulaFromA1(wb, id, cell) : cell
          roots.cells.set(cellKey(rowId, colId), input)
        })
        if (row.note !== undefined && colIds[0] !== undefined) roots.notes.set(cellKey(rowId, colIds[0]), row.note)
      })
      for (const chart of sheet.charts ?? []) addChart(wb, id, chartFromTemplate(chart, rowIds, colIds), Origin.Seed)
    })
  }, Origin.Seed)
}
