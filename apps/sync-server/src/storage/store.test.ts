import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SCHEMA_VERSION } from './schema'
import { openStore } from './store'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-store-'))
  dirs.push(dir)
  return join(dir, 'db.sqlite')
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('SQLite store', () => {
  it('rebuilds a document from its snapshot plus the update log after reopening the file', () => {
    const file = tempFile()
    const source = new Y.Doc()
    source.getMap('cells:s1').set('r1:c1', 1)
    let store = openStore(file)
    store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(source))
    source.on('update', (u: Uint8Array) => store.appendUpdate('wb', u, 'user-1'))
    source.getMap('cells:s1').set('r1:c2', 'två')
    source.getArray<string>('rows:s1').push(['r1', 'r2'])
    store.close()

    store = openStore(file)
    const loaded = store.loadDoc('wb')
    expect(loaded.getMap('cells:s1').toJSON()).toEqual({ 'r1:c1': 1, 'r1:c2': 'två' })
    expect(loaded.getArray('rows:s1').toJSON()).toEqual(['r1', 'r2'])
    expect(store.stats('wb').updates).toBe(2)
    store.close()
  })

  it('loads the same state after compaction, keeping the log for history', () => {
    const file = tempFile()
    const store = openStore(file)
    const doc = new Y.Doc()
    store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(doc))
    doc.on('update', (u: Uint8Array) => store.appendUpdate('wb', u, null))
    for (let i = 0; i < 50; i++) doc.getMap('cells:s').set(`r${i}:c`, i)
    store.compact('wb', doc)
    doc.getMap('cells:s').set('after:c', 'x')
    const loaded = store.loadDoc('wb')
    expect(loaded.getMap('cells:s').toJSON()).toEqual(doc.getMap('cells:s').toJSON())
    expect(store.stats('wb').updates).toBe(51)
    store.close()
  })

  it('lists and finds workbooks', () => {
    const store = openStore(tempFile())
    store.createWorkbook({ id: 'a', title: 'A', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(new Y.Doc()))
    expect(store.listWorkbooks()).toEqual([{ id: 'a', title: 'A', createdAt: '2024-01-01' }])
    expect(store.getWorkbook('b')).toBeUndefined()
    store.close()
  })

  it('sets aside an update that fails to apply, loads everything else, and keeps the bad row for an administrator', () => {
    const file = tempFile()
    const store = openStore(file)
    const doc = new Y.Doc()
    store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(doc))
    doc.on('update', (u: Uint8Array) => store.appendUpdate('wb', u, 'u-eva'))
    doc.getMap('cells:s').set('r1:c', 1)
    // Planted rows: bytes Yjs throws on, and an update whose first struct is missing (it would wait forever).
    store.appendUpdate('wb', new Uint8Array([1, 1, 200, 1, 0, 8, 0]), 'u-mallory')
    const gapDoc = new Y.Doc()
    gapDoc.getMap('cells:s').set('g:c', 'first')
    const sv = Y.encodeStateVector(gapDoc)
    gapDoc.getMap('cells:s').set('g:c', 'second')
    store.appendUpdate('wb', Y.encodeStateAsUpdate(gapDoc, sv), 'u-mallory')
    doc.getMap('cells:s').set('r2:c', 2)

    const loaded = store.loadDoc('wb')
    expect(loaded.getMap('cells:s').toJSON()).toEqual({ 'r1:c': 1, 'r2:c': 2 })
    expect(loaded.store.pendingStructs).toBeNull()
    const quarantined = store.listQuarantine('wb')
    expect(quarantined.map((q) => [q.kind, q.userId])).toEqual([
      ['update', 'u-mallory'],
      ['update', 'u-mallory'],
    ])
    expect(quarantined[0]?.reason).toMatch(/saknar föregående/)
    // Set aside once: the next load meets a clean log.
    expect(store.loadDoc('wb').getMap('cells:s').toJSON()).toEqual({ 'r1:c': 1, 'r2:c': 2 })
    expect(store.listQuarantine('wb')).toHaveLength(2)
    store.close()
  })

  it('falls back to the previous snapshot when the newest does not apply, losing no update', () => {
    const file = tempFile()
    const store = openStore(file)
    const doc = new Y.Doc()
    store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(doc))
    doc.on('update', (u: Uint8Array) => store.appendUpdate('wb', u, null))
    doc.getMap('cells:s').set('a:c', 1)
    store.compact('wb', doc)
    doc.getMap('cells:s').set('b:c', 2)
    store.compact('wb', doc)
    doc.getMap('cells:s').set('c:c', 3)
    store.db.prepare('UPDATE workbook_snapshots SET data = ? WHERE id = (SELECT MAX(id) FROM workbook_snapshots)').run(
      Buffer.from([1, 1, 200, 1, 0, 8, 0]),
    )
    expect(store.loadDoc('wb').getMap('cells:s').toJSON()).toEqual({ 'a:c': 1, 'b:c': 2, 'c:c': 3 })
    expect(store.listQuarantine('wb').map((q) => q.kind)).toEqual(['snapshot'])
    store.close()
  })

  it('keeps the first snapshot and the two newest when compacting', () => {
    const store = openStore(tempFile())
    const doc = new Y.Doc()
    store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(doc))
    doc.on('update', (u: Uint8Array) => store.appendUpdate('wb', u, null))
    for (let i = 0; i < 5; i++) {
      doc.getMap('cells:s').set(`r${i}:c`, i)
      store.compact('wb', doc)
    }
    const upto = store.db.prepare('SELECT upto_seq AS upto FROM workbook_snapshots ORDER BY upto_seq').all()
    expect(upto).toEqual([{ upto: 0 }, { upto: 4 }, { upto: 5 }])
    store.close()
  })

  it('binds client ids once, across reopening', () => {
    const file = tempFile()
    let store = openStore(file)
    store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(new Y.Doc()))
    store.bindClientIds('wb', [11, 12], 'u-eva')
    store.bindClientIds('wb', [12], 'u-mallory')
    store.close()
    store = openStore(file)
    expect(store.clientOwners('wb')).toEqual(new Map([[11, 'u-eva'], [12, 'u-eva']]))
    store.close()
  })

  it('migrates a database of the first schema, keeping its snapshot and log', () => {
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
    old.prepare('INSERT INTO updates (workbook_id, data, user_id, created_at) VALUES (?, ?, ?, ?)').run('wb', Buffer.from(Y.encodeStateAsUpdate(doc, sv)), 'u-eva', 'x')
    old.close()
    const store = openStore(file)
    expect(store.loadDoc('wb').getMap('cells:s').toJSON()).toEqual({ 'a:c': 1, 'b:c': 2 })
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    // The id that wrote the logged update is that user's.
    expect(store.clientOwners('wb')).toEqual(new Map([[doc.clientID, 'u-eva']]))
    store.close()
  })
})
