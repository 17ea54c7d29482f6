import type { CellInput } from '../model/workbook'
import type { ColumnSpec, RowSpec } from '../schema/sheet'
import { formatNumber } from './format'

export type ValidationCode = 'not-a-number' | 'not-an-integer' | 'below-min' | 'not-a-date' | 'not-a-percent'

/** Result of validateInput: a flag with a Swedish (and English) message the grid shows at the cell. */
export type CellValidation = { ok: true } | { ok: false; code: ValidationCode; message: string; messageEn: string }

const OK: CellValidation = { ok: true }

function fail(code: ValidationCode, message: string, messageEn: string): CellValidation {
  return { ok: false, code, message, messageEn }
}

/** Whether a string is an ISO calendar date `YYYY-MM-DD` that exists. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

// Text that a Swedish user most likely meant as a number, with the wrong decimal mark.
const POINT_DECIMAL = /^\s*-?\d+\.\d+\s*$/

function notANumber(text: string, what: 'tal' | 'heltal'): CellValidation {
  if (POINT_DECIMAL.test(text)) {
    return fail(
      'not-a-number',
      `Ange ${what === 'tal' ? 'talet' : 'heltalet'} med decimalkomma, t.ex. ${text.trim().replace('.', ',')} (punkt läses som text)`,
      `Enter the number with the decimal mark of your locale, e.g. ${text.trim().replace('.', ',')} in Swedish`,
    )
  }
  return fail(
    'not-a-number',
    what === 'tal'
      ? `Ange ett tal (text i en sifferkolumn): "${text}" räknas inte med`
      : `Ange ett heltal (text i en sifferkolumn): "${text}" räknas inte med`,
    `Enter a number (text in a number column): "${text}" is not counted`,
  )
}

function belowMin(value: number, column: ColumnSpec): CellValidation | undefined {
  if (column.min === undefined || value >= column.min) return undefined
  if (column.min === 0) {
    const pupils = /elev/i.test(column.label)
    if (column.unit === 'st' || column.type === 'integer') {
      return fail(
        'below-min',
        pupils ? 'Antal elever kan inte vara negativt' : `Antal kan inte vara negativt (${column.label})`,
        pupils ? 'A number of pupils cannot be negative' : `A count cannot be negative (${column.label})`,
      )
    }
    return fail('below-min', `Värdet kan inte vara negativt (${column.label})`, `The value cannot be negative (${column.label})`)
  }
  const unit = column.unit ? ` ${column.unit}` : ''
  return fail(
    'below-min',
    `Värdet måste vara minst ${formatNumber(column.min, {}, 'sv-SE')}${unit}`,
    `The value must be at least ${formatNumber(column.min, {}, 'en')}${unit}`,
  )
}

/**
 * Checks a raw input against its column (SPEC V1-V4). Header, section and note
 * rows are never validated; formulas are validated by their result elsewhere;
 * empty cells are fine. Invalid input stays stored as typed: this only flags it.
 */
export function validateInput(input: CellInput | undefined, column: ColumnSpec, row: RowSpec): CellValidation {
  if (row.kind === 'header' || row.kind === 'section' || row.kind === 'note') return OK
  if (input === null || input === undefined || input === '') return OK
  if (typeof input === 'string' && input.startsWith('=')) return OK
  switch (column.type) {
    case 'text':
      return OK
    case 'number':
      if (typeof input !== 'number') return notANumber(String(input), 'tal')
      return belowMin(input, column) ?? OK
    case 'integer':
      if (typeof input !== 'number') return notANumber(String(input), 'heltal')
      if (!Number.isInteger(input)) {
        return fail(
          'not-an-integer',
          `Ange ett heltal: ${formatNumber(input, {}, 'sv-SE')} har decimaler (antal anges i hela tal)`,
          `Enter a whole number: ${formatNumber(input, {}, 'en')} has decimals`,
        )
      }
      return belowMin(input, column) ?? OK
    case 'percent':
      if (typeof input !== 'number') {
        return fail(
          'not-a-percent',
          `Ange en andel i procent, t.ex. 74 % eller 0,74: "${String(input)}" räknas inte med`,
          `Enter a percentage, e.g. 74% or 0.74: "${String(input)}" is not counted`,
        )
      }
      return belowMin(input, column) ?? OK
    case 'date':
      if (typeof input === 'string' && isIsoDate(input)) return OK
      return fail(
        'not-a-date',
        `Ange ett datum som ÅÅÅÅ-MM-DD, t.ex. 2024-03-31: "${String(input)}" är inget datum`,
        `Enter a date as YYYY-MM-DD, e.g. 2024-03-31: "${String(input)}" is not a date`,
      )
  }
}
