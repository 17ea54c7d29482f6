import type { FormulaLocale } from '../formula/function-names'
import type { ColumnSpec } from '../schema/sheet'

const NBSP = '\u00A0'

/** Decimals shown when a column does not say: by type, then by unit. */
export function defaultDecimals(column: ColumnSpec): number | undefined {
  if (column.decimals !== undefined) return column.decimals
  if (column.type === 'integer' || column.type === 'percent') return 0
  switch (column.unit) {
    case 'mnkr':
    case 'tkr':
      return 1
    case 'kr':
    case 'st':
      return 0
    default:
      return undefined
  }
}

function group(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep)
}

/**
 * A number for display (SPEC V5): fixed decimals, groups of three separated
 * by U+00A0 (sv-SE) or `,` (en), `,` or `.` as decimal mark, ASCII
 * hyphen-minus for negatives (never U+2212, so copied figures paste as numbers).
 * Without decimals in the spec, up to 6 decimals are shown, trailing zeros trimmed.
 */
export function formatNumber(value: number, options: { decimals?: number }, locale: FormulaLocale): string {
  if (!Number.isFinite(value)) return String(value)
  const decimals = options.decimals
  let fixed = decimals === undefined ? value.toFixed(6).replace(/\.?0+$/, '') : value.toFixed(decimals)
  let negative = fixed.startsWith('-')
  if (negative) fixed = fixed.slice(1)
  // -0,0: a value that rounds to zero is shown without a sign.
  if (/^[0.]*$/.test(fixed)) negative = false
  const [intPart, frac] = fixed.split('.') as [string, string | undefined]
  const sv = locale === 'sv-SE'
  const body = group(intPart, sv ? NBSP : ',') + (frac !== undefined && frac !== '' ? (sv ? ',' : '.') + frac : '')
  return negative ? `-${body}` : body
}

/**
 * The text a grid cell shows for a number in a column: formatNumber with the
 * column's decimals; percent columns store fractions (0.74) and show `74 %`
 * (sv-SE, U+00A0 before %) or `74%` (en). Units are shown in headers, not cells.
 */
export function formatCellValue(value: number, column: ColumnSpec, locale: FormulaLocale): string {
  const decimals = defaultDecimals(column)
  if (column.type === 'percent' || column.unit === '%') {
    const text = formatNumber(value * 100, { decimals }, locale)
    return locale === 'sv-SE' ? `${text}${NBSP}%` : `${text}%`
  }
  return formatNumber(value, { decimals }, locale)
}
