import type { Api } from '@samplan/domain'
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import * as Y from 'yjs'
import { loadDoc, type SetAside, type StoredSnapshot, type StoredUpdate } from './doc-loader'
import { migrate } from './schema'

export type WorkbookRecord = Api.WorkbookSummary

/** Snapshot after this many appended updates, so a cold load replays a short tail. */
export const COMPACT_EVERY = 2000

/**
 * The embedded store: an append-only log of Yjs updates per workbook plus
 * compacted snapshots, in one SQLite file (WAL). Updates are written
 * synchronously, so an update is on disk before the room relays it.
 */
export interface Store {
  /** The open database, shared by the other tables of this folder (`openStorage`). */
  readonly db: Database.Database
  /**
   * Wraps `fn` so each call runs in one transaction: the room writes an update, its audit
   * entries and its client-id bindings all or nothing.
   */
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void
  listWorkbooks(): WorkbookRecord[]
  getWorkbook(id: string): WorkbookRecord | undefined
  createWorkbook(record: WorkbookRecord, initialState: Uint8Array): void
  /**
   * Rebuilds the document from the newest snapshot that applies cleanly and the
   * updates after it. A snapshot or update that fails to apply (throws, or
   * leaves structs or deletes waiting for something missing) is moved to the
   * quarantine and the load goes on without it.
   */
  loadDoc(id: string): Y.Doc
  appendUpdate(id: string, update: Uint8Array, userId: string | null): number
  /** Folds the log into a new snapshot; the log rows stay (audit/history needs them), and so do the first and the previous snapshot. */
  compact(id: string, doc: Y.Doc): void
  /** Which user each client id of the workbook is bound to. */
  clientOwners(id: string): Map<number, string>
  /** Binds client ids to the user whose connection created them (never rebinds). */
  bindClientIds(id: string, clientIds: readonly number[], userId: string): void
  /** What was set aside while loading, newest first. */
  listQuarantine(id: string): QuarantineEntry[]
  stats(id: string): { updates: number; snapshotBytes: number; logBytes: number }
  close(): void
}

/** A stored snapshot or update that could not be applied, kept for an administrator. */
export type QuarantineEntry = Api.QuarantineEntry

/** Opens the SQLite store at `file` and brings its schema up to date (schema.ts); `:memory:` works for unit tests. */
export function openStore(file: string, log: (msg: string) => void = () => {}): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  migrate(db)
  return new SqliteStore(db, log)
}

function statements(db: Database.Database) {
  return {
    list: db.prepare('SELECT id, title, created_at AS createdAt FROM workbooks ORDER BY created_at'),
    get: db.prepare('SELECT id, title, created_at AS createdAt FROM workbooks WHERE id = ?'),
    insertWorkbook: db.prepare('INSERT INTO workbooks (id, title, created_at) VALUES (?, ?, ?)'),
    snapshots: db.prepare(
      'SELECT id, data, upto_seq AS uptoSeq FROM workbook_snapshots WHERE workbook_id = ? ORDER BY upto_seq DESC, id DESC',
    ),
    insertSnapshot: db.prepare('INSERT INTO workbook_snapshots (workbook_id, upto_seq, data) VALUES (?, ?, ?)'),
    // Keep the first snapshot (the workbook as created) and the two newest.
    pruneSnapshots: db.prepare(
      `DELETE FROM workbook_snapshots WHERE workbook_id = @wb AND upto_seq > 0 AND id NOT IN
         (SELECT id FROM workbook_snapshots WHERE workbook_id = @wb ORDER BY upto_seq DESC, id DESC LIMIT 2)`,
    ),
    deleteSnapshot: db.prepare('DELETE FROM workbook_snapshots WHERE id = ?'),
    tail: db.prepare('SELECT seq, data, user_id AS userId FROM updates WHERE workbook_id = ? AND seq > ? ORDER BY seq'),
    append: db.prepare('INSERT INTO updates (workbook_id, data, user_id, created_at) VALUES (?, ?, ?, ?)'),
    deleteUpdate: db.prepare('DELETE FROM updates WHERE seq = ?'),
    lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE workbook_id = ?'),
    stats: db.prepare(
      'SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM updates WHERE workbook_id = ?',
    ),
    owners: db.prepare('SELECT client_id AS clientId, user_id AS userId FROM client_ids WHERE workbook_id = ?'),
    bind: db.prepare('INSERT OR IGNORE INTO client_ids (workbook_id, client_id, user_id) VALUES (?, ?, ?)'),
    quarantine: db.prepare(
      `INSERT INTO quarantine (workbook_id, kind, seq, user_id, data, reason, quarantined_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    listQuarantine: db.prepare(
      `SELECT kind, seq, user_id AS userId, reason, LENGTH(data) AS bytes, quarantined_at AS quarantinedAt
       FROM quarantine WHERE workbook_id = ? ORDER BY id DESC`,
    ),
  }
}

class SqliteStore implements Store {
  private readonly q: ReturnType<typeof statements>
  /** Moves a row that failed to load to the quarantine, in one transaction. */
  private readonly setAside: (workbookId: string, row: SetAside) => void

  constructor(
    readonly db: Database.Database,
    log: (msg: string) => void,
  ) {
    const q = statements(db)
    this.q = q
    this.setAside = db.transaction((workbookId: string, row: SetAside) => {
      q.quarantine.run(workbookId, row.kind, row.seq, row.userId, row.data, row.reason, new Date().toISOString())
      if (row.kind === 'snapshot') q.deleteSnapshot.run(row.rowId)
      else q.deleteUpdate.run(row.rowId)
      log(`workbook ${workbookId}: ${row.kind} ${row.seq} quarantined: ${row.reason}`)
    })
  }

  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return this.db.transaction(fn)
  }

  listWorkbooks(): WorkbookRecord[] {
    return this.q.list.all() as WorkbookRecord[]
  }

  getWorkbook(id: string): WorkbookRecord | undefined {
    return this.q.get.get(id) as WorkbookRecord | undefined
  }

  createWorkbook(record: WorkbookRecord, initialState: Uint8Array): void {
    this.db.transaction(() => {
      this.q.insertWorkbook.run(record.id, record.title, record.createdAt)
      this.q.insertSnapshot.run(record.id, 0, Buffer.from(initialState))
    })()
  }

  loadDoc(id: string): Y.Doc {
    return loadDoc({
      snapshots: () => this.snapshotsOf(id),
      updatesAfter: (seq) => this.q.tail.all(id, seq) as StoredUpdate[],
      setAside: (row) => this.setAside(id, row),
    })
  }

  appendUpdate(id: string, update: Uint8Array, userId: string | null): number {
    return Number(this.q.append.run(id, Buffer.from(update), userId, new Date().toISOString()).lastInsertRowid)
  }

  compact(id: string, doc: Y.Doc): void {
    const upto = (this.q.lastSeq.get(id) as { seq: number }).seq
    this.db.transaction(() => {
      this.q.insertSnapshot.run(id, upto, Buffer.from(Y.encodeStateAsUpdate(doc)))
      this.q.pruneSnapshots.run({ wb: id })
    })()
  }

  clientOwners(id: string): Map<number, string> {
    const rows = this.q.owners.all(id) as Array<{ clientId: number; userId: string }>
    return new Map(rows.map((r) => [r.clientId, r.userId]))
  }

  bindClientIds(id: string, clientIds: readonly number[], userId: string): void {
    for (const client of clientIds) this.q.bind.run(id, client, userId)
  }

  listQuarantine(id: string): QuarantineEntry[] {
    return this.q.listQuarantine.all(id) as QuarantineEntry[]
  }

  stats(id: string): { updates: number; snapshotBytes: number; logBytes: number } {
    const s = this.q.stats.get(id) as { n: number; bytes: number }
    return { updates: s.n, logBytes: s.bytes, snapshotBytes: this.snapshotsOf(id)[0]?.data.length ?? 0 }
  }

  close(): void {
    this.db.close()
  }

  private snapshotsOf(id: string): StoredSnapshot[] {
    return this.q.snapshots.all(id) as StoredSnapshot[]
  }
}
