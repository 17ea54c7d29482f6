import type Database from 'better-sqlite3'

/**
 * `fn` as a write transaction that begins IMMEDIATE: it takes the write lock first, waiting in
 * SQLite's busy handler while another connection holds it (the checkpoint thread's RESTART,
 * wal-checkpointer.ts). A deferred transaction that has read before its first write gets
 * SQLITE_BUSY at once there instead: SQLite does not wait in it, to avoid a deadlock. Nested in
 * another transaction it is a savepoint, as every better-sqlite3 transaction is.
 */
export function writeTransaction<F extends (...args: never[]) => unknown>(db: Database.Database, fn: F): F {
  return db.transaction(fn).immediate as unknown as F
}
