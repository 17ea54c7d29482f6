import { deleteColumns, deleteRows, insertColumns, insertRows, Origin, type ColumnSpec, type SheetGrid, type Workbook } from '@samplan/domain'

/** The row and column commands of the grid's context menu. */
export type StructureCommand = 'row-above' | 'row-below' | 'remove-rows' | 'col-left' | 'col-right' | 'remove-cols'

/** What this module reads of Handsontable's selected range (`getSelectedRangeLast()`). */
export interface SelectedRange {
  from: { row: number | null; col: number | null }
  to: { row: number | null; col: number | null }
}

/** The rows and columns a selection covers; a header click selects a whole row or column with a -1 corner. */
export function selectionBounds({ from, to }: SelectedRange): { top: number; bottom: number; left: number; right: number } {
  return {
    top: Math.max(0, Math.min(from.row ?? 0, to.row ?? 0)),
    bottom: Math.max(from.row ?? 0, to.row ?? 0),
    left: Math.max(0, Math.min(from.col ?? 0, to.col ?? 0)),
    right: Math.max(from.col ?? 0, to.col ?? 0),
  }
}

/** A new column copies the spec of the column it is inserted beside, without its label. */
const FALLBACK_COLUMN: ColumnSpec = { label: '', type: 'number', editable: 'ekonom' }

/**
 * A context-menu command as a domain operation on the selection (Handsontable's own row
 * handling is not used: the Y.Doc decides, and every client redraws from it).
 */
export function runStructureCommand(workbook: Workbook, grid: SheetGrid, range: SelectedRange, command: StructureCommand): void {
  const { top, bottom, left, right } = selectionBounds(range)
  const sheetId = grid.sheet.id
  const newColumn = { ...(grid.columns[left] ?? FALLBACK_COLUMN), label: '' }
  switch (command) {
    case 'row-above':
      return void insertRows(workbook, sheetId, top, 1, undefined, Origin.LocalEdit)
    case 'row-below':
      return void insertRows(workbook, sheetId, bottom + 1, 1, undefined, Origin.LocalEdit)
    case 'remove-rows':
      return deleteRows(workbook, sheetId, top, bottom - top + 1, Origin.LocalEdit)
    case 'col-left':
      return void insertColumns(workbook, sheetId, left, [newColumn], Origin.LocalEdit)
    case 'col-right':
      return void insertColumns(workbook, sheetId, right + 1, [newColumn], Origin.LocalEdit)
    case 'remove-cols':
      return deleteColumns(workbook, sheetId, left, right - left + 1, Origin.LocalEdit)
  }
}
