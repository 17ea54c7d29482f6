import { describe, expect, it } from 'vitest'
import type { ColumnSpec, RowSpec } from '../schema/sheet'
import { validateInput } from './validate'

const data: RowSpec = { kind: 'data' }
const mnkr: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }
const elever: ColumnSpec = { label: 'Antal elever', type: 'integer', unit: 'st', min: 0, editable: 'ekonom' }
const platser: ColumnSpec = { label: 'RSU-platser', type: 'integer', unit: 'st', min: 0, editable: 'omradeschef' }
const andel: ColumnSpec = { label: 'Andel', type: 'percent', decimals: 0, editable: 'ekonom' }
const datum: ColumnSpec = { label: 'Beslutad', type: 'date', editable: 'ekonom' }
const text: ColumnSpec = { label: 'Namn', type: 'text', editable: 'ekonom' }

describe('validateInput', () => {
  it('[V1] accepts numbers, empty cells and formulas in a number column', () => {
    expect(validateInput(20684.1, mnkr, data)).toEqual({ ok: true })
    expect(validateInput(null, mnkr, data)).toEqual({ ok: true })
    expect(validateInput(undefined, mnkr, data)).toEqual({ ok: true })
    expect(validateInput('=SUM({@a.b:c.d})', mnkr, data)).toEqual({ ok: true })
  })

  it('[V1] flags text in a number column with a Swedish message naming the text', () => {
    const v = validateInput('ca 20 miljoner', mnkr, data)
    expect(v).toMatchObject({ ok: false, code: 'not-a-number' })
    if (!v.ok) {
      expect(v.message).toBe('Ange ett tal (text i en sifferkolumn): "ca 20 miljoner" räknas inte med')
      expect(v.messageEn).toMatch(/^Enter a number/)
    }
  })

  it('[V1] tells a Swedish user who typed a decimal point to use a decimal comma', () => {
    const v = validateInput('13.1', mnkr, data)
    expect(v.ok === false && v.message).toBe('Ange talet med decimalkomma, t.ex. 13,1 (punkt läses som text)')
  })

  it('[V2] flags a negative pupil count and decimals in an integer column', () => {
    const neg = validateInput(-3, elever, data)
    expect(neg).toMatchObject({ ok: false, code: 'below-min', message: 'Antal elever kan inte vara negativt' })
    expect(validateInput(-1, platser, data)).toMatchObject({ ok: false, code: 'below-min', message: 'Antal kan inte vara negativt (RSU-platser)' })
    expect(validateInput(12.5, elever, data)).toMatchObject({ ok: false, code: 'not-an-integer' })
    expect(validateInput(0, elever, data)).toEqual({ ok: true })
  })

  it('[V2] names the lowest value when min is not zero', () => {
    const col: ColumnSpec = { ...mnkr, min: 1.5 }
    expect(validateInput(1, col, data)).toMatchObject({ ok: false, message: 'Värdet måste vara minst 1,5 mnkr' })
  })

  it('[V3] percent and date columns', () => {
    expect(validateInput(0.74, andel, data)).toEqual({ ok: true })
    expect(validateInput('hög', andel, data)).toMatchObject({ ok: false, code: 'not-a-percent' })
    expect(validateInput('2024-03-31', datum, data)).toEqual({ ok: true })
    expect(validateInput('2024-02-30', datum, data)).toMatchObject({ ok: false, code: 'not-a-date' })
    expect(validateInput(45000, datum, data)).toMatchObject({ ok: false, code: 'not-a-date' })
  })

  it('[V4] never validates header, section and note rows, nor text columns', () => {
    for (const kind of ['header', 'section', 'note'] as const) expect(validateInput('Budget 2024', mnkr, { kind })).toEqual({ ok: true })
    expect(validateInput('Summa', mnkr, { kind: 'summa' })).toMatchObject({ ok: false })
    expect(validateInput(12, text, data)).toEqual({ ok: true })
  })
})
