import type * as Y from 'yjs'

/**
 * Where a deleted row or column was: its nearest surviving neighbours, as the
 * deleting replica saw them (SPEC F6). Kept in the axis' spec map under
 * `~<id>`, so a deletion writes only structural data (rows, specs) and no
 * formula cell, which may be locked.
 */
export interface Tomb {
  before: string | null
  after: string | null
}

/** Spec-map key of a deleted id's tomb; ids are base62, so it cannot collide with a live id. */
export function tombKey(id: string): string {
  return `~${id}`
}

/** Whether a spec-map key is a tomb rather than a spec. */
export function isTombKey(key: string): boolean {
  return key.startsWith('~')
}

export function readTomb(specs: Y.Map<unknown>, id: string): Tomb | undefined {
  return specs.get(tombKey(id)) as Tomb | undefined
}

/**
 * Position of a range edge whose row may be deleted: the row itself when it
 * exists, else the first row after its `before` neighbour (start edge) or the
 * last row before its `after` neighbour (end edge), following tombs of
 * neighbours deleted later. Relative order never changes in a Yjs array, so
 * every replica resolves the same way once it has the same updates.
 */
export function resolveEdge(
  index: ReadonlyMap<string, number>,
  length: number,
  specs: Y.Map<unknown>,
  id: string,
  edge: 'start' | 'end',
): number | undefined {
  let current: string | null = id
  // Chains only move one way in the array's total order, so they end; the bound guards bad data.
  for (let steps = 0; steps < 10_000; steps++) {
    if (current === null) return edge === 'start' ? 0 : length - 1
    const at = index.get(current)
    if (at !== undefined) return current === id ? at : edge === 'start' ? at + 1 : at - 1
    const tomb = readTomb(specs, current)
    if (!tomb) return undefined
    current = edge === 'start' ? tomb.before : tomb.after
  }
  return undefined
}
