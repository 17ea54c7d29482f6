import { describe, expect, it } from 'vitest'
import type { ColumnSpec } from '../schema/sheet'
import { formatCellValue, formatNumber } from './format'

const col = (c: Partial<ColumnSpec>): ColumnSpec => ({ label: '', type: 'number', editable: 'ekonom', ...c })

describe('formatNumber and formatCellValue', () => {
  it('[V5] groups with U+00A0 and uses a decimal comma in sv-SE', () => {
    expect(formatNumber(20684.1, { decimals: 1 }, 'sv-SE')).toBe('20\u00A0684,1')
    expect(formatNumber(1234567.891, { decimals: 2 }, 'sv-SE')).toBe('1\u00A0234\u00A0567,89')
    expect(formatNumber(20684.1, { decimals: 1 }, 'en')).toBe('20,684.1')
  })

  it('[V5] writes negatives with an ASCII hyphen-minus and drops the sign of a rounded zero', () => {
    expect(formatNumber(-1234.5, { decimals: 1 }, 'sv-SE')).toBe('-1\u00A0234,5')
    expect(formatNumber(-0.04, { decimals: 1 }, 'sv-SE')).toBe('0,0')
  })

  it('[V5] shows up to six decimals when the column does not say', () => {
    expect(formatNumber(1.25, {}, 'sv-SE')).toBe('1,25')
    expect(formatNumber(3, {}, 'sv-SE')).toBe('3')
  })

  it('[V6] percent columns store fractions and show whole percent', () => {
    expect(formatCellValue(0.74, col({ type: 'percent' }), 'sv-SE')).toBe('74\u00A0%')
    expect(formatCellValue(0.688, col({ type: 'percent', decimals: 1 }), 'sv-SE')).toBe('68,8\u00A0%')
    expect(formatCellValue(0.74, col({ type: 'percent' }), 'en')).toBe('74%')
  })

  it('[V6] decimals default by unit: mnkr and tkr 1, kr and st 0', () => {
    expect(formatCellValue(13.14, col({ unit: 'mnkr' }), 'sv-SE')).toBe('13,1')
    expect(formatCellValue(147, col({ unit: 'tkr' }), 'sv-SE')).toBe('147,0')
    expect(formatCellValue(244000, col({ unit: 'kr' }), 'sv-SE')).toBe('244\u00A0000')
    expect(formatCellValue(779, col({ type: 'integer', unit: 'st' }), 'sv-SE')).toBe('779')
  })
})
