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
  /** Rebuilds the document from the latest snapshot and the updates after it. */
  loadDoc(id: string): Y.Doc
  appendUpdate(id: string, update: Uint8Array, userId: string | null): number
  /** Folds the log into one snapshot; the log rows stay (audit/history needs them). */
  compact(id: string, doc: Y.Doc): void
  stats(id: string): { updates: number; snapshotBytes: number; logBytes: number }
  close(): void
}

/** Opens (and migrates) the SQLite store at `file`; `:memory:` works for unit tests. */
export function openStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(`
    CREATE TABLE IF NOT EXISTS workbooks (
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
    );
  `)

  const q = {
    list: db.prepare('SELECT id, title, created_at AS createdAt FROM workbooks ORDER BY created_at'),
    get: db.prepare('SELECT id, title, created_at AS createdAt FROM workbooks WHERE id = ?'),
    insertWorkbook: db.prepare('INSERT INTO workbooks (id, title, created_at) VALUES (?, ?, ?)'),
    snapshot: db.prepare('SELECT data, upto_seq AS uptoSeq FROM snapshots WHERE workbook_id = ?'),
    tail: db.prepare('SELECT data FROM updates WHERE workbook_id = ? AND seq > ? ORDER BY seq'),
    append: db.prepare('INSERT INTO updates (workbook_id, data, user_id, created_at) VALUES (?, ?, ?, ?)'),
    upsertSnapshot: db.prepare(
      `INSERT INTO snapshots (workbook_id, data, upto_seq) VALUES (?, ?, ?)
       ON CONFLICT(workbook_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq`,
    ),
    lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE workbook_id = ?'),
    countSince: db.prepare('SELECT COUNT(*) AS n FROM updates WHERE workbook_id = ? AND seq > ?'),
    stats: db.prepare(
      'SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM updates WHERE workbook_id = ?',
    ),
  }

  const snapshotOf = (id: string) =>
    q.snapshot.get(id) as { data: Buffer; uptoSeq: number } | undefined

  const store: Store = {
    db,
    listWorkbooks: () => q.list.all() as WorkbookRecord[],
    getWorkbook: (id) => q.get.get(id) as WorkbookRecord | undefined,
    createWorkbook(record, initialState) {
      db.transaction(() => {
        q.insertWorkbook.run(record.id, record.title, record.createdAt)
        q.upsertSnapshot.run(record.id, Buffer.from(initialState), 0)
      })()
    },
    loadDoc(id) {
      const doc = new Y.Doc({ gc: true })
      const snap = snapshotOf(id)
      if (snap) Y.applyUpdate(doc, snap.data)
      for (const row of q.tail.iterate(id, snap?.uptoSeq ?? 0) as Iterable<{ data: Buffer }>) {
        Y.applyUpdate(doc, row.data)
      }
      return doc
    },
    appendUpdate(id, update, userId) {
      const info = q.append.run(id, Buffer.from(update), userId, new Date().toISOString())
      return Number(info.lastInsertRowid)
    },
    compact(id, doc) {
      const upto = (q.lastSeq.get(id) as { seq: number }).seq
      q.upsertSnapshot.run(id, Buffer.from(Y.encodeStateAsUpdate(doc)), upto)
    },
    stats(id) {
      const s = q.stats.get(id) as { n: number; bytes: number }
      return { updates: s.n, logBytes: s.bytes, snapshotBytes: snapshotOf(id)?.data.length ?? 0 }
    },
    close: () => db.close(),
  }
  return store
}
