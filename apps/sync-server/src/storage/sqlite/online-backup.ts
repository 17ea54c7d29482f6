import Database from 'better-sqlite3'

/**
 * Copies the SQLite database at `source` to `target` with SQLite's online backup: a running
 * server keeps writing meanwhile, and the copy is one consistent state (a file copy of a WAL
 * database is not). Resolves with the pages copied.
 */
export async function backupSqlite(source: string, target: string): Promise<number> {
  const db = new Database(source, { fileMustExist: true })
  try {
    const { totalPages } = await db.backup(target)
    return totalPages
  } finally {
    db.close()
  }
}
