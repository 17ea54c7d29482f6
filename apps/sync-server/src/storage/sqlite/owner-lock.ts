import Database from 'better-sqlite3'

/** Thrown at start-up when another server process holds the SQLite file. */
export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError'
  constructor(readonly file: string) {
    super(
      `${file} is in use by another Samplan server. One server owns a SQLite file; stop the other one, give this one its own SAMPLAN_DATA_DIR, or run several servers on PostgreSQL and Redis.`,
    )
  }
}

/** The file beside a SQLite database whose lock says which process owns it. */
export function ownerLockFile(databaseFile: string): string {
  return `${databaseFile}-owner`
}

/**
 * Takes the lock that makes this process the only one writing the SQLite file at `databaseFile`,
 * held until `release` or the process's end (the operating system drops it then, so a killed
 * server leaves no stale lock). The store commits to a pending log of its own and numbers the
 * entries itself (pending-log.ts), which only one writer may do. The lock is SQLite's own, on a
 * small database beside the file, kept in exclusive locking mode: Node has no `flock`.
 */
export function holdOwnerLock(databaseFile: string): { release(): void } {
  const lock = new Database(ownerLockFile(databaseFile), { timeout: 0 })
  try {
    lock.pragma('locking_mode = EXCLUSIVE')
    // A write takes the exclusive lock, which this locking mode then keeps until the connection closes.
    lock.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL)')
    lock.prepare('DELETE FROM owner').run()
    lock.prepare('INSERT INTO owner (pid) VALUES (?)').run(process.pid)
  } catch (err) {
    lock.close()
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(databaseFile)
    throw err
  }
  return { release: () => lock.close() }
}
