import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import * as Y from 'yjs'

export interface WorkbookRecord {
  id: string
  title: string
  createdAt: string
}

/** Snapshot after this many appended updates, so a cold load replays a short tail. */
export const COMPACT_EVERY = 2000

/**
 * The embedded store: an append-only log of Yjs updates per workbook plus
 * compacted snapshots, in one SQLite file (WAL). Updates are written
 * synchronously, so an update is on disk before the room relays it.
 */
export interface Store {
  /** The open database, shared with the user directory and the audit log. */
  readonly db: Database.Database
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
export interface QuarantineEntry {
  kind: 'snapshot' | 'update'
  /** The update's log sequence number, or the snapshot's `upto` sequence. */
  seq: number
  userId: string | null
  reason: string
  bytes: number
  quarantinedAt: string
}

/**
 * Versioned schema migrations, applied in order and recorded in SQLite's
 * `user_version`. Never edit a released step; add one.
 */
const MIGRATIONS: ReadonlyArray<string | ((db: Database.Database) => void)> = [
  `CREATE TABLE IF NOT EXISTS workbooks (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE IF NOT EXISTS updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     workbook_id TEXT NOT NULL REFERENCES workbooks(id),
     data BLOB NOT NULL,
     user_id TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS updates_by_workbook ON updates(workbook_id, seq);
   CREATE TABLE IF NOT EXISTS snapshots (
     workbook_id TEXT PRIMARY KEY REFERENCES workbooks(id),
     data BLOB NOT NULL,
     upto_seq INTEGER NOT NULL
   );`,
  // Several snapshots per workbook (a bad one falls back to the one before), client id
  // ownership, and the quarantine of what failed to load.
  `CREATE TABLE workbook_snapshots (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     workbook_id TEXT NOT NULL REFERENCES workbooks(id),
     upto_seq INTEGER NOT NULL,
     data BLOB NOT NULL
   );
   CREATE INDEX workbook_snapshots_by_workbook ON workbook_snapshots(workbook_id, upto_seq);
   INSERT INTO workbook_snapshots (workbook_id, upto_seq, data) SELECT workbook_id, upto_seq, data FROM snapshots;
   DROP TABLE snapshots;
   CREATE TABLE client_ids (
     workbook_id TEXT NOT NULL REFERENCES workbooks(id),
     client_id INTEGER NOT NULL,
     user_id TEXT NOT NULL,
     PRIMARY KEY (workbook_id, client_id)
   );
   CREATE TABLE quarantine (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     workbook_id TEXT NOT NULL REFERENCES workbooks(id),
     kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'update')),
     seq INTEGER NOT NULL,
     user_id TEXT,
     data BLOB NOT NULL,
     reason TEXT NOT NULL,
     quarantined_at TEXT NOT NULL
   );`,
  // Client ids already in the log belong to the user whose update first wrote under them, so
  // tabs left open across the upgrade keep writing under their own ids.
  bindClientIdsFromLog,
]

/** Opens (and migrates) the SQLite store at `file`; `:memory:` works for unit tests. */
export function openStore(file: string, log: (msg: string) => void = () => {}): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  migrate(db)

  const q = {
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

  const snapshotsOf = (id: string) => q.snapshots.all(id) as Array<{ id: number; data: Buffer; uptoSeq: number }>

  const setAside = db.transaction(
    (workbookId: string, entry: { kind: 'snapshot' | 'update'; rowId: number; seq: number; userId: string | null; data: Buffer; reason: string }) => {
      q.quarantine.run(workbookId, entry.kind, entry.seq, entry.userId, entry.data, entry.reason, new Date().toISOString())
      if (entry.kind === 'snapshot') q.deleteSnapshot.run(entry.rowId)
      else q.deleteUpdate.run(entry.rowId)
      log(`workbook ${workbookId}: ${entry.kind} ${entry.seq} quarantined: ${entry.reason}`)
    },
  )

  const store: Store = {
    db,
    listWorkbooks: () => q.list.all() as WorkbookRecord[],
    getWorkbook: (id) => q.get.get(id) as WorkbookRecord | undefined,
    createWorkbook(record, initialState) {
      db.transaction(() => {
        q.insertWorkbook.run(record.id, record.title, record.createdAt)
        q.insertSnapshot.run(record.id, 0, Buffer.from(initialState))
      })()
    },
    loadDoc(id) {
      for (const snap of snapshotsOf(id)) {
        const base = new Y.Doc({ gc: true })
        const failure = applyCleanly(base, snap.data)
        base.destroy()
        if (failure) {
          setAside(id, { kind: 'snapshot', rowId: snap.id, seq: snap.uptoSeq, userId: null, data: snap.data, reason: failure })
          continue
        }
        return replayLog(id, snap.data, snap.uptoSeq)
      }
      return replayLog(id, null, 0)
    },
    appendUpdate(id, update, userId) {
      const info = q.append.run(id, Buffer.from(update), userId, new Date().toISOString())
      return Number(info.lastInsertRowid)
    },
    compact(id, doc) {
      const upto = (q.lastSeq.get(id) as { seq: number }).seq
      db.transaction(() => {
        q.insertSnapshot.run(id, upto, Buffer.from(Y.encodeStateAsUpdate(doc)))
        q.pruneSnapshots.run({ wb: id })
      })()
    },
    clientOwners(id) {
      const rows = q.owners.all(id) as Array<{ clientId: number; userId: string }>
      return new Map(rows.map((r) => [r.clientId, r.userId]))
    },
    bindClientIds(id, clientIds, userId) {
      for (const client of clientIds) q.bind.run(id, client, userId)
    },
    listQuarantine: (id) => q.listQuarantine.all(id) as QuarantineEntry[],
    stats(id) {
      const s = q.stats.get(id) as { n: number; bytes: number }
      return { updates: s.n, logBytes: s.bytes, snapshotBytes: snapshotsOf(id)[0]?.data.length ?? 0 }
    },
    close: () => db.close(),
  }

  /** The snapshot plus every log row after it that applies cleanly; a row that does not is set aside. */
  function replayLog(id: string, snapshot: Buffer | null, fromSeq: number): Y.Doc {
    const fresh = () => {
      const doc = new Y.Doc({ gc: true })
      if (snapshot) Y.applyUpdate(doc, snapshot)
      return doc
    }
    let doc = fresh()
    const applied: Buffer[] = []
    const rows = q.tail.all(id, fromSeq) as Array<{ seq: number; data: Buffer; userId: string | null }>
    for (const row of rows) {
      const failure = applyCleanly(doc, row.data)
      if (!failure) {
        applied.push(row.data)
        continue
      }
      setAside(id, { kind: 'update', rowId: row.seq, seq: row.seq, userId: row.userId, data: row.data, reason: failure })
      // A failed apply may have changed the doc half-way: start again from what was good.
      doc.destroy()
      doc = fresh()
      for (const data of applied) Y.applyUpdate(doc, data)
    }
    return doc
  }
  return store
}

/** Applies stored bytes; returns why they do not apply cleanly, or null when they do. */
function applyCleanly(doc: Y.Doc, data: Uint8Array): string | null {
  try {
    Y.applyUpdate(doc, data)
  } catch (err) {
    return `kan inte tillämpas (${(err as Error).message})`
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return 'saknar föregående ändringar'
  return null
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number
  for (let v = version; v < MIGRATIONS.length; v++) {
    const step = MIGRATIONS[v] as string | ((db: Database.Database) => void)
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step)
      else step(db)
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}

function bindClientIdsFromLog(db: Database.Database): void {
  const bind = db.prepare('INSERT OR IGNORE INTO client_ids (workbook_id, client_id, user_id) VALUES (?, ?, ?)')
  // Pages, because better-sqlite3 cannot write while a statement is still iterating.
  const page = db.prepare(
    'SELECT seq, workbook_id AS workbookId, data, user_id AS userId FROM updates WHERE user_id IS NOT NULL AND seq > ? ORDER BY seq LIMIT 500',
  )
  for (let after = 0; ; ) {
    const rows = page.all(after) as Array<{ seq: number; workbookId: string; data: Buffer; userId: string }>
    if (rows.length === 0) return
    for (const row of rows) {
      after = row.seq
      let clients: Set<number>
      try {
        clients = new Set(Y.decodeUpdate(row.data).structs.map((s) => s.id.client))
      } catch {
        continue // an undecodable row is the loader's to quarantine
      }
      for (const client of clients) bind.run(row.workbookId, client, row.userId)
    }
  }
}
