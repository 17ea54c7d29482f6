import { describe, expect, it } from 'vitest'
import { formatStat, rangeStats } from './range-stats'

describe('the status bar figures of a selection', () => {
  it('counts non-empty cells and sums and averages only the numbers, as Excel does', () => {
    const stats = rangeStats([
      { value: 20684.1 },
      { value: 'Grundskola' },
      { value: null },
      { value: '' },
      { value: 15.9 },
      { value: true },
    ])
    expect(stats).toEqual({ count: 4, numbers: 2, sum: 20700, average: 10350 })
  })

  it('counts an error cell but leaves it out of Summa and Medel', () => {
    expect(rangeStats([{ value: null, error: { type: 'DIV_BY_ZERO' } }, { value: 2 }])).toEqual({
      count: 2,
      numbers: 1,
      sum: 2,
      average: 2,
    })
  })

  it('has no Medel without numbers, and nothing for empty cells', () => {
    expect(rangeStats([{ value: 'Text' }])).toEqual({ count: 1, numbers: 0, sum: 0, average: null })
    expect(rangeStats([{ value: null }, { value: null }])).toEqual({ count: 0, numbers: 0, sum: 0, average: null })
  })

  it('shows figures in the Swedish or English number format, without float noise', () => {
    expect(formatStat(20684.1, 'sv-SE')).toBe('20\u00a0684,1')
    expect(formatStat(0.1 + 0.2, 'sv-SE')).toBe('0,3')
    expect(formatStat(-1234.5, 'en')).toBe('-1,234.5')
  })
})
