import type { ColumnSpec } from '../schema/sheet'
import { describe, expect, it } from 'vitest'
import { formatScenarioAmount, formatScenarioPercent, formatScenarioValue } from './difference-format'

const tkr: ColumnSpec = { label: 'RSU-bidrag', type: 'number', unit: 'tkr', editable: 'locked' }
const mnkr: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }
const pct: ColumnSpec = { label: 'Förändring', type: 'percent', editable: 'ekonom' }

describe('scenario figures in Swedish formats', () => {
  it('[SC5] shows differences in mnkr with a sign, percentages with one decimal', () => {
    expect(formatScenarioAmount({ column: mnkr, amount: { value: 206.841, unit: 'mnkr' } }, 'sv-SE')).toBe('+206,8\u00a0mnkr')
    expect(formatScenarioAmount({ column: tkr, amount: { value: -20.6841, unit: 'mnkr' } }, 'sv-SE')).toBe('-20,7\u00a0mnkr')
    expect(formatScenarioAmount({ column: pct, amount: { value: 0.01, unit: null } }, 'sv-SE')).toBe('+1,0\u00a0%-enheter')
    expect(formatScenarioAmount({ column: mnkr, amount: { value: 1234.5, unit: 'mnkr' } }, 'en')).toBe('+1,234.5\u00a0mnkr')
    expect(formatScenarioAmount({ column: mnkr, amount: null }, 'sv-SE')).toBe('')
    expect(formatScenarioPercent(0.010145, 'sv-SE')).toBe('+1,0\u00a0%')
    expect(formatScenarioPercent(null, 'sv-SE')).toBe('')
    expect(formatScenarioValue(20684.1, { column: mnkr }, 'sv-SE')).toBe('20\u00a0684,1')
    expect(formatScenarioValue(true, { column: mnkr }, 'sv-SE')).toBe('SANT')
  })
})
