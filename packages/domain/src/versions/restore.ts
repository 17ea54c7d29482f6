import { invalidatePositions, positionsOf } from '../model/positions'
import { listSheets } from '../model/read'
import { sheetRoots, type Workbook } from '../model/workbook'
import { deleteColumns, deleteRows } from '../operations/structure'
import { Origin } from '../origin'

/** What a restore did; rows deleted since the version are not brought back (new ids would break history). */
export interface RestoreSummary {
  changedCells: number
  removedRows: number
  removedColumns: number
  /** Rows of the version that no longer exist in the workbook. */
  missingRows: number
  /** The cells the restore rewrote, for the audit trail. */
  cells: Array<{ sheetId: string; rowId: string; colId: string }>
}

/**
 * Brings `target` back to the cell inputs of `version` as one new change
 * (never a rewrite of history): rows and columns added since the version are
 * removed, every cell of the rows and columns both share gets the version's input.
 */
export function planRestore(target: Workbook, version: Workbook): { apply: () => void; summary: RestoreSummary } {
  const summary: RestoreSummary = { changedCells: 0, removedRows: 0, removedColumns: 0, missingRows: 0, cells: [] }
  const steps: Array<() => void> = []
  const versionSheets = new Set(listSheets(version).map((s) => s.id))
  for (const sheet of listSheets(target)) {
    if (!versionSheets.has(sheet.id)) continue
    const now = sheetRoots(target, sheet.id)
    const then = sheetRoots(version, sheet.id)
    const thenRows = positionsOf(version, then.rows).index
    const thenCols = positionsOf(version, then.cols).index
    const nowRows = positionsOf(target, now.rows).ids
    const nowCols = positionsOf(target, now.cols).ids
    summary.missingRows += [...thenRows.keys()].filter((id) => !nowRows.includes(id)).length
    const extraRows = nowRows.map((id, i) => ({ id, i })).filter(({ id }) => !thenRows.has(id))
    const extraCols = nowCols.map((id, i) => ({ id, i })).filter(({ id }) => !thenCols.has(id))
    summary.removedRows += extraRows.length
    summary.removedColumns += extraCols.length
    const keys = new Set([...now.cells.keys(), ...then.cells.keys()])
    const writes: Array<[string, unknown]> = []
    for (const key of keys) {
      const sep = key.indexOf(':')
      const rowId = key.slice(0, sep)
      const colId = key.slice(sep + 1)
      if (!thenRows.has(rowId) || !thenCols.has(colId) || !nowRows.includes(rowId) || !nowCols.includes(colId)) continue
      const want = then.cells.get(key)
      if (JSON.stringify(want) === JSON.stringify(now.cells.get(key))) continue
      writes.push([key, want])
      summary.cells.push({ sheetId: sheet.id, rowId, colId })
    }
    summary.changedCells += writes.length
    steps.push(() => {
      for (const [key, value] of writes) {
        if (value === undefined) now.cells.delete(key)
        else now.cells.set(key, value as never)
      }
      // Through the domain operations, so deleted rows leave tombs and ranges shrink as for any delete.
      // From the end, so earlier indices stay valid.
      for (const { i } of extraRows.reverse()) deleteRows(target, sheet.id, i, 1, Origin.Restore)
      for (const { i } of extraCols.reverse()) deleteColumns(target, sheet.id, i, 1, Origin.Restore)
    })
  }
  return {
    summary,
    apply: () =>
      target.doc.transact(() => {
        invalidatePositions(target)
        for (const step of steps) step()
      }, Origin.Restore),
  }
}
