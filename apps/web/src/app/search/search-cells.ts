import { getCellInput, getSheetGrid, type FormulaLocale, type SheetInfo, type Workbook } from '@samplan/domain'
import type { WorkbookMirror } from '@samplan/formulas'
import { cellText } from '../../grid/cell-view'
import type { SearchCell } from './search-index'

/**
 * Every non-empty cell of every sheet with the text the grid shows for it: computed values from
 * this client's mirror in the locale's formats (`20 684,1`), labels and text as typed.
 */
export function searchCells(workbook: Workbook, mirror: WorkbookMirror, sheets: readonly SheetInfo[], locale: FormulaLocale): SearchCell[] {
  const cells: SearchCell[] = []
  sheets.forEach((sheet, sheetIndex) => {
    const grid = getSheetGrid(workbook, sheet.id)
    const values = mirror.getSheetValues(sheet.id)
    grid.rowIds.forEach((rowId, row) => {
      grid.colIds.forEach((colId, col) => {
        const input = getCellInput(workbook, sheet.id, rowId, colId)
        const text = cellText(values[row]?.[col], grid.columns[col], grid.rows[row], input, locale)
        if (text !== '') cells.push({ sheetId: sheet.id, sheetIndex, row, col, text })
      })
    })
  })
  return cells
}
