/**
 * The update shapes of the known attacks (V1–V6 in attacks.test.ts), as models
 * for the hand-written encoder, built from items of a copy of the live doc.
 * Each shape is what fooled the old check, which trusted the parent an update
 * declared and skipped structs it thought it already had.
 */
import * as Y from 'yjs'
import type { Content, ItemStruct, StructId, UpdateModel } from './yjs-update-encoder'

/** Where a crafted item claims to go: a root name and map key. */
export interface Declared {
  parent: string
  parentSub: string | null
}

export const idOf = (item: Y.Item | Y.GC): StructId => ({ client: item.id.client, clock: item.id.clock })
/** The id of an item's last clock: what a following item names as its origin. */
export const lastIdOf = (item: Y.Item): StructId => ({ client: item.id.client, clock: item.id.clock + item.length - 1 })

const any = (...values: unknown[]): Content => ({ kind: 'any', values })

function declaredItem(declared: Declared, content: Content): ItemStruct {
  return { kind: 'item', parent: declared.parent, parentSub: declared.parentSub, content }
}

/** An item with a known item's id (same client, clock and length) that claims to sit under `declared`. */
export function copyOf(target: Y.Item, declared: Declared): UpdateModel['clients'][number] {
  // Long runs (a huge deleted item) are copied as deleted content: Yjs skips a known id whatever it holds.
  const content: Content =
    target.length > 64 ? { kind: 'deleted', length: target.length } : any(...Array.from({ length: target.length }, () => 0))
  return { client: target.id.client, clock: target.id.clock, structs: [declaredItem(declared, content)] }
}

/** V1: a copy of `target`'s id plus a delete set naming it; Yjs skips the copy and deletes the real item. */
export function copiedIdDelete(target: Y.Item, declared: Declared): UpdateModel {
  return {
    clients: [copyOf(target, declared)],
    deleteSet: [{ client: target.id.client, ranges: [[target.id.clock, target.length]] }],
  }
}

/**
 * V2: a copy of `target`'s id declared under `declared`, then a new item under
 * `client` whose origin is the target; Yjs puts the new item beside its origin,
 * in the target's real map and key.
 */
export function borrowedOrigin(target: Y.Item, declared: Declared, client: number, value: unknown): UpdateModel {
  return {
    clients: [
      copyOf(target, declared),
      { client, clock: 0, structs: [{ kind: 'item', origin: lastIdOf(target), parentSub: target.parentSub, content: any(value) }] },
    ],
    deleteSet: [],
  }
}

/**
 * V2, alone: just the new item whose origin is `target`, with the replaced value in its delete
 * set, as an honest client's set of that cell looks. Its placement is certain, so the gate reads
 * its effects off the bytes instead of integrating it: they must name the target's cell.
 */
export function loneOrigin(target: Y.Item, client: number, value: unknown): UpdateModel {
  return {
    clients: [
      { client, clock: 0, structs: [{ kind: 'item', origin: lastIdOf(target), parentSub: target.parentSub, content: any(value) }] },
    ],
    deleteSet: [{ client: target.id.client, ranges: [[target.id.clock, target.length]] }],
  }
}

/**
 * V3: an item starting at the last clock of someone's latest item and one
 * clock longer; Yjs skips the known clock and links the rest right after it.
 */
export function overlappingExtension(latest: Y.Item, declared: Declared, value: unknown): UpdateModel {
  const last = lastIdOf(latest)
  return { clients: [{ client: last.client, clock: last.clock, structs: [declaredItem(declared, any(0, value))] }], deleteSet: [] }
}

/** V4: an item of length zero (a zero-length deleted run by default). */
export function zeroLength(client: number, declared: Declared, content: Content = { kind: 'deleted', length: 0 }): UpdateModel {
  return { clients: [{ client, clock: 0, structs: [declaredItem(declared, content)] }], deleteSet: [] }
}

/** V5: a GC struct over clocks `client` has not used yet. */
export function gcAhead(client: number, fromClock: number, length: number): UpdateModel {
  return { clients: [{ client, clock: fromClock, structs: [{ kind: 'gc', length }] }], deleteSet: [] }
}

/** V6: an item at `clock` of a client whose earlier clocks the server lacks; Yjs holds it back as pending. */
export function gappedItem(client: number, clock: number, declared: Declared, value: unknown): UpdateModel {
  return { clients: [{ client, clock, structs: [declaredItem(declared, any(value))] }], deleteSet: [] }
}

/** A fresh client id: not in `doc`'s state vector and not in `used`. */
export function freshClientId(doc: Y.Doc, used: Set<number> = new Set(), random: () => number = Math.random): number {
  for (;;) {
    const id = 1 + Math.floor(random() * 0xfffffffe)
    if (Y.getState(doc.store, id) === 0 && !used.has(id)) {
      used.add(id)
      return id
    }
  }
}
