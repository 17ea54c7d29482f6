import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JournalEntry } from '../store'
import { openSqliteStorage } from './open-sqlite'

const AT = '2024-01-01T00:00:00.000Z'
const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-audit-index-'))
  dirs.push(dir)
  return join(dir, 'db.sqlite')
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

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
    const storage = openSqliteStorage(file)
    await storage.store.createWorkbook({ id: 'wb', title: 'T', createdAt: AT }, Y.encodeStateAsUpdate(new Y.Doc()))
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

  it('copies what a crash left uncopied when the file is opened again, once', async () => {
    const file = tempFile()
    const storage = openSqliteStorage(file)
    await storage.store.createWorkbook({ id: 'wb', title: 'T', createdAt: AT }, Y.encodeStateAsUpdate(new Y.Doc()))
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
