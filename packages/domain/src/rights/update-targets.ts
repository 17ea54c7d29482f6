import * as Y from 'yjs'

/** One root-level entry an update changes: a map key, or an array (key null). */
export interface UpdateTarget {
  /** Root type name, e.g. `cells:<sheetId>`. */
  root: string
  /** Map key (`rowId:colId` for cells), null for array content. */
  key: string | null
  /** The new value for a map key (undefined for deletions and arrays). */
  value?: unknown
  /** Array content inserted or deleted (row/column ids for `rows:`/`cols:`). */
  values?: unknown[]
  change: 'insert' | 'delete'
}

export type UpdateInspection =
  | { ok: true; targets: UpdateTarget[] }
  | { ok: false; reason: string }

interface Placement {
  root: string
  key: string | null
}

/**
 * Lists what an incoming Yjs update would change, read against the live doc
 * before it is applied. Yjs leaves out an item's parent when the item has a
 * left/right origin, so placement is inherited from that origin, found either
 * earlier in the same update or in the doc. Anything that cannot be placed at a
 * root type (nested types, unknown origins, deletes of unknown content) fails
 * closed: the caller rejects the update.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array): UpdateInspection {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch (err) {
    return { ok: false, reason: `uppdateringen kan inte avkodas (${(err as Error).message})` }
  }
  const store = doc.store
  const local = new Map<number, LocalEntry[]>()
  const targets: UpdateTarget[] = []

  const placeOf = (id: Y.ID): Placement | null => {
    const fromUpdate = findLocal(local, id.client, id.clock)
    if (fromUpdate) return fromUpdate.placement
    const item = itemInDoc(store, id)
    if (!item) return null
    return placementOfIntegrated(item)
  }

  for (const struct of decoded.structs) {
    // GC and Skip structs carry no content: they change nothing a user sees.
    if (!(struct instanceof Y.Item)) continue
    const item = struct
    let placement: Placement | null = null
    if (typeof item.parent === 'string') {
      placement = { root: item.parent, key: item.parentSub }
    } else if (item.parent === null) {
      const anchor = item.origin ?? item.rightOrigin
      placement = anchor ? placeOf(anchor) : null
    }
    const entries = local.get(item.id.client) ?? []
    entries.push({ item, placement })
    local.set(item.id.client, entries)
    if (Y.getState(store, item.id.client) >= item.id.clock + item.length) continue // already known
    if (!placement) return { ok: false, reason: 'uppdateringen ändrar något som inte kan härledas till arbetsboken' }
    if (item.content instanceof Y.ContentType) {
      return { ok: false, reason: 'uppdateringen skapar en inbäddad typ, vilket arbetsboken inte använder' }
    }
    const content = item.content.getContent()
    targets.push(
      placement.key === null
        ? { root: placement.root, key: null, values: content, change: 'insert' }
        : { root: placement.root, key: placement.key, value: content[content.length - 1], change: 'insert' },
    )
  }

  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      for (let c = clock; c < clock + len; ) {
        const fromUpdate = findLocal(local, client, c)
        if (fromUpdate) {
          // Inserted and deleted in the same update: attributed through its insert.
          c = fromUpdate.item.id.clock + fromUpdate.item.length
          continue
        }
        const struct = structInDoc(store, Y.createID(client, c))
        if (!struct) return { ok: false, reason: 'uppdateringen raderar innehåll som servern inte känner till' }
        const from = c - struct.id.clock
        const to = Math.min(struct.length, clock + len - struct.id.clock)
        c = struct.id.clock + to
        if (!(struct instanceof Y.Item) || struct.deleted) continue // already gone
        const placement = placementOfIntegrated(struct)
        if (!placement) return { ok: false, reason: 'uppdateringen raderar något utanför arbetsbokens rottyper' }
        targets.push(
          placement.key === null
            ? { root: placement.root, key: null, values: struct.content.getContent().slice(from, to), change: 'delete' }
            : { root: placement.root, key: placement.key, change: 'delete' },
        )
      }
    }
  }
  return { ok: true, targets }
}

type LocalEntry = { item: Y.Item; placement: Placement | null }

/** Binary search: an update lists each client's structs in clock order. */
function findLocal(local: Map<number, LocalEntry[]>, client: number, clock: number): LocalEntry | undefined {
  const entries = local.get(client)
  if (!entries) return undefined
  let lo = 0
  let hi = entries.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const e = entries[mid] as LocalEntry
    if (clock < e.item.id.clock) hi = mid - 1
    else if (clock >= e.item.id.clock + e.item.length) lo = mid + 1
    else return e
  }
  return undefined
}

function structInDoc(store: Y.Doc['store'], id: Y.ID): Y.Item | Y.GC | null {
  if (id.clock >= Y.getState(store, id.client)) return null
  const structs = store.clients.get(id.client)
  if (!structs) return null
  return structs[Y.findIndexSS(structs, id.clock)] ?? null
}

function itemInDoc(store: Y.Doc['store'], id: Y.ID): Y.Item | null {
  const struct = structInDoc(store, id)
  return struct instanceof Y.Item ? struct : null
}

function placementOfIntegrated(item: Y.Item): Placement | null {
  const parent = item.parent
  if (!(parent instanceof Y.AbstractType) || parent._item !== null) return null
  return { root: Y.findRootTypeKey(parent), key: item.parentSub }
}
