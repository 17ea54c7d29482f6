import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqliteStorage, type SqliteOptions } from './sqlite/open-sqlite'
import type { SqliteStore } from './sqlite/sqlite-store'
import { holdWriteLock, tempSqliteFiles } from './sqlite/test-support'
import { describeStorageContract } from './storage.contract'

const files = tempSqliteFiles('samplan-store-')
afterAll(() => files.removeAll())

describeStorageContract('SQLite', async () => {
  const file = files.file()
  const storage = openSqliteStorage(file)
  return {
    storage,
    reopen: async () => openSqliteStorage(file),
    async corruptNewestSnapshot(workbookId, bytes) {
      storage.db
        .prepare('UPDATE workbook_snapshots SET data = ? WHERE id = (SELECT MAX(id) FROM workbook_snapshots WHERE workbook_id = ?)')
        .run(Buffer.from(bytes), workbookId)
    },
    async snapshotSeqs(workbookId) {
      const rows = storage.db
        .prepare('SELECT upto_seq AS upto FROM workbook_snapshots WHERE workbook_id = ? ORDER BY upto_seq')
        .all(workbookId) as Array<{ upto: number }>
      return rows.map((r) => r.upto)
    },
  }
})

describe('SQLite turns', () => {
  async function opened(options: SqliteOptions = {}) {
    const file = files.file()
    const storage = openSqliteStorage(file, () => {}, options)
    await storage.store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' }, Y.encodeStateAsUpdate(new Y.Doc()))
    return { file, storage }
  }
  const entry = (value: number) => {
    const doc = new Y.Doc()
    doc.getMap('cells:s').set('r:c', value)
    return { update: Y.encodeStateAsUpdate(doc), userId: 'u1', bind: [], audit: [], at: '2026-01-01T00:00:00.000Z' }
  }
  async function committedTurn(store: SqliteStore, afterSeq: number): Promise<number> {
    const turn = await store.takeTurn('wb', afterSeq)
    await turn.append(entry(afterSeq + 1))
    const [seq] = await turn.commit()
    return seq as number
  }

  it('hands over to a turn what another connection appended to the file after this store last wrote', async () => {
    // Only a file opened as shared lets another connection write (one server owns its file: owner-lock.ts).
    const { file, storage } = await opened({ shared: true })
    const mine = await committedTurn(storage.store, 0)
    const other = openSqliteStorage(file, () => {}, { shared: true })
    const theirs = await other.store.appendUpdate('wb', entry(9).update, null)
    other.db.close()
    const turn = await storage.store.takeTurn('wb', mine)
    expect(turn.missed.map((m) => m.seq)).toEqual([theirs])
    turn.abandon()
  })

  it('snapshots while another connection holds the write lock (a checkpoint restarting the WAL) by waiting for it, not failing', async () => {
    const { file, storage } = await opened()
    await committedTurn(storage.store, 0)
    const lock = await holdWriteLock(file, 300)
    // The snapshot reads the newest seq before it writes: begun as a plain (deferred) transaction, SQLite answers SQLITE_BUSY at once.
    await storage.store.compact('wb', await storage.store.loadDoc('wb'))
    await lock.released
    expect((await storage.store.loadDocFrom('wb')).tail).toBe(0)
  })

  it('hands over to a turn what the same store wrote outside a turn, and nothing once it holds the newest entry', async () => {
    const { storage } = await opened()
    const mine = await committedTurn(storage.store, 0)
    const outside = await storage.store.commitUpdate('wb', entry(5))
    const turn = await storage.store.takeTurn('wb', mine)
    expect(turn.missed.map((m) => m.seq)).toEqual([outside])
    turn.abandon()
    const next = await committedTurn(storage.store, outside)
    expect((await storage.store.takeTurn('wb', next)).missed).toEqual([])
  })
})
