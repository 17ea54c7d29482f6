import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { loadDocFrom, type DocRows, type SetAside, type StoredSnapshot, type StoredUpdate } from './doc-loader'

/** Rows as a store hands them over, recording which snapshots' bytes were read and what was set aside. */
function rowsOf(snapshots: StoredSnapshot[], updates: StoredUpdate[]) {
  const read: number[] = []
  const setAside: SetAside[] = []
  const rows: DocRows = {
    async snapshots() {
      return (function* () {
        for (const snap of snapshots) {
          read.push(snap.id)
          yield snap
        }
      })()
    },
    async updatesAfter(seq) {
      return updates.filter((u) => u.seq > seq)
    },
    async setAside(row) {
      setAside.push(row)
    },
  }
  return { rows, read, setAside }
}

/** A doc, its state as a snapshot up to seq 10, and then one update per further edit (seq 11, 12, …). */
function history(edits: number) {
  const doc = new Y.Doc()
  doc.getMap('cells:s').set('r0:c', 0)
  const snapshot: StoredSnapshot = { id: 2, uptoSeq: 10, data: Y.encodeStateAsUpdate(doc) }
  const updates: StoredUpdate[] = []
  doc.on('update', (data: Uint8Array) => updates.push({ seq: 11 + updates.length, data, userId: 'u1' }))
  for (let i = 1; i <= edits; i++) doc.getMap('cells:s').set(`r${i}:c`, i)
  return { doc, snapshot, updates }
}

describe('loading a document', () => {
  it('reads only the newest snapshot that applies and hands back its bytes when no log row follows it', async () => {
    const { doc, snapshot } = history(0)
    const older: StoredSnapshot = { id: 1, uptoSeq: 0, data: new Uint8Array([0, 0]) }
    const { rows, read } = rowsOf([snapshot, older], [])
    const loaded = await loadDocFrom(rows)
    expect(read).toEqual([snapshot.id])
    expect(loaded.storedState).toBe(snapshot.data)
    expect(loaded.tail).toBe(0)
    expect(loaded.doc.getMap('cells:s').toJSON()).toEqual(doc.getMap('cells:s').toJSON())
  })

  it('applies the log after the snapshot and counts it; the bytes are then encoded, not the snapshot', async () => {
    const { doc, snapshot, updates } = history(30)
    const loaded = await loadDocFrom(rowsOf([snapshot], updates).rows)
    expect(loaded.tail).toBe(30)
    expect(loaded.storedState).toBeNull()
    expect(Y.encodeStateAsUpdate(loaded.doc)).toEqual(Y.encodeStateAsUpdate(doc))
  })

  it('sets aside exactly the log rows that throw or wait for something missing, and keeps every row around them', async () => {
    const { doc, snapshot, updates } = history(6)
    // A row from a client whose earlier changes were never stored: it would wait forever.
    const stranger = new Y.Doc()
    stranger.getMap('cells:s').set('x:c', 'first')
    const sv = Y.encodeStateVector(stranger)
    stranger.getMap('cells:s').set('y:c', 'second')
    const waiting: StoredUpdate = { seq: 13.5, data: Y.encodeStateAsUpdate(stranger, sv), userId: 'u2' }
    const broken: StoredUpdate = { seq: 12.5, data: new Uint8Array([1, 1, 200, 1, 0, 8, 0]), userId: 'u3' }
    const log = [...updates.slice(0, 2), broken, updates[2] as StoredUpdate, waiting, ...updates.slice(3)]
    const { rows, setAside } = rowsOf([snapshot], log)
    const loaded = await loadDocFrom(rows)
    expect(setAside.map((row) => [row.kind, row.seq, row.reason])).toEqual([
      ['update', 12.5, expect.stringContaining('kan inte tillämpas')],
      ['update', 13.5, 'saknar föregående ändringar'],
    ])
    expect(loaded.doc.getMap('cells:s').toJSON()).toEqual(doc.getMap('cells:s').toJSON())
    expect(loaded.tail).toBe(6)
    expect(loaded.storedState).toBeNull()
  })

  it('falls back to the older snapshot when the newest does not apply, and never hands back bytes it set aside', async () => {
    const { doc, snapshot } = history(0)
    const damaged: StoredSnapshot = { id: 3, uptoSeq: 20, data: new Uint8Array([1, 1, 200, 1, 0, 8, 0]) }
    const { rows, read, setAside } = rowsOf([damaged, snapshot], [])
    const loaded = await loadDocFrom(rows)
    expect(read).toEqual([damaged.id, snapshot.id])
    expect(setAside.map((row) => [row.kind, row.rowId])).toEqual([['snapshot', damaged.id]])
    expect(loaded.storedState).toBeNull()
    expect(loaded.doc.getMap('cells:s').toJSON()).toEqual(doc.getMap('cells:s').toJSON())
  })
})
