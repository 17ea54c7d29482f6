import { formulaToStored, POSITIONAL_CONTEXT, renderStored } from '../formula/convert'
import { booleanLiteral, type FormulaLocale } from '../formula/function-names'
import { defaultDecimals, formatCellValue, formatNumber } from '../input/format'
import type { CellInput } from '../model/workbook'
import type { ColumnSpec } from '../schema/sheet'

/**
 * A formula recorded as canonical English A1 (audit trail, version compare: `=SUM(B2:B9)`)
 * in a locale's names, separators, decimals and error literals (`=SUMMA(B2:B9)`). References
 * are kept as written, since the positions are those of the moment the formula was recorded.
 */
export function localizeA1Formula(a1Formula: string, locale: FormulaLocale): string {
  if (!a1Formula.startsWith('=')) return a1Formula
  return `=${renderStored(formulaToStored(a1Formula.slice(1), 'en', POSITIONAL_CONTEXT), locale, POSITIONAL_CONTEXT)}`
}

/** Decimals a number really has (up to 6, as formatNumber shows a number without a spec). */
function exactDecimals(value: number): number {
  const fixed = value.toFixed(6).replace(/0+$/, '')
  const dot = fixed.indexOf('.')
  return dot < 0 ? 0 : fixed.length - dot - 1
}

/**
 * A recorded input (an audit entry's old/new, a version difference's from/to) as the UI shows
 * it (SPEC V8): numbers in the column's format as in the grid (V5, V6: grouping, decimal mark,
 * hyphen-minus, `74 %`), widened to the decimals the value has so that no change hides behind
 * rounding; numbers of an unknown column as formatNumber shows them; formulas (English A1) in
 * the locale; booleans as the locale's literal; text as is; nothing as ''.
 */
export function formatRecordedInput(input: CellInput | undefined, column: ColumnSpec | undefined, locale: FormulaLocale): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'boolean') return booleanLiteral(input, locale)
  if (typeof input === 'string') return input.startsWith('=') ? localizeA1Formula(input, locale) : input
  if (typeof input !== 'number') return String(input) // not a cell input: shown, never thrown on
  if (!column) return formatNumber(input, {}, locale)
  const percent = column.type === 'percent' || column.unit === '%'
  const decimals = Math.max(defaultDecimals(column) ?? 0, exactDecimals(percent ? input * 100 : input))
  return formatCellValue(input, { ...column, decimals }, locale)
}
