import type * as Y from 'yjs'
import type { Workbook } from './workbook'

/**
 * Id -> index maps of row/column arrays, cached per Y.Array because rendering
 * thousands of formulas would otherwise copy the arrays once per reference.
 * An array's entry is dropped before any observer runs in a transaction that
 * changed that array (remote or local), and the whole cache by every domain
 * write, so a reader never sees stale positions; a one-cell edit keeps them all.
 */
interface DocCache {
  byArray: WeakMap<Y.Array<string>, { ids: string[]; index: Map<string, number> }>
}

const caches = new WeakMap<Y.Doc, DocCache>()

function cacheOf(doc: Y.Doc): DocCache {
  let c = caches.get(doc)
  if (!c) {
    const fresh: DocCache = { byArray: new WeakMap() }
    c = fresh
    caches.set(doc, fresh)
    doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) fresh.byArray.delete(type as Y.Array<string>)
    })
  }
  return c
}

/** Forgets cached positions; called by domain writes inside their transaction. */
export function invalidatePositions(wb: Workbook): void {
  const c = caches.get(wb.doc)
  if (c) c.byArray = new WeakMap()
}

/** Ids and id -> index of an array of ids, at the current state. */
export function positionsOf(wb: Workbook, arr: Y.Array<string>): { ids: string[]; index: Map<string, number> } {
  const c = cacheOf(wb.doc)
  let p = c.byArray.get(arr)
  if (!p) {
    const ids = arr.toArray()
    const index = new Map<string, number>()
    ids.forEach((id, i) => index.set(id, i))
    p = { ids, index }
    c.byArray.set(arr, p)
  }
  return p
}
