import * as Y from 'yjs'
import { rootNameOf } from './update-effects'
import { targetOf, type UpdateTarget } from './update-target'

/** What a one-cell value set does to the document, known before it is integrated (see `forecastCellSet`). */
export interface CellSetForecast {
  /** The cell's new value, then (when it held a live one) the value it replaces: the targets the replica would read off. */
  targets: UpdateTarget[]
  /** The client id whose clock the update advances (by one). */
  client: number
}

/**
 * [G1] The one change whose effects are certain from its bytes: a single value set at a cell's
 * key over the value the cell holds now, or into a cell that never held one. Yjs places an item
 * with an origin and no right origin right after its origin, in the origin's parent and key,
 * with no conflict to resolve when the origin is the key's last item; an item without origins
 * lands in the root and key it names, with nothing to order against when the key is new. So
 * its integration changes exactly that cell: the new value, and the old one deleted.
 *
 * Anything else returns null and is integrated in the staging replica: more than one struct, a
 * right origin, an origin that is not the cell's current item (a concurrent edit: Yjs orders
 * the items), a key that has items but no origin, a root the document lacks, a delete set
 * naming anything but the replaced value, any non-cell root, or a document holding pending
 * structs. The caller has checked the shape (G2) and the client id (G3) already.
 */
export function forecastCellSet(update: Uint8Array, before: Y.Doc): CellSetForecast | null {
  const store = before.store
  if (store.pendingStructs !== null || store.pendingDs !== null) return null
  let decoded: Decoded
  try {
    // Yjs's own reader: the fields are read exactly as the live doc will read them.
    decoded = Y.decodeUpdate(update)
  } catch {
    return null
  }
  const { structs, ds } = decoded
  const item = structs[0]
  if (structs.length !== 1 || !(item instanceof Y.Item) || item.length !== 1 || !(item.content instanceof Y.ContentAny)) return null
  if (item.rightOrigin !== null || item.id.clock !== Y.getState(store, item.id.client)) return null
  let parent: unknown
  let key: string | null
  let current: Y.Item | undefined
  if (item.origin !== null) {
    const origin = item.origin
    if (origin.clock >= Y.getState(store, origin.client)) return null
    const left = structAt(store, origin)
    if (!(left instanceof Y.Item) || left.id.clock + left.length - 1 !== origin.clock) return null
    parent = left.parent
    key = left.parentSub
    if (!(parent instanceof Y.AbstractType) || key === null || parent._map.get(key) !== left) return null
    current = left
  } else {
    if (typeof item.parent !== 'string' || item.parentSub === null) return null
    parent = before.share.get(item.parent)
    key = item.parentSub
    if (!(parent instanceof Y.AbstractType) || parent._map.has(key)) return null
  }
  if (!replacesOnly(ds, current)) return null
  const root = rootNameOf(before, parent)
  if (root === null) return null
  const set = targetOf(root, key, 'insert', item.content.getContent())
  if (set.kind !== 'cell') return null
  const targets: UpdateTarget[] = [set]
  if (current !== undefined && !current.deleted) targets.push(targetOf(root, key, 'delete', current.content.getContent()))
  return { targets, client: item.id.client }
}

type Decoded = ReturnType<typeof Y.decodeUpdate>
type DeleteSet = Decoded['ds']

/** The struct holding `id` (which the store has). */
function structAt(store: Y.Doc['store'], id: Y.ID): Y.Item | Y.GC | undefined {
  const structs = store.clients.get(id.client)
  return structs?.[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC | undefined
}

/** Whether the delete set is empty, or names exactly the replaced item (as a client's own set of the key does). */
function replacesOnly(ds: DeleteSet, current: Y.Item | undefined): boolean {
  if (ds.clients.size === 0) return true
  if (current === undefined || ds.clients.size !== 1) return false
  const ranges = ds.clients.get(current.id.client)
  const only = ranges?.length === 1 ? ranges[0] : undefined
  return only !== undefined && only.clock === current.id.clock && only.len === current.length
}
