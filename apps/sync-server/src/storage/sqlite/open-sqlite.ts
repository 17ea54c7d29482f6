import Database from 'better-sqlite3'
import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Storage } from '../open-storage'
import { AuditIndex } from './audit-index'
import { holdOwnerLock } from './owner-lock'
import { PendingLog, pendingLogFile, readPendingLog } from './pending-log'
import { migrate } from './schema'
import { SqliteStore } from './sqlite-store'
import { WalCheckpointer } from './wal-checkpointer'
import { openSqliteAuditLog, openSqliteMemberTable, openSqliteSettings, openSqliteUserTable, openSqliteVersionStore } from './sqlite-tables'

/** The SQLite storage, with its database open for tests that plant rows. */
export interface SqliteStorage extends Storage {
  readonly db: Database.Database
  readonly store: SqliteStore
}

/** How the SQLite file is opened. */
export interface SqliteOptions {
  /**
   * Other connections may write to the file meanwhile (tests of that case; the server owns its file):
   * every turn is then a SQLite transaction of its own, with no pending log and no owner lock.
   */
  shared?: boolean
}

/**
 * Opens the SQLite file (`:memory:` for tests) in WAL mode, migrated to the current schema
 * (schema.ts). Unless `shared`, this process takes the file's owner lock (owner-lock.ts) and turns
 * are committed to the pending log (pending-log.ts): what a previous server left there is moved in first.
 */
export function openSqliteStorage(file: string, log: (msg: string) => void = () => {}, options: SqliteOptions = {}): SqliteStorage {
  const inMemory = file === ':memory:'
  if (!inMemory) mkdirSync(dirname(file), { recursive: true })
  const owner = inMemory || options.shared ? null : holdOwnerLock(file)
  try {
    return openDatabase(file, log, options, owner)
  } catch (err) {
    owner?.release()
    throw err
  }
}

/** A copy of the pending log, made before it is emptied, until what it held is known to be in the database. */
function keepAside(pendingFile: string): string {
  const copy = `${pendingFile}-${new Date().toISOString().replace(/[:.]/g, '-')}`
  copyFileSync(pendingFile, copy)
  return copy
}

function openDatabase(file: string, log: (msg: string) => void, options: SqliteOptions, owner: { release(): void } | null): SqliteStorage {
  const inMemory = file === ':memory:'
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  migrate(db)
  // Checkpoints run on a thread of their own (wal-checkpointer.ts), never inside a commit on the event loop.
  const checkpointer = inMemory ? null : new WalCheckpointer(file, () => db.pragma('wal_autocheckpoint = 1000'), log)
  if (checkpointer) db.pragma('wal_autocheckpoint = 0')
  let store: SqliteStore | null = null
  const auditIndex = new AuditIndex(db, log, () => store?.movePending())
  const pendingLog = options.shared ? null : new PendingLog(inMemory ? null : pendingLogFile(file))
  store = new SqliteStore(db, log, auditIndex, (entries) => checkpointer?.written(entries), pendingLog)
  if (pendingLog?.file) {
    const rows = readPendingLog(pendingLog.file)
    const kept = rows.length > 0 ? keepAside(pendingLog.file) : null
    const { moved, unmatched } = store.recoverPending(rows)
    if (moved > 0) log(`${file}: ${moved} log entries from the pending log moved in`)
    if (unmatched > 0)
      log(`${file}: the pending log held ${unmatched} entries that do not follow this database's log; not moved in, kept as ${kept}`)
    else if (kept) rmSync(kept)
  }
  const opened = store
  return {
    kind: 'sqlite',
    db,
    store: opened,
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
      opened.close()
      auditIndex.close()
      await checkpointer?.close()
      db.close()
      owner?.release()
    },
  }
}
