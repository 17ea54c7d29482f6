import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { positionsOf } from './positions'
import { openWorkbook } from './workbook'

describe('positions of row and column ids', () => {
  it('stay cached through a transaction that changes other types, and follow one that changes the array, from another replica too', () => {
    const remote = new Y.Doc()
    remote.getArray<string>('rows:s').push(['a', 'b', 'c'])
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote))
    const wb = openWorkbook(doc)
    const rows = doc.getArray<string>('rows:s')
    const first = positionsOf(wb, rows)
    expect(first.index.get('c')).toBe(2)
    const sync = () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)))
    remote.getMap('cells:s').set('a:c1', 5)
    sync()
    expect(positionsOf(wb, rows)).toBe(first)
    remote.getArray<string>('rows:s').insert(0, ['z'])
    sync()
    expect(positionsOf(wb, rows).ids).toEqual(['z', 'a', 'b', 'c'])
    expect(positionsOf(wb, rows).index.get('c')).toBe(3)
    remote.getArray<string>('rows:s').delete(1, 1)
    sync()
    expect(positionsOf(wb, rows).ids).toEqual(['z', 'b', 'c'])
  })
})
