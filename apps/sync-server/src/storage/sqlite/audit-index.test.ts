import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JournalEntry } from '../store'
import { INDEX_AFTER_ENTRIES } from './audit-index'
import { openSqliteStorage } from './open-sqlite'
import { holdWriteLock, tempSqliteFiles, until } from './test-support'

const AT = '2024-01-01T00:00:00.000Z'
const files = tempSqliteFiles('samplan-audit-index-')
const tempFile = files.file

afterEach(() => files.removeAll())

function entry(n: number): JournalEntry {
  const doc = new Y.Doc()
  doc.getMap('cells:s').set(`r${n}:c`, n)
  return {
    update: Y.encodeStateAsUpdate(doc),
    userId: 'u-eva',
    bind: [],
    audit: [{ userId: 'u-eva', sheetId: 's', rowId: `r${n}`, colId: 'c', address: `Budget!C${n}`, old: null, new: n }],
    at: AT,
  }
}

/** A store on `file` holding the empty workbook 'wb'. */
async function openWithWorkbook(file: string = tempFile()) {
  const storage = openSqliteStorage(file)
  await storage.store.createWorkbook({ id: 'wb', title: 'T', createdAt: AT }, Y.encodeStateAsUpdate(new Y.Doc()))
  return storage
}

/** The audit table's own rows, read on a connection of its own (as another process would see the file). */
function tableRows(file: string): Array<{ seq: number; row_id: string }> {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT seq, row_id FROM audit ORDER BY id').all() as Array<{ seq: number; row_id: string }>
  } finally {
    db.close()
  }
}

describe('audit entries carried by their log rows (SQLite)', () => {
  it("writes a commit's entries with its log row, copies them into the table before any read, in seq order", async () => {
    const file = tempFile()
    const storage = await openWithWorkbook(file)
    const first = await storage.store.commitUpdate('wb', entry(1))
    const second = await storage.store.commitUpdate('wb', entry(2))
    // Committed, and not yet in the table: the copy waits for a batch.
    expect(tableRows(file)).toEqual([])
    const history = await storage.audit.history('wb', {})
    expect(history.map((e) => [e.seq, e.rowId, e.new, e.at])).toEqual([
      [second, 'r2', 2, AT],
      [first, 'r1', 1, AT],
    ])
    expect(tableRows(file)).toEqual([
      { seq: first, row_id: 'r1' },
      { seq: second, row_id: 'r2' },
    ])
    await storage.close()
  })

  it('copies on its own, without a reader, once a batch of entries waits', async () => {
    const file = tempFile()
    const storage = await openWithWorkbook(file)
    for (let n = 1; n < INDEX_AFTER_ENTRIES; n++) await storage.store.commitUpdate('wb', entry(n))
    await new Promise((resolve) => setImmediate(resolve))
    expect(tableRows(file)).toEqual([])
    await storage.store.commitUpdate('wb', entry(INDEX_AFTER_ENTRIES))
    await until(() => tableRows(file).length === INDEX_AFTER_ENTRIES, 'the batch to be copied')
    expect(tableRows(file).map((r) => r.row_id)).toEqual(Array.from({ length: INDEX_AFTER_ENTRIES }, (_, i) => `r${i + 1}`))
    await storage.close()
  })

  it('copies while another connection holds the write lock (a checkpoint restarting the WAL) by waiting for it, not failing', async () => {
    const file = tempFile()
    const storage = await openWithWorkbook(file)
    const seq = await storage.store.commitUpdate('wb', entry(1))
    const lock = await holdWriteLock(file, 300)
    // The copy reads where it stands before it writes: begun as a plain (deferred) transaction, SQLite answers SQLITE_BUSY at once.
    expect((await storage.audit.history('wb', {})).map((e) => e.seq)).toEqual([seq])
    await lock.released
    await storage.close()
  })

  it('carries ids, addresses and inputs a client chose byte for byte: quotes, backslashes, NUL, JSON-like text, emoji', async () => {
    const storage = await openWithWorkbook()
    // Cell keys and values arrive in client updates (UTF-8, so no lone surrogates); the JSON they travel in must not bend them.
    const chosen = ['r"1\'', 'c\\u0041', 'x\u0000y', '{"s":"other"}', '$.s', 'ä😀\u2028']
    const audit = chosen.map((id, i) => ({
      userId: 'u-eva',
      sheetId: id,
      rowId: chosen[(i + 1) % chosen.length] as string,
      colId: chosen[(i + 2) % chosen.length] as string,
      address: `'${id}'!A1`,
      old: id,
      new: i % 2 === 0 ? `=SUM(${id})` : i + 0.5,
    }))
    const seq = await storage.store.commitUpdate('wb', { update: entry(1).update, userId: 'u-eva', bind: [], audit, at: AT })
    const history = await storage.audit.history('wb', {})
    expect(
      history.map(({ seq: s, userId, sheetId, rowId, colId, address, old, new: now }) => ({
        s,
        userId,
        sheetId,
        rowId,
        colId,
        address,
        old,
        new: now,
      })),
    ).toEqual([...audit].reverse().map((e) => ({ s: seq, ...e })))
    await storage.close()
  })

  it('copies what a crash left uncopied when the file is opened again, once', async () => {
    const file = tempFile()
    const storage = await openWithWorkbook(file)
    const seq = await storage.store.commitUpdate('wb', entry(1))
    // A copy of the file as it stood right after the commit: what a process killed then leaves behind.
    const crashed = tempFile()
    storage.db.prepare('VACUUM INTO ?').run(crashed)
    await storage.close()
    expect(tableRows(crashed)).toEqual([])
    const reopened = openSqliteStorage(crashed)
    expect(tableRows(crashed)).toEqual([{ seq, row_id: 'r1' }])
    await reopened.close()
    const again = openSqliteStorage(crashed)
    expect((await again.audit.history('wb', {})).map((e) => e.seq)).toEqual([seq])
    await again.close()
  })
})
