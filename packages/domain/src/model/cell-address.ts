import { columnIndex, columnLetters } from '../formula/a1'
import { positionsOf } from './positions'
import { effectiveSheetNames, findSheetByName, hasSheet } from './read'
import { sheetRoots, type ColId, type RowId, type SheetId, type Workbook } from './workbook'

/** Where a cell is now, for people: sheet name and A1. */
export interface CellAddress {
  sheetId: SheetId
  sheetName: string
  a1: string
}

/** The current sheet name and A1 of a cell by ids; undefined when its sheet, row or column is gone. */
export function describeCell(wb: Workbook, sheetId: SheetId, rowId: RowId, colId: ColId): CellAddress | undefined {
  if (!hasSheet(wb, sheetId)) return undefined
  const roots = sheetRoots(wb, sheetId)
  const row = positionsOf(wb, roots.rows).index.get(rowId)
  const col = positionsOf(wb, roots.cols).index.get(colId)
  if (row === undefined || col === undefined) return undefined
  // The names alone: the server names the cells of every update it audits.
  const sheetName = effectiveSheetNames(wb).get(sheetId) ?? ''
  return { sheetId, sheetName, a1: `${columnLetters(col)}${row + 1}` }
}

/** Ids of the cell a person names as `Sheet!A1` (or `'Sheet name'!A1`); undefined when there is none. */
export function resolveCellAddress(
  wb: Workbook,
  address: string,
): { sheetId: SheetId; rowId: RowId; colId: ColId } | undefined {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address.trim())
  if (!m) return undefined
  const name = (m[1] ?? m[2] ?? '').replace(/''/g, "'")
  const sheet = findSheetByName(wb, name)
  if (!sheet) return undefined
  const col = columnIndex(m[3] as string)
  const row = Number(m[4]) - 1
  const roots = sheetRoots(wb, sheet.id)
  const rowId = positionsOf(wb, roots.rows).ids[row]
  const colId = positionsOf(wb, roots.cols).ids[col]
  return rowId && colId ? { sheetId: sheet.id, rowId, colId } : undefined
}
