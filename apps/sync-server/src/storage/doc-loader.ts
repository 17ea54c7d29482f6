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
  /** Newest first. */
  snapshots(): Promise<StoredSnapshot[]>
  /** Log rows after `seq`, in order. */
  updatesAfter(seq: number): Promise<StoredUpdate[]>
  setAside(row: SetAside): Promise<void>
}

/**
 * Rebuilds a document from the newest snapshot that applies cleanly and the log rows after it.
 * A snapshot or row that fails to apply (throws, or leaves structs or deletes waiting for
 * something missing) is set aside and the load goes on without it, so nothing poisoned is kept
 * and nothing good is lost.
 */
export async function loadDoc(rows: DocRows): Promise<Y.Doc> {
  for (const snap of await rows.snapshots()) {
    const base = new Y.Doc({ gc: true })
    const failure = applyCleanly(base, snap.data)
    if (!failure) return replayLog(rows, base, snap.data, snap.uptoSeq)
    base.destroy()
    await rows.setAside({ kind: 'snapshot', rowId: snap.id, seq: snap.uptoSeq, userId: null, data: snap.data, reason: failure })
  }
  return replayLog(rows, new Y.Doc({ gc: true }), null, 0)
}

/**
 * `base` (the snapshot, already applied) plus every log row after it that applies cleanly; a row
 * that does not is set aside.
 */
async function replayLog(rows: DocRows, base: Y.Doc, snapshot: Uint8Array | null, fromSeq: number): Promise<Y.Doc> {
  const fresh = () => {
    const doc = new Y.Doc({ gc: true })
    if (snapshot) Y.applyUpdate(doc, snapshot)
    return doc
  }
  let doc = base
  const applied: Uint8Array[] = []
  for (const row of await rows.updatesAfter(fromSeq)) {
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
  return doc
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
