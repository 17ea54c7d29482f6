import {
  addSheet,
  getSheetGrid,
  initWorkbook,
  insertRows,
  openWorkbook,
  type ColumnSpec,
  type Workbook,
} from '@samplan/domain'
import * as Y from 'yjs'

/** A plain number column. */
export const NUMBER_COLUMN: ColumnSpec = { label: 'Belopp', type: 'number', editable: 'ekonom' }

/** A fresh workbook in its own Y.Doc. */
export function createWorkbook(): Workbook {
  const wb = openWorkbook(new Y.Doc())
  initWorkbook(wb, { title: 'Test' })
  return wb
}

/** Adds a sheet of `rows` x `cols` empty cells; returns its id. */
export function addGridSheet(wb: Workbook, name: string, rows: number, cols: number): string {
  const sheetId = addSheet(wb, { name, kind: 'generic', columns: Array.from({ length: cols }, () => NUMBER_COLUMN) })
  insertRows(wb, sheetId, 0, rows)
  return sheetId
}

/** Row and column ids of a 0-based position. */
export function idsAt(wb: Workbook, sheetId: string, row: number, col: number): { rowId: string; colId: string } {
  const grid = getSheetGrid(wb, sheetId)
  const rowId = grid.rowIds[row]
  const colId = grid.colIds[col]
  if (rowId === undefined || colId === undefined) throw new Error(`no cell at ${row},${col}`)
  return { rowId, colId }
}
