import { describe, expect, it } from 'vitest'
import { targetCells, targetOf } from './update-target'

describe('targetOf: typed facts from where Yjs changed something', () => {
  it('names cells, notes, specs, axes, sheets, comments and the workbook by their ids', () => {
    expect(targetOf('cells:s1', 'r1:c1', 'insert', [5])).toEqual({
      kind: 'cell',
      cell: { sheetId: 's1', rowId: 'r1', colId: 'c1' },
      change: 'insert',
      value: 5,
    })
    expect(targetOf('notes:s1', 'r1:c1', 'delete', ['x'])).toEqual({
      kind: 'note',
      cell: { sheetId: 's1', rowId: 'r1', colId: 'c1' },
      change: 'delete',
    })
    expect(targetOf('rowspec:s1', '~r9', 'insert', [{ before: null, after: 'r2' }])).toMatchObject({
      kind: 'spec',
      axis: 'rows',
      key: '~r9',
    })
    expect(targetOf('cols:s1', null, 'insert', ['c9'])).toEqual({
      kind: 'axis',
      sheetId: 's1',
      axis: 'cols',
      change: 'insert',
      ids: ['c9'],
    })
    expect(targetOf('sheets', null, 'delete', ['s1'])).toEqual({ kind: 'sheets', change: 'delete', ids: ['s1'] })
    expect(targetOf('sheet:s1', 'name', 'insert', ['Budget'])).toMatchObject({ kind: 'sheet', sheetId: 's1', key: 'name', value: 'Budget' })
    expect(targetOf('comments:s1', 'k1', 'insert', [{}])).toMatchObject({ kind: 'comment', sheetId: 's1', commentId: 'k1' })
    expect(targetOf('workbook', 'status', 'insert', ['beslutad'])).toMatchObject({ kind: 'workbook', key: 'status' })
  })

  it('calls anything else unknown: other roots, keys in lists, content without a key in maps, cells without a column', () => {
    for (const [root, key] of [
      ['hemligt', 'x'],
      ['rows:s1', 'hidden'],
      ['cells:s1', null],
      ['cells:s1', 'r1'],
      ['cells:', 'r1:c1'],
    ] as const) {
      expect(targetOf(root, key, 'insert', [1]).kind, `${root} ${key}`).toBe('unknown')
    }
  })

  it('lists each cell once', () => {
    const a = targetOf('cells:s1', 'r1:c1', 'insert', [1])
    const b = targetOf('cells:s1', 'r1:c1', 'delete', [])
    expect(targetCells([a, b, targetOf('rows:s1', null, 'insert', ['r2'])])).toEqual([{ sheetId: 's1', rowId: 'r1', colId: 'c1' }])
  })
})
