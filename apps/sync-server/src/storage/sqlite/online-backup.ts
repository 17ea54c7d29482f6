import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { openSqliteStorage } from './open-sqlite'
import { ownerLockFile } from './owner-lock'
import { PendingLog, pendingLogFile, readPendingLog } from './pending-log'

/**
 * Copies the SQLite database at `source` to `target` with SQLite's online backup: a running
 * server keeps writing meanwhile, and the copy is one consistent state (a file copy of a WAL
 * database is not). The server's pending log (pending-log.ts) is read before the copy: an entry it
 * moves into the file meanwhile is in the copy, and one still pending is moved into the copy
 * after, as a server opening it would. Resolves with the pages copied.
 */
export async function backupSqlite(source: string, target: string): Promise<number> {
  const pending = readPendingLog(pendingLogFile(source))
  const db = new Database(source, { fileMustExist: true })
  let pages: number
  try {
    pages = (await db.backup(target)).totalPages
  } finally {
    db.close()
  }
  if (pending.length > 0) {
    const log = new PendingLog(pendingLogFile(target))
    log.append(pending)
    log.close()
    await openSqliteStorage(target).close()
  }
  rmSync(pendingLogFile(target), { force: true })
  // The copy's owner lock, and the rollback journal SQLite may leave beside it.
  for (const file of [ownerLockFile(target), `${ownerLockFile(target)}-journal`]) rmSync(file, { force: true })
  return pages
}
