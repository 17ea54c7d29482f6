import { getCellInput, renderInput, type FormulaLocale, type SheetGrid, type Workbook } from '@samplan/domain'

const DEFAULT_COLUMN_WIDTH = 110

export interface SheetLayout {
  fixedRowsTop: number
  fixedColumnsStart: number
  colWidths: number[]
  mergeCells: Array<{ row: number; col: number; rowspan: number; colspan: number }>
}

/**
 * Handsontable settings that follow the sheet: frozen header rows, the frozen label column,
 * column widths, and note and section rows spanning the sheet. `texts` are the editor texts of
 * the same grid: a section row is merged only while nothing but its label is filled in.
 */
export function sheetLayout(grid: SheetGrid, texts: readonly (readonly string[])[]): SheetLayout {
  const width = grid.colIds.length
  const spanning = grid.rows.flatMap((r, i) => {
    if (r.kind === 'note') return [i]
    if (r.kind === 'section' && (texts[i] ?? []).every((text, col) => col === 0 || text === '')) return [i]
    return []
  })
  return {
    fixedRowsTop: grid.sheet.frozenRows,
    // As in Excel's frozen panes: the row labels stay in view on a wide sheet.
    fixedColumnsStart: width > 1 && grid.columns[0]?.type === 'text' ? 1 : 0,
    colWidths: grid.columns.map((c) => c.width ?? DEFAULT_COLUMN_WIDTH),
    // Notes (Källa lines, printed-vs-formula remarks) and section titles span the sheet instead of widening column A.
    mergeCells: width > 1 ? spanning.map((row) => ({ row, col: 0, rowspan: 1, colspan: width })) : [],
  }
}

/** Every cell's input as its editor shows it (formulas in the locale's language), row by row. */
export function editorTexts(workbook: Workbook, grid: SheetGrid, locale: FormulaLocale): string[][] {
  const sheetId = grid.sheet.id
  return grid.rowIds.map((rowId) =>
    grid.colIds.map((colId) => renderInput(workbook, sheetId, getCellInput(workbook, sheetId, rowId, colId) ?? null, locale)),
  )
}

export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i])
}
