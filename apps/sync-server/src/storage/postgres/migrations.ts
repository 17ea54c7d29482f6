import type pg from 'pg'

/**
 * The whole PostgreSQL schema, as ordered steps recorded in `schema_migrations`. Every table is
 * created here and nowhere else. Never edit a released step (a database that ran it would not
 * run it again): add one. Times are ISO text, as in SQLite, so both answer the same strings.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1. Everything SQLite reached in its four steps, in one.
  `CREATE TABLE workbooks (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE updates (
     seq BIGSERIAL PRIMARY KEY,
     workbook_id TEXT NOT NULL REFERENCES workbooks(id),
     data BYTEA NOT NULL,
     user_id TEXT,
     created_at TEXT NOT NULL
   );
   CREATE INDEX updates_by_workbook ON updates(workbook_id, seq);
   CREATE TABLE workbook_snapshots (
     id BIGSERIAL PRIMARY KEY,
     workbook_id TEXT NOT NULL REFERENCES workbooks(id),
     upto_seq BIGINT NOT NULL,
     data BYTEA NOT NULL
   );
   CREATE INDEX workbook_snapshots_by_workbook ON workbook_snapshots(workbook_id, upto_seq);
   CREATE TABLE client_ids (
     workbook_id TEXT NOT NULL REFERENCES workbooks(id),
     client_id BIGINT NOT NULL,
     user_id TEXT NOT NULL,
     PRIMARY KEY (workbook_id, client_id)
   );
   CREATE TABLE quarantine (
     id BIGSERIAL PRIMARY KEY,
     workbook_id TEXT NOT NULL REFERENCES workbooks(id),
     kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'update')),
     seq BIGINT NOT NULL,
     user_id TEXT,
     data BYTEA NOT NULL,
     reason TEXT NOT NULL,
     quarantined_at TEXT NOT NULL
   );
   CREATE TABLE users (
     id TEXT PRIMARY KEY,
     username TEXT NOT NULL,
     name TEXT NOT NULL,
     role TEXT NOT NULL,
     omrade TEXT,
     password_hash TEXT NOT NULL
   );
   CREATE UNIQUE INDEX users_by_username ON users (lower(username));
   CREATE TABLE workbook_members (
     workbook_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     PRIMARY KEY (workbook_id, user_id)
   );
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE audit (
     id BIGSERIAL PRIMARY KEY,
     workbook_id TEXT NOT NULL,
     seq BIGINT NOT NULL,
     user_id TEXT,
     at TEXT NOT NULL,
     sheet_id TEXT NOT NULL,
     row_id TEXT NOT NULL,
     col_id TEXT NOT NULL,
     address TEXT,
     old_input TEXT,
     new_input TEXT
   );
   CREATE INDEX audit_by_cell ON audit(workbook_id, sheet_id, row_id, col_id, id);
   CREATE INDEX audit_by_workbook ON audit(workbook_id, id);
   CREATE TABLE versions (
     id TEXT PRIMARY KEY,
     workbook_id TEXT NOT NULL,
     name TEXT NOT NULL,
     created_at TEXT NOT NULL,
     created_by TEXT,
     state BYTEA NOT NULL,
     ord BIGSERIAL
   );
   CREATE INDEX versions_by_workbook ON versions(workbook_id, created_at, ord);`,
  // 2. Sign-in through the city's identity provider: a person is (issuer, subject) there; the
  // session generation ends every token issued before it was raised ("Logga ut överallt").
  `ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
   ALTER TABLE users ADD COLUMN oidc_subject TEXT;
   ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
   CREATE UNIQUE INDEX users_by_oidc_identity ON users(oidc_issuer, oidc_subject) WHERE oidc_issuer IS NOT NULL;`,
  // 3. Administration: a deactivated person (deactivated_at set) cannot sign in, and the admin
  // actions' own audit trail (who, what, old -> new).
  `ALTER TABLE users ADD COLUMN deactivated_at TEXT;
   CREATE TABLE admin_audit (
     id BIGSERIAL PRIMARY KEY,
     at TEXT NOT NULL,
     actor_id TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     old_value TEXT,
     new_value TEXT
   );`,
]

/** The version of a database with every step applied. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length

// Any fixed key: servers starting together take turns, so each step runs once.
const MIGRATION_LOCK = 7_161_612

/** Applies the steps the database has not run yet, each in its own transaction with its version. */
export async function migratePostgres(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    )
    const { rows } = await client.query<{ version: number }>('SELECT COALESCE(MAX(version), 0)::int AS version FROM schema_migrations')
    for (let v = rows[0]?.version ?? 0; v < POSTGRES_MIGRATIONS.length; v++) {
      await client.query('BEGIN')
      try {
        await client.query(POSTGRES_MIGRATIONS[v] as string)
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK')
        throw err
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
  }
}
