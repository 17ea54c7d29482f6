import { describe, expect, it } from 'vitest'
import type { ColumnSpec } from '../schema/sheet'
import { isKontrollDeviation } from './kontroll'

const mnkr: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }

describe('isKontrollDeviation', () => {
  it('[I6] flags what would not show as 0 in the column format, and nothing else', () => {
    expect(isKontrollDeviation(0, mnkr)).toBe(false)
    expect(isKontrollDeviation(0.04, mnkr)).toBe(false) // float noise of summed decimals shows as 0,0
    expect(isKontrollDeviation(-0.05, mnkr)).toBe(true)
    expect(isKontrollDeviation(-16, mnkr)).toBe(true)
    expect(isKontrollDeviation(0.4, { ...mnkr, decimals: 0 })).toBe(false)
    expect(isKontrollDeviation('x', mnkr)).toBe(false)
  })
})
