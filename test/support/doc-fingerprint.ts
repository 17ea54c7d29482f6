/**
 * What "the document did not change" means in the attack tests: every root's
 * content as JSON, the state vector and the delete set. Roots are read without
 * assuming their type, so a map key smuggled into an array root (or list
 * content into a map root) shows up too.
 */
import * as Y from 'yjs'

// biome-ignore lint/suspicious/noExplicitAny: doc.share holds AbstractType<YEvent<any>>; content is read, never typed further.
type AnyType = Y.AbstractType<any>

/** A root's content both as map entries and as list content; empty views are left out. */
export function rootJson(type: AnyType): { map?: Record<string, unknown>; list?: unknown[] } {
  // These prototype methods read only `_map` / the item list, so they work on an untyped root too.
  const map = Y.Map.prototype.toJSON.call(type as Y.Map<unknown>) as Record<string, unknown>
  const list = (Y.Array.prototype.toArray.call(type as Y.Array<unknown>) as unknown[]).map((v) =>
    v instanceof Y.AbstractType ? v.toJSON() : v,
  )
  return {
    ...(Object.keys(map).length > 0 ? { map } : {}),
    ...(list.length > 0 ? { list } : {}),
  }
}

/** Every non-empty root by name, in name order. */
export function rootsJson(doc: Y.Doc): Record<string, ReturnType<typeof rootJson>> {
  const out: Record<string, ReturnType<typeof rootJson>> = {}
  for (const name of [...doc.share.keys()].sort()) {
    const json = rootJson(doc.share.get(name) as AnyType)
    if (json.map !== undefined || json.list !== undefined) out[name] = json
  }
  return out
}

/** The state vector as sorted `[client, clock]` pairs. */
export function stateVectorOf(doc: Y.Doc): Array<[number, number]> {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0])
}

/** The merged delete set as sorted `[client, [[clock, len], …]]` entries. */
export function deleteSetOf(doc: Y.Doc): Array<[number, Array<[number, number]>]> {
  const ds = Y.snapshot(doc).ds as unknown as { clients: Map<number, Array<{ clock: number; len: number }>> }
  return [...ds.clients]
    .map(([client, items]): [number, Array<[number, number]>] => [client, items.map((d) => [d.clock, d.len])])
    .sort((a, b) => a[0] - b[0])
}

export interface Fingerprint {
  roots: ReturnType<typeof rootsJson>
  stateVector: Array<[number, number]>
  deleteSet: Array<[number, Array<[number, number]>]>
}

export function fingerprint(doc: Y.Doc): Fingerprint {
  return { roots: rootsJson(doc), stateVector: stateVectorOf(doc), deleteSet: deleteSetOf(doc) }
}

/** The name of the root type a (possibly nested) type lives in. */
export function rootNameOf(type: AnyType): string {
  let t = type
  while (t._item !== null) t = t._item.parent as AnyType
  return Y.findRootTypeKey(t)
}
