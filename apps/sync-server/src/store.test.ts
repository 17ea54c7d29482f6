import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
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
})
