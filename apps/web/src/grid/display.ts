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

/** Column letters as in Excel: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    out = String.fromCharCode(65 + rem) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}
