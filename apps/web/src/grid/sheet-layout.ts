import { getCellInput, renderInput, type FormulaLocale, type SheetGrid, type Workbook } from '@samplan/domain'

const DEFAULT_COLUMN_WIDTH = 110

/** Handsontable settings that follow the sheet: frozen header rows, column widths, note rows spanning the sheet. */
export function sheetLayout(grid: SheetGrid): {
  fixedRowsTop: number
  colWidths: number[]
  mergeCells: Array<{ row: number; col: number; rowspan: number; colspan: number }>
} {
  // Notes (Källa lines, printed-vs-formula remarks) span the sheet instead of widening column A.
  const noteRows = grid.rows.flatMap((r, i) => (r.kind === 'note' ? [i] : []))
  return {
    // Header rows are frozen; column A is not, because a note row spans it (Handsontable cannot
    // draw a merged cell across the frozen-column boundary).
    fixedRowsTop: grid.sheet.frozenRows,
    colWidths: grid.columns.map((c) => c.width ?? DEFAULT_COLUMN_WIDTH),
    mergeCells: grid.colIds.length > 1 ? noteRows.map((row) => ({ row, col: 0, rowspan: 1, colspan: grid.colIds.length })) : [],
  }
}

/** Every cell's input as its editor shows it (formulas in the locale's language), row by row. */
export function editorTexts(workbook: Workbook, grid: SheetGrid, locale: FormulaLocale): string[][] {
  const sheetId = grid.sheet.id
  return grid.rowIds.map((rowId) => grid.colIds.map((colId) => renderInput(workbook, sheetId, getCellInput(workbook, sheetId, rowId, colId) ?? null, locale)))
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i])
}
