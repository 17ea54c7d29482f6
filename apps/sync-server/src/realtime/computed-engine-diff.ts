import type { Api } from '@samplan/domain'

/** A sheet's values as last answered, by `rowId` and `colId`, with the state they were computed at. */
export interface AnsweredSheet {
  stateVector: string
  values: Map<string, Api.ComputedValue>
}

const cellKey = (rowId: string, colId: string) => `${rowId}\u0000${colId}`

/** What `changedSince` compares a later answer with. */
export function answeredSheet(sheet: Api.ComputedSheet): AnsweredSheet {
  const values = new Map<string, Api.ComputedValue>()
  for (const [r, c, value] of sheet.cells) values.set(cellKey(sheet.rows[r] ?? '', sheet.cols[c] ?? ''), value)
  return { stateVector: sheet.stateVector, values }
}

/**
 * `current` as only what differs from `before`: the formula cells whose value changed or that `before` lacked,
 * with `rows` and `cols` naming only their ids, and `since` set to `before`'s state. A cell that is no longer a
 * formula is left out: a page reads such a cell from its own doc.
 */
export function changedSince(before: AnsweredSheet, current: Api.ComputedSheet): Api.ComputedSheet {
  const rows: string[] = []
  const cols: string[] = []
  const rowAt = new Map<string, number>()
  const colAt = new Map<string, number>()
  const cells: Api.ComputedSheet['cells'] = []
  for (const [r, c, value] of current.cells) {
    const rowId = current.rows[r] ?? ''
    const colId = current.cols[c] ?? ''
    const was = before.values.get(cellKey(rowId, colId))
    if (was && sameValue(was, value)) continue
    let row = rowAt.get(rowId)
    if (row === undefined) {
      row = rows.push(rowId) - 1
      rowAt.set(rowId, row)
    }
    let col = colAt.get(colId)
    if (col === undefined) {
      col = cols.push(colId) - 1
      colAt.set(colId, col)
    }
    cells.push([row, col, value])
  }
  return { sheetId: current.sheetId, stateVector: current.stateVector, rows, cols, cells, since: before.stateVector }
}

function sameValue(a: Api.ComputedValue, b: Api.ComputedValue): boolean {
  if (a.value !== b.value) return false
  if (!a.error || !b.error) return !a.error && !b.error
  return a.error.type === b.error.type && a.error.display === b.error.display && a.error.message === b.error.message
}
