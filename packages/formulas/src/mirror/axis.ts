import type { AxisDelta } from '@samplan/domain'

/** What an axis change does at a position, in the order it must be replayed. */
export type AxisOperation = { kind: 'insert'; index: number; ids: string[] } | { kind: 'delete'; index: number; count: number; ids: string[] }

/**
 * Replays a Yjs delta on `ids` (mutated to the new order) and returns the inserts and deletes
 * with positions valid at the moment each is applied, for HyperFormula's addRows/removeRows.
 */
export function applyAxisDelta(ids: string[], delta: readonly AxisDelta[]): AxisOperation[] {
  const operations: AxisOperation[] = []
  let cursor = 0
  for (const step of delta) {
    if (step.retain !== undefined) cursor += step.retain
    else if (step.insert !== undefined && step.insert.length > 0) {
      ids.splice(cursor, 0, ...step.insert)
      operations.push({ kind: 'insert', index: cursor, ids: step.insert })
      cursor += step.insert.length
    } else if (step.delete !== undefined && step.delete > 0) {
      const removed = ids.splice(cursor, step.delete)
      operations.push({ kind: 'delete', index: cursor, count: step.delete, ids: removed })
    }
  }
  return operations
}
