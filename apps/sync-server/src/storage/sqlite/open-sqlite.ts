import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Storage } from '../open-storage'
import { AuditIndex } from './audit-index'
import { migrate } from './schema'
import { SqliteStore } from './sqlite-store'
import { WalCheckpointer } from './wal-checkpointer'
import { openSqliteAuditLog, openSqliteMemberTable, openSqliteSettings, openSqliteUserTable, openSqliteVersionStore } from './sqlite-tables'

/** The SQLite storage, with its database open for tests that plant rows. */
export interface SqliteStorage extends Storage {
  readonly db: Database.Database
  readonly store: SqliteStore
}

/** Opens the SQLite file (`:memory:` for tests) in WAL mode, migrated to the current schema (schema.ts). */
export function openSqliteStorage(file: string, log: (msg: string) => void = () => {}): SqliteStorage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  migrate(db)
  // Checkpoints run on a thread of their own (wal-checkpointer.ts), never inside a commit on the event loop.
  const checkpointer = file === ':memory:' ? null : new WalCheckpointer(file, () => db.pragma('wal_autocheckpoint = 1000'), log)
  if (checkpointer) db.pragma('wal_autocheckpoint = 0')
  const auditIndex = new AuditIndex(db, log)
  return {
    kind: 'sqlite',
    db,
    store: new SqliteStore(db, log, auditIndex, () => checkpointer?.written()),
    users: openSqliteUserTable(db),
    members: openSqliteMemberTable(db),
    settings: openSqliteSettings(db),
    audit: openSqliteAuditLog(db, auditIndex),
    versions: openSqliteVersionStore(db),
    async ping() {
      db.prepare('SELECT 1').get()
    },
    // One process owns the file.
    exclusive: (fn) => fn(),
    async close() {
      auditIndex.close()
      await checkpointer?.close()
      db.close()
    },
  }
}
