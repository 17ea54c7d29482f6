import type Database from 'better-sqlite3'
import * as Y from 'yjs'

type Migration = string | ((db: Database.Database) => void)

/**
 * The whole SQLite schema, as ordered migrations recorded in SQLite's `user_version`. Every
 * table is created here and nowhere else; the modules of this folder only prepare statements.
 * Never edit a released step (a database that ran it would not run it again): add one.
 */
export const MIGRATIONS: readonly Migration[] = [
  // 1. The update log and one snapshot per workbook.
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
  // 2. Several snapshots per workbook (a bad one falls back to the one before), client id
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
  // 3. Client ids already in the log belong to the user whose update first wrote under them, so
  // tabs left open across the upgrade keep writing under their own ids.
  bindClientIdsFromLog,
  // 4. The tables each module used to create for itself on open. IF NOT EXISTS, with the same
  // definitions, so a database that has them keeps them (and their rows) and a new one gets them.
  `CREATE TABLE IF NOT EXISTS users (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      omrade TEXT,
      password_hash TEXT NOT NULL
    );
   CREATE TABLE IF NOT EXISTS workbook_members (
      workbook_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      PRIMARY KEY (workbook_id, user_id)
    );
   CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      workbook_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      user_id TEXT,
      at TEXT NOT NULL,
      sheet_id TEXT NOT NULL,
      row_id TEXT NOT NULL,
      col_id TEXT NOT NULL,
      address TEXT,
      old_input TEXT,
      new_input TEXT
    );
   CREATE INDEX IF NOT EXISTS audit_by_cell ON audit(workbook_id, sheet_id, row_id, col_id, id);
   CREATE INDEX IF NOT EXISTS audit_by_workbook ON audit(workbook_id, id);
   CREATE TABLE IF NOT EXISTS versions (
      id TEXT PRIMARY KEY,
      workbook_id TEXT NOT NULL,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT,
      state BLOB NOT NULL
    );
   CREATE INDEX IF NOT EXISTS versions_by_workbook ON versions(workbook_id, created_at);`,
  // 5. Sign-in through the city's identity provider: a person is (issuer, subject) there; the
  // session generation ends every token issued before it was raised ("Logga ut överallt").
  `ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
   ALTER TABLE users ADD COLUMN oidc_subject TEXT;
   ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
   CREATE UNIQUE INDEX users_by_oidc_identity ON users(oidc_issuer, oidc_subject) WHERE oidc_issuer IS NOT NULL;`,
  // 6. Administration: a deactivated person (deactivated_at set) cannot sign in, and the admin
  // actions' own audit trail (who, what, old -> new).
  `ALTER TABLE users ADD COLUMN deactivated_at TEXT;
   CREATE TABLE admin_audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     actor_id TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     old_value TEXT,
     new_value TEXT
   );`,
  // 7. A log row carries its audit entries (JSON), written with it in one INSERT; they are copied
  // into \`audit\` in batches (audit-index.ts) up to the seq noted here. Everything logged before
  // this step has its rows in \`audit\` already.
  `ALTER TABLE updates ADD COLUMN audit TEXT;
   CREATE TABLE audit_indexed (id INTEGER PRIMARY KEY CHECK (id = 1), upto_seq INTEGER NOT NULL);
   INSERT INTO audit_indexed (id, upto_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM updates;`,
  // 8. The log's seq without AUTOINCREMENT: its counter was a third page every commit wrote.
  updatesWithoutAutoincrement,
]

/**
 * The empty update (no structs, no deletions): what a log row that was set aside holds, so its seq
 * stays taken. Yjs applies it as nothing.
 */
export const EMPTY_UPDATE: Uint8Array = Uint8Array.of(0, 0)

/** The `user_version` of a database with every migration applied. */
export const SCHEMA_VERSION = MIGRATIONS.length

/** Applies the steps the database has not run yet, each in its own transaction with its version. */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number
  for (let v = version; v < MIGRATIONS.length; v++) {
    const step = MIGRATIONS[v] as Migration
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

/**
 * Rebuilds `updates` with `seq INTEGER PRIMARY KEY` (the newest seq plus one) instead of
 * AUTOINCREMENT, whose counter row SQLite rewrites at every insert: measured on this machine, a
 * one-row commit wrote 12.9 KiB of WAL with it and 8.8 KiB without (a page fewer to write and later
 * to checkpoint), and took 33-36 µs against 27-28 µs (94 against 49 µs on a loaded machine). A seq
 * must still never be used twice (snapshots, the audit index and the quarantine name entries by
 * it), and without the counter only a deleted newest row could free one: so log rows are never
 * deleted any more (a row set aside keeps its seq and holds EMPTY_UPDATE), and a counter that had
 * run past the newest row (that row was set aside under the old rule) becomes such a row.
 */
function updatesWithoutAutoincrement(db: Database.Database): void {
  const counter = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'updates'").pluck().get() as number | undefined) ?? 0
  db.exec(
    `CREATE TABLE updates_next (
       seq INTEGER PRIMARY KEY,
       workbook_id TEXT NOT NULL REFERENCES workbooks(id),
       data BLOB NOT NULL,
       user_id TEXT,
       created_at TEXT NOT NULL,
       audit TEXT
     );
     INSERT INTO updates_next (seq, workbook_id, data, user_id, created_at, audit)
       SELECT seq, workbook_id, data, user_id, created_at, audit FROM updates;
     DROP TABLE updates;
     ALTER TABLE updates_next RENAME TO updates;
     CREATE INDEX updates_by_workbook ON updates(workbook_id, seq);`,
  )
  const newest = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM updates').pluck().get() as number
  if (counter <= newest) return
  const setAside = db.prepare("SELECT workbook_id, user_id FROM quarantine WHERE kind = 'update' AND seq = ?").get(counter) as
    | { workbook_id: string; user_id: string | null }
    | undefined
  const workbookId =
    setAside?.workbook_id ?? (db.prepare('SELECT id FROM workbooks ORDER BY id LIMIT 1').pluck().get() as string | undefined)
  // Workbooks are never deleted, and a log row needs one: with none, no row was ever written.
  if (workbookId === undefined) return
  db.prepare('INSERT INTO updates (seq, workbook_id, data, user_id, created_at) VALUES (?, ?, ?, ?, ?)').run(
    counter,
    workbookId,
    Buffer.from(EMPTY_UPDATE),
    setAside?.user_id ?? null,
    new Date().toISOString(),
  )
}
