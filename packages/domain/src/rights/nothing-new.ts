import * as Y from 'yjs'
import type { UpdateOutline } from './update-bytes'

/**
 * [G1] Whether a delete set names only what the document has already deleted. An update with no
 * structs and such a delete set changes nothing: it is what a reconnecting client sends in its
 * sync step 2 when it made no change offline (Yjs always sends its whole delete set), and it is
 * answered without building the staging replica for it. A range past the document's clocks
 * (which G2 refuses before this is asked) is not "nothing new".
 */
export function deletesOnlyDeleted(deletes: UpdateOutline['deletes'], store: Y.Doc['store']): boolean {
  for (const { client, clock, len } of deletes) {
    const structs = store.clients.get(client)
    if (!structs || clock + len > Y.getState(store, client)) return false
    const end = clock + len
    for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
      const struct = structs[i] as Y.Item | Y.GC
      if (struct.id.clock >= end) break
      if (!struct.deleted) return false
    }
  }
  return true
}
