import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqliteStorage as openStorage } from './open-sqlite'
import { EMPTY_UPDATE, MIGRATIONS, SCHEMA_VERSION } from './schema'
import { tempSqliteFiles } from './test-support'

const files = tempSqliteFiles('samplan-schema-')
const tempFile = files.file

afterEach(() => files.removeAll())

/** Tables and indexes as SQLite describes them (IF NOT EXISTS and leading spaces normalised away). */
function schemaOf(db: Database.Database): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all()
}

/**
 * A database as the server left it before the schema had one owner: the store's three steps,
 * then the tables each module created on open, with those modules' own statements.
 */
function databaseFromBefore(file: string): void {
  const db = new Database(file)
  for (const step of MIGRATIONS.slice(0, 3)) typeof step === 'string' ? db.exec(step) : step(db)
  db.pragma('user_version = 3')
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      omrade TEXT,
      password_hash TEXT NOT NULL
    );
  `)
  db.exec(`
    CREATE TABLE IF NOT EXISTS workbook_members (
      workbook_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      PRIMARY KEY (workbook_id, user_id)
    );
  `)
  db.exec('CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
  db.exec(`
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
  `)
  db.exec(`
    CREATE TABLE IF NOT EXISTS versions (
      id TEXT PRIMARY KEY,
      workbook_id TEXT NOT NULL,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT,
      state BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS versions_by_workbook ON versions(workbook_id, created_at);
  `)
  db.prepare('INSERT INTO workbooks VALUES (?, ?, ?)').run('wb', 'T', '2024-01-01')
  db.prepare('INSERT INTO workbook_snapshots (workbook_id, upto_seq, data) VALUES (?, 0, ?)').run(
    'wb',
    Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())),
  )
  db.prepare("INSERT INTO users VALUES ('u-eva', 'ekonom', 'Eva Ekonom', 'ekonom', NULL, 'scrypt$1$x$y')").run()
  db.prepare("INSERT INTO workbook_members VALUES ('wb', 'u-eva')").run()
  db.prepare("INSERT INTO settings VALUES ('jwt-secret', 'hemlig')").run()
  db.prepare(
    "INSERT INTO audit (workbook_id, seq, user_id, at, sheet_id, row_id, col_id, address, old_input, new_input) VALUES ('wb', 1, 'u-eva', '2024-01-02', 's', 'r', 'c', 'Budget!C2', '1', '2')",
  ).run()
  db.prepare("INSERT INTO versions VALUES ('v-1', 'wb', 'Förslag', '2024-01-03', 'u-eva', x'00')").run()
  db.close()
}

describe('one schema, owned by storage/schema.ts', () => {
  it('migrates a database from before to the current version, keeping every row', async () => {
    const file = tempFile()
    databaseFromBefore(file)
    const storage = openStorage(file)
    expect(storage.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    expect(await storage.users.byUsername('EKONOM')).toMatchObject({ id: 'u-eva', name: 'Eva Ekonom', passwordHash: 'scrypt$1$x$y' })
    expect(await storage.members.workbooksOf('u-eva')).toEqual(['wb'])
    expect(await storage.settings.get('jwt-secret')).toBe('hemlig')
    expect(await storage.audit.history('wb', {})).toEqual([
      expect.objectContaining({ userName: 'Eva Ekonom', address: 'Budget!C2', old: 1, new: 2 }),
    ])
    expect(await storage.versions.list('wb')).toEqual([
      expect.objectContaining({ id: 'v-1', name: 'Förslag', createdByName: 'Eva Ekonom' }),
    ])
    await storage.close()
  })

  it('ends an old and a new database at the same schema', async () => {
    const old = tempFile()
    databaseFromBefore(old)
    await openStorage(old).close()
    const fresh = tempFile()
    await openStorage(fresh).close()
    const [a, b] = [new Database(old, { readonly: true }), new Database(fresh, { readonly: true })]
    expect(schemaOf(a)).toEqual(schemaOf(b))
    expect(schemaOf(b).length).toBeGreaterThan(10)
    a.close()
    b.close()
  })

  it('runs no step twice: reopening a current database changes nothing', async () => {
    const file = tempFile()
    const first = openStorage(file)
    await first.users.insert({ id: 'u-1', username: 'a', name: 'A', role: 'lasare', omrade: null, passwordHash: 'h' })
    await first.close()
    const again = openStorage(file)
    expect((await again.users.list()).map((u) => u.id)).toEqual(['u-1'])
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    await again.close()
  })

  it('migrates a database of the first schema, keeping its snapshot and log', async () => {
    const file = tempFile()
    const old = new Database(file)
    old.exec(`
      CREATE TABLE workbooks (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, workbook_id TEXT NOT NULL REFERENCES workbooks(id),
        data BLOB NOT NULL, user_id TEXT, created_at TEXT NOT NULL);
      CREATE TABLE snapshots (workbook_id TEXT PRIMARY KEY REFERENCES workbooks(id), data BLOB NOT NULL, upto_seq INTEGER NOT NULL);
    `)
    const doc = new Y.Doc()
    doc.getMap('cells:s').set('a:c', 1)
    old.prepare('INSERT INTO workbooks VALUES (?, ?, ?)').run('wb', 'T', '2024-01-01')
    old.prepare('INSERT INTO snapshots VALUES (?, ?, 0)').run('wb', Buffer.from(Y.encodeStateAsUpdate(doc)))
    const sv = Y.encodeStateVector(doc)
    doc.getMap('cells:s').set('b:c', 2)
    old
      .prepare('INSERT INTO updates (workbook_id, data, user_id, created_at) VALUES (?, ?, ?, ?)')
      .run('wb', Buffer.from(Y.encodeStateAsUpdate(doc, sv)), 'u-eva', 'x')
    old.close()
    const storage = openStorage(file)
    expect((await storage.store.loadDoc('wb')).getMap('cells:s').toJSON()).toEqual({ 'a:c': 1, 'b:c': 2 })
    expect(storage.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    // The id that wrote the logged update is that user's.
    expect(await storage.store.clientOwners('wb')).toEqual(new Map([[doc.clientID, 'u-eva']]))
    await storage.close()
  })

  it('keeps a seq the old AUTOINCREMENT counter had handed out taken, when the newest row was set aside under the old rule', async () => {
    const file = tempFile()
    const old = new Database(file)
    for (const step of MIGRATIONS.slice(0, 7)) typeof step === 'string' ? old.exec(step) : step(old)
    old.pragma('user_version = 7')
    const doc = new Y.Doc()
    old.prepare("INSERT INTO workbooks VALUES ('wb', 'T', '2024-01-01')").run()
    old
      .prepare("INSERT INTO workbook_snapshots (workbook_id, upto_seq, data) VALUES ('wb', 0, ?)")
      .run(Buffer.from(Y.encodeStateAsUpdate(doc)))
    const log = old.prepare("INSERT INTO updates (workbook_id, data, user_id, created_at) VALUES ('wb', ?, ?, '2024-01-02')")
    let sv = Y.encodeStateVector(doc)
    for (const value of [1, 2]) {
      doc.getMap('cells:s').set('a:c', value)
      log.run(Buffer.from(Y.encodeStateAsUpdate(doc, sv)), 'u-eva')
      sv = Y.encodeStateVector(doc)
    }
    // The newest row, set aside as the store did then: copied to the quarantine and deleted.
    const bad = Number(log.run(Buffer.from([1, 2, 3]), 'u-mallory').lastInsertRowid)
    old
      .prepare(
        "INSERT INTO quarantine (workbook_id, kind, seq, user_id, data, reason, quarantined_at) VALUES ('wb', 'update', ?, 'u-mallory', x'010203', 'x', 'y')",
      )
      .run(bad)
    old.prepare('DELETE FROM updates WHERE seq = ?').run(bad)
    old.close()

    const storage = openStorage(file)
    expect(storage.db.prepare('SELECT data, user_id AS userId FROM updates WHERE seq = ?').get(bad)).toEqual({
      data: Buffer.from(EMPTY_UPDATE),
      userId: 'u-mallory',
    })
    expect(storage.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE sql LIKE '%updates%AUTOINCREMENT%'").pluck().get()).toBe(0)
    doc.getMap('cells:s').set('a:c', 3)
    const next = await storage.store.appendUpdate('wb', Y.encodeStateAsUpdate(doc, sv), 'u-eva')
    expect(next).toBe(bad + 1)
    expect((await storage.store.loadDoc('wb')).getMap('cells:s').toJSON()).toEqual({ 'a:c': 3 })
    await storage.close()
  })
})
