import { describe, expect, it } from 'vitest'
import { applyAxisDelta } from './axis'

describe('applyAxisDelta', () => {
  it('replays retain/insert/delete with positions valid at each step', () => {
    const ids = ['a', 'b', 'c', 'd']
    const ops = applyAxisDelta(ids, [{ retain: 1 }, { delete: 2 }, { insert: ['x', 'y'] }, { retain: 1 }, { insert: ['z'] }])
    expect(ids).toEqual(['a', 'x', 'y', 'd', 'z'])
    expect(ops).toEqual([
      { kind: 'delete', index: 1, count: 2, ids: ['b', 'c'] },
      { kind: 'insert', index: 1, ids: ['x', 'y'] },
      { kind: 'insert', index: 4, ids: ['z'] },
    ])
  })
})
