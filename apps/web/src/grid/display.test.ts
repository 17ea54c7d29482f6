import { describe, expect, it } from 'vitest'
import { displayValue } from './display'

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
  })

  it('keeps text as typed', () => {
    expect(displayValue({ value: '<img src=x>' }, mnkr, { kind: 'data' }, 'sv-SE')).toBe('<img src=x>')
  })
})
