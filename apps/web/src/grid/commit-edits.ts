import type Handsontable from 'handsontable/base'
import { Origin, setCellFromText, type CellRef, type FormulaLocale, type SheetGrid, type Workbook } from '@samplan/domain'

/**
 * Writes what Handsontable reports as changed (typed, pasted from outside, cleared) into the doc
 * as the domain's text input, in one transaction (one undo step), and only into cells the user
 * may change. `written` hears of each cell as it is stored. Returns the cell when exactly one
 * was changed, so the grid can say at once what is wrong with it.
 */
export function commitEdits(
  workbook: Workbook,
  grid: SheetGrid,
  changes: readonly Handsontable.CellChange[],
  options: { locale: FormulaLocale; canEdit: (grid: SheetGrid, row: number, col: number) => boolean; written: (cell: CellRef) => void },
): CellRef | undefined {
  const sheetId = grid.sheet.id
  const at = ([row, prop]: Handsontable.CellChange) => {
    const col = typeof prop === 'number' ? prop : Number(prop)
    const rowId = grid.rowIds[row]
    const colId = grid.colIds[col]
    return rowId === undefined || colId === undefined ? undefined : { row, col, cell: { sheetId, rowId, colId } }
  }
  workbook.doc.transact(() => {
    for (const change of changes) {
      const target = at(change)
      if (!target || !options.canEdit(grid, target.row, target.col)) continue
      const next = change[3]
      const text = next === null || next === undefined ? '' : String(next)
      setCellFromText(workbook, sheetId, target.cell.rowId, target.cell.colId, text, options.locale, Origin.LocalEdit)
      options.written(target.cell)
    }
  }, Origin.LocalEdit)
  const [only] = changes.length === 1 ? changes : []
  return only ? at(only)?.cell : undefined
}
