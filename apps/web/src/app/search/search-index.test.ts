import { describe, expect, it } from 'vitest'
import { findMatches, searchKey, stepMatch, type SearchCell } from './search-index'

const cell = (sheetIndex: number, row: number, col: number, text: string): SearchCell => ({
  sheetId: `s${sheetIndex}`,
  sheetIndex,
  row,
  col,
  text,
})

describe('searchKey', () => {
  it('ignores case and accents but keeps å, ä and ö apart from a and o, as Swedish collation does', () => {
    expect(searchKey('Café RÉSUMÉ')).toBe('cafe resume')
    expect(searchKey('Förändring ÅR')).toBe('förändring år')
    expect(searchKey('Förändring')).not.toBe(searchKey('Forandring'))
    const collator = new Intl.Collator('sv', { sensitivity: 'base' })
    for (const [a, b] of [
      ['é', 'e'],
      ['Å', 'å'],
      ['å', 'a'],
      ['ä', 'a'],
      ['ö', 'o'],
      ['ø', 'ö'],
      ['æ', 'ä'],
    ] as const) {
      expect(searchKey(a) === searchKey(b), `${a} ${b}`).toBe(collator.compare(a, b) === 0)
    }
  })

  it('drops the spaces between digit groups, whichever space the format used', () => {
    expect(searchKey('20\u00a0684,1')).toBe('20684,1')
    expect(searchKey('20 684')).toBe('20684')
    expect(searchKey('1\u202f234\u00a0%')).toBe('1234 %')
  })
})

describe('findMatches', () => {
  const cells = [
    cell(1, 0, 0, 'Investeringar'),
    cell(0, 4, 0, 'Investeringar, mnkr'),
    cell(0, 2, 1, '20\u00a0684,1'),
    cell(0, 3, 1, 'Resultat'),
  ]

  it('finds values as shown and labels, in workbook order', () => {
    expect(findMatches(cells, 'INVESTERING').map((c) => [c.sheetIndex, c.row])).toEqual([
      [0, 4],
      [1, 0],
    ])
    expect(findMatches(cells, '20 684')).toHaveLength(1)
    expect(findMatches(cells, '20684')).toHaveLength(1)
    expect(findMatches(cells, '  ')).toEqual([])
    expect(findMatches(cells, 'saknas')).toEqual([])
  })
})

describe('stepMatch', () => {
  const matches = [cell(0, 1, 0, 'a'), cell(0, 5, 2, 'a'), cell(2, 0, 0, 'a')]

  it('starts after the selected cell going forward and before it going back, wrapping around', () => {
    expect(stepMatch(matches, -1, null, 1)).toBe(0)
    expect(stepMatch(matches, -1, null, -1)).toBe(2)
    expect(stepMatch(matches, -1, { sheetIndex: 0, row: 1, col: 0 }, 1)).toBe(1)
    expect(stepMatch(matches, -1, { sheetIndex: 1, row: 0, col: 0 }, 1)).toBe(2)
    expect(stepMatch(matches, -1, { sheetIndex: 3, row: 0, col: 0 }, 1)).toBe(0)
    expect(stepMatch(matches, -1, { sheetIndex: 0, row: 1, col: 0 }, -1)).toBe(2)
  })

  it('moves from the match shown, wrapping at both ends', () => {
    expect(stepMatch(matches, 2, null, 1)).toBe(0)
    expect(stepMatch(matches, 0, null, -1)).toBe(2)
    expect(stepMatch([], 0, null, 1)).toBe(-1)
  })
})
