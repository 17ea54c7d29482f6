import { describe, expect, it } from 'vitest'
import { displayInvalidNumber, displayValue } from './display'

describe('displayValue', () => {
  const mnkr = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' } as const

  it('formats numbers in Swedish with a non-breaking space as thousands separator', () => {
    expect(displayValue({ value: 20684.1 }, mnkr, { kind: 'data' }, 'sv-SE')).toBe('20\u00a0684,1')
    expect(displayValue({ value: -235.8 }, mnkr, { kind: 'data' }, 'sv-SE')).toBe('-235,8')
  })

  it('shows booleans and errors in the user language', () => {
    expect(displayValue({ value: true }, mnkr, { kind: 'data' }, 'sv-SE')).toBe('SANT')
    expect(displayValue({ value: false }, mnkr, { kind: 'data' }, 'en')).toBe('FALSE')
    expect(
      displayValue(
        { value: null, error: { type: 'DIV_BY_ZERO', display: '#DIVISION/0!' } },
        mnkr,
        { kind: 'data' },
        'sv-SE',
      ),
    ).toBe('#DIVISION/0!')
    const cycle = { value: null, error: { type: 'CYCLE', display: '#CYKEL!' } }
    expect(displayValue(cycle, mnkr, { kind: 'data' }, 'sv-SE')).toBe('#CYKEL!')
    expect(displayValue(cycle, mnkr, { kind: 'data' }, 'en')).toBe('#CYCLE!')
    expect(displayValue({ value: null, error: { type: 'REF', display: '#REFERENS!' } }, mnkr, { kind: 'data' }, 'en')).toBe('#REF!')
  })

  it('keeps text as typed', () => {
    expect(displayValue({ value: '<img src=x>' }, mnkr, { kind: 'data' }, 'sv-SE')).toBe('<img src=x>')
  })

  it('shows an invalid number as typed, never rounded to the column', () => {
    const count = { label: 'VP 2024', type: 'integer', unit: 'st', decimals: 0, min: 0, editable: 'ekonom' } as const
    expect(displayInvalidNumber(2.5, count, 'sv-SE')).toBe('2,5')
    expect(displayInvalidNumber(-1234.25, count, 'sv-SE')).toBe('-1\u00a0234,25')
    expect(displayInvalidNumber(2.5, count, 'en')).toBe('2.5')
    const share = { label: 'Andel', type: 'percent', min: 0, editable: 'ekonom' } as const
    expect(displayInvalidNumber(-0.105, share, 'sv-SE')).toBe('-10,5\u00a0%')
  })
})
