import { formatCellValue, formatNumber, type ColumnSpec, type FormulaLocale, type RowSpec } from '@samplan/domain'
import { errorDisplay, type CellComputed } from '@samplan/formulas'

/** Text shown in a cell: errors with Excel's names in the locale (`#DIVISION/0!`, `#DIV/0!`), numbers per column format. */
export function displayValue(
  computed: CellComputed | undefined,
  column: ColumnSpec | undefined,
  row: RowSpec | undefined,
  locale: FormulaLocale,
): string {
  if (!computed) return ''
  if (computed.error) return errorDisplay(computed.error.type, locale)
  const { value } = computed
  if (value === null || value === undefined) return ''
  if (typeof value === 'boolean') {
    if (locale === 'sv-SE') return value ? 'SANT' : 'FALSKT'
    return value ? 'TRUE' : 'FALSE'
  }
  if (typeof value === 'number') {
    if (!column || row?.kind === 'header' || column.type === 'text') {
      return formatCellValue(value, { label: '', type: 'number', editable: 'locked' }, locale)
    }
    return formatCellValue(value, column, locale)
  }
  return value
}

/**
 * An invalid number (decimals in an integer column, below the column's minimum) as typed, never
 * rounded to the column's decimals: `2,5` in an integer column shows `2,5`, not `3`. The cell is
 * outlined red with the validation message beside it; a rounded figure would look valid.
 */
export function displayInvalidNumber(value: number, column: ColumnSpec, locale: FormulaLocale): string {
  if (column.type === 'percent' || column.unit === '%') {
    // Fractions are shown as percent; up to 6 decimals of the percent figure, trailing zeros trimmed.
    const text = formatNumber(Number((value * 100).toPrecision(15)), {}, locale)
    return locale === 'sv-SE' ? `${text}\u00a0%` : `${text}%`
  }
  return formatNumber(value, {}, locale)
}
