import * as Y from 'yjs'

export interface StoredSnapshot {
  /** Row id, for setting it aside. */
  id: number
  data: Uint8Array
  uptoSeq: number
}

export interface StoredUpdate {
  seq: number
  data: Uint8Array
  userId: string | null
}

/** A stored row that failed to apply, to be moved to the quarantine. */
export interface SetAside {
  kind: 'snapshot' | 'update'
  /** Row id of the snapshot, or the update's seq. */
  rowId: number
  seq: number
  userId: string | null
  data: Uint8Array
  /** Swedish, shown to an administrator. */
  reason: string
}

/** What loading needs from a store; the same for any database. */
export interface DocRows {
  /** Newest first; read lazily where the store can (a generator), since a load needs only the first that applies. */
  snapshots(): Promise<Iterable<StoredSnapshot> | AsyncIterable<StoredSnapshot>>
  /** Log rows after `seq`, in order. */
  updatesAfter(seq: number): Promise<StoredUpdate[]>
  setAside(row: SetAside): Promise<void>
}

/** A loaded document and what it was built from. */
export interface LoadedDoc {
  doc: Y.Doc
  /**
   * The document's whole state as stored, when it is exactly the snapshot it was built from (no
   * log rows after it, nothing set aside): a fresh client can be sent these bytes without encoding the doc.
   */
  storedState: Uint8Array | null
  /** Log rows applied after the snapshot: what the next snapshot would fold. */
  tail: number
}

/**
 * Rebuilds a document from the newest snapshot that applies cleanly and the log rows after it.
 * A snapshot or row that fails to apply (throws, or leaves structs or deletes waiting for
 * something missing) is set aside and the load goes on without it, so nothing poisoned is kept
 * and nothing good is lost.
 */
export async function loadDoc(rows: DocRows): Promise<Y.Doc> {
  return (await loadDocFrom(rows)).doc
}

/** loadDoc, also telling what the document was built from. */
export async function loadDocFrom(rows: DocRows): Promise<LoadedDoc> {
  let setAside = false
  for await (const snap of await rows.snapshots()) {
    const base = new Y.Doc({ gc: true })
    const failure = applyCleanly(base, snap.data)
    if (!failure) {
      const loaded = await replayLog(rows, base, snap.data, snap.uptoSeq)
      return { ...loaded, storedState: setAside || loaded.tail > 0 || loaded.setAside ? null : snap.data }
    }
    base.destroy()
    setAside = true
    await rows.setAside({ kind: 'snapshot', rowId: snap.id, seq: snap.uptoSeq, userId: null, data: snap.data, reason: failure })
  }
  const loaded = await replayLog(rows, new Y.Doc({ gc: true }), null, 0)
  return { ...loaded, storedState: null }
}

/**
 * `base` (the snapshot, already applied) plus every log row after it that applies cleanly; a row
 * that does not is set aside. The rows are applied in one transaction (one cleanup instead of one
 * per row); only when one of them fails is the log replayed row by row, to set aside exactly it.
 */
async function replayLog(
  rows: DocRows,
  base: Y.Doc,
  snapshot: Uint8Array | null,
  fromSeq: number,
): Promise<{ doc: Y.Doc; tail: number; setAside: boolean }> {
  const tail = await rows.updatesAfter(fromSeq)
  if (applyAllCleanly(base, tail)) return { doc: base, tail: tail.length, setAside: false }
  base.destroy()
  const fresh = () => {
    const doc = new Y.Doc({ gc: true })
    if (snapshot) Y.applyUpdate(doc, snapshot)
    return doc
  }
  let doc = fresh()
  const applied: Uint8Array[] = []
  for (const row of tail) {
    const failure = applyCleanly(doc, row.data)
    if (!failure) {
      applied.push(row.data)
      continue
    }
    await rows.setAside({ kind: 'update', rowId: row.seq, seq: row.seq, userId: row.userId, data: row.data, reason: failure })
    // A failed apply may have changed the doc half-way: start again from what was good.
    doc.destroy()
    doc = fresh()
    for (const data of applied) Y.applyUpdate(doc, data)
  }
  return { doc, tail: applied.length, setAside: true }
}

/** Applies every row in one transaction; false as soon as one throws or leaves something waiting (the doc is then unusable). */
function applyAllCleanly(doc: Y.Doc, rows: readonly StoredUpdate[]): boolean {
  try {
    return doc.transact(() => {
      for (const row of rows) {
        Y.applyUpdate(doc, row.data)
        if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return false
      }
      return true
    })
  } catch {
    return false
  }
}

/** Applies stored bytes; returns why they do not apply cleanly, or null when they do. */
function applyCleanly(doc: Y.Doc, data: Uint8Array): string | null {
  try {
    Y.applyUpdate(doc, data)
  } catch (err) {
    return `kan inte tillämpas (${(err as Error).message})`
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return 'saknar föregående ändringar'
  return null
}
