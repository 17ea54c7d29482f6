import { columnLetters } from '../formula/a1'
import { toEngineFormula } from '../input/text'
import { positionsOf } from '../model/positions'
import { listSheets } from '../model/read'
import { isFormula, sheetRoots, splitCellKey, type CellInput, type Workbook } from '../model/workbook'
import type { ColumnSpec } from '../schema/sheet'

/** One cell that differs between two states of a workbook. */
export interface CellDifference {
  sheetId: string
  sheetName: string
  rowId: string
  colId: string
  /** Where the cell is in the newer state (or the older one when it is gone there). */
  a1: string
  /** Inputs as people read them: numbers, texts, formulas in English A1; null when empty. */
  from: CellInput
  to: CellInput
  /**
   * The column's spec in the newer state (the older one's when the column is gone there), so
   * the UI formats the figures as the grid does (SPEC V8); null when the column has no spec.
   */
  column: ColumnSpec | null
}

/**
 * Cell-by-cell comparison of two states of one workbook (same lineage, so
 * the same stable ids): what changed from `older` to `newer`.
 */
export function compareWorkbooks(older: Workbook, newer: Workbook): CellDifference[] {
  const out: CellDifference[] = []
  const sheets = new Map<string, string>()
  for (const s of listSheets(older)) sheets.set(s.id, s.name)
  for (const s of listSheets(newer)) sheets.set(s.id, s.name)
  for (const [sheetId, sheetName] of sheets) {
    const a = sheetRoots(older, sheetId)
    const b = sheetRoots(newer, sheetId)
    const keys = new Set([...a.cells.keys(), ...b.cells.keys()])
    for (const key of keys) {
      const rawFrom = a.cells.get(key)
      const rawTo = b.cells.get(key)
      // Stored inputs are compared: a formula whose A1 text moved with an inserted row is unchanged.
      if (rawFrom === rawTo) continue
      const from = readable(older, sheetId, rawFrom)
      const to = readable(newer, sheetId, rawTo)
      const { rowId, colId } = splitCellKey(key)
      const inNewer = position(newer, sheetId, rowId, colId)
      const a1 = inNewer ?? position(older, sheetId, rowId, colId)
      if (a1 === null) continue // cells of rows or columns deleted in both states
      const column = (inNewer !== null ? b : a).colSpecs.get(colId) ?? null
      out.push({ sheetId, sheetName, rowId, colId, a1, from, to, column })
    }
  }
  return out.sort((x, y) => x.sheetName.localeCompare(y.sheetName, 'sv') || x.a1.localeCompare(y.a1, 'en', { numeric: true }))
}

function readable(wb: Workbook, sheetId: string, input: CellInput | undefined): CellInput {
  if (input === undefined) return null
  return isFormula(input) ? toEngineFormula(wb, sheetId, input) : input
}

function position(wb: Workbook, sheetId: string, rowId: string, colId: string): string | null {
  const r = sheetRoots(wb, sheetId)
  const row = positionsOf(wb, r.rows).index.get(rowId)
  const col = positionsOf(wb, r.cols).index.get(colId)
  return row === undefined || col === undefined ? null : `${columnLetters(col)}${row + 1}`
}
