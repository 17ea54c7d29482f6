import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openSqliteStorage } from './sqlite/open-sqlite'
import { describeStorageContract } from './storage.contract'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describeStorageContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-store-'))
  dirs.push(dir)
  const file = join(dir, 'db.sqlite')
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
