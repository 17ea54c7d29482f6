import { describe, expect, it } from 'vitest'
import type { ColumnSpec } from '../schema/sheet'
import { formatRecordedInput, localizeA1Formula } from './recorded-input'

const mnkr: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }
const platser: ColumnSpec = { label: 'RSU-platser', type: 'integer', unit: 'st', min: 0, editable: 'omradeschef' }
const andel: ColumnSpec = { label: 'Andel', type: 'percent', editable: 'ekonom' }
const label: ColumnSpec = { label: '', type: 'text', editable: 'locked' }
const nbsp = (s: string) => s.replace(/ /g, '\u00a0')

describe('[V8] recorded inputs (history, version compare) in the UI locale', () => {
  it("formats numbers with the column's format, grouped, with hyphen-minus, as the grid does", () => {
    expect(formatRecordedInput(20684.1, mnkr, 'sv-SE')).toBe(nbsp('20 684,1'))
    expect(formatRecordedInput(20684.1, mnkr, 'en')).toBe('20,684.1')
    expect(formatRecordedInput(100, mnkr, 'sv-SE')).toBe('100,0')
    expect(formatRecordedInput(-1234.5, mnkr, 'sv-SE')).toBe(nbsp('-1 234,5'))
    expect(formatRecordedInput(-1234.5, mnkr, 'sv-SE')).not.toContain('\u2212')
    expect(formatRecordedInput(1200, platser, 'sv-SE')).toBe(nbsp('1 200'))
    expect(formatRecordedInput(0.74, andel, 'sv-SE')).toBe(nbsp('74 %'))
    expect(formatRecordedInput(0.74, andel, 'en')).toBe('74%')
  })

  it('never hides a change behind rounding: shows the decimals the value has', () => {
    expect(formatRecordedInput(20684.12, mnkr, 'sv-SE')).toBe(nbsp('20 684,12'))
    expect(formatRecordedInput(2.5, platser, 'sv-SE')).toBe('2,5')
    expect(formatRecordedInput(0.745, andel, 'sv-SE')).toBe(nbsp('74,5 %'))
  })

  it('formats numbers without a known column in the locale, up to 6 decimals', () => {
    expect(formatRecordedInput(1234567.25, undefined, 'sv-SE')).toBe(nbsp('1 234 567,25'))
    expect(formatRecordedInput(-0.5, undefined, 'en')).toBe('-0.5')
  })

  it('shows text as is, booleans in the locale, empty as empty', () => {
    expect(formatRecordedInput('Grundskola 1,5', label, 'sv-SE')).toBe('Grundskola 1,5')
    expect(formatRecordedInput('20684.1', mnkr, 'sv-SE')).toBe('20684.1')
    expect(formatRecordedInput(true, undefined, 'sv-SE')).toBe('SANT')
    expect(formatRecordedInput(false, undefined, 'en')).toBe('FALSE')
    expect(formatRecordedInput(null, mnkr, 'sv-SE')).toBe('')
    expect(formatRecordedInput(undefined, mnkr, 'sv-SE')).toBe('')
  })

  it('renders formulas recorded in English A1 in the locale', () => {
    expect(formatRecordedInput('=SUM(B2:B9)/IF(C3>0,C3,1.5)', mnkr, 'sv-SE')).toBe('=SUMMA(B2:B9)/OM(C3>0;C3;1,5)')
    expect(formatRecordedInput('=SUM(B2:B9)/IF(C3>0,C3,1.5)', mnkr, 'en')).toBe('=SUM(B2:B9)/IF(C3>0,C3,1.5)')
    expect(localizeA1Formula("='Volym'!C4*2+#REF!", 'sv-SE')).toBe("='Volym'!C4*2+#REFERENS!")
    expect(localizeA1Formula('=RSUPREMIUM($B$2,TRUE)', 'sv-SE')).toBe('=RSUPREMIE($B$2;SANT)')
    expect(localizeA1Formula('="a,b"&C2', 'sv-SE')).toBe('="a,b"&C2')
  })
})
