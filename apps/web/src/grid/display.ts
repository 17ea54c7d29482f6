import { formatCellValue, type ColumnSpec, type FormulaLocale, type RowSpec } from '@samplan/domain'
import type { CellComputed } from '@samplan/formulas'

/** Text shown in a cell: errors as in Swedish Excel, numbers per column format. */
export function displayValue(
  computed: CellComputed | undefined,
  column: ColumnSpec | undefined,
  row: RowSpec | undefined,
  locale: FormulaLocale,
): string {
  if (!computed) return ''
  if (computed.error) return computed.error.display
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
