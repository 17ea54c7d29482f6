import type { Api } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { answeredSheet, changedSince } from './computed-engine-diff'

const sheet = (
  stateVector: string,
  cells: Api.ComputedSheet['cells'],
  rows = ['r1', 'r2', 'r3'],
  cols = ['a', 'b'],
): Api.ComputedSheet => ({
  sheetId: 's',
  stateVector,
  rows,
  cols,
  cells,
})

describe('what changed since an answer', () => {
  it('[FM14] names only the formula cells whose value changed or is new, and only their rows and columns', () => {
    const before = answeredSheet(
      sheet('S1', [
        [0, 1, { value: 1 }],
        [1, 1, { value: 2 }],
        [2, 1, { value: 'x' }],
      ]),
    )
    // A row was inserted before r2: positions moved, ids did not.
    const now = sheet(
      'S2',
      [
        [0, 1, { value: 1 }],
        [1, 1, { value: 5 }],
        [2, 1, { value: 2 }],
        [3, 1, { value: 'x', error: { type: 'VALUE', display: '#VÄRDEFEL!' } }],
      ],
      ['r1', 'new', 'r2', 'r3'],
    )
    expect(changedSince(before, now)).toEqual({
      sheetId: 's',
      stateVector: 'S2',
      since: 'S1',
      rows: ['new', 'r3'],
      cols: ['b'],
      cells: [
        [0, 0, { value: 5 }],
        [1, 0, { value: 'x', error: { type: 'VALUE', display: '#VÄRDEFEL!' } }],
      ],
    })
  })

  it('[FM14] is empty when nothing changed', () => {
    const cells: Api.ComputedSheet['cells'] = [[0, 0, { value: 3 }]]
    expect(changedSince(answeredSheet(sheet('S1', cells)), sheet('S2', cells)).cells).toEqual([])
  })
})
