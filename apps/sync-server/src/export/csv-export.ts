import type { SheetTable, TableCell } from './sheet-table'

/**
 * `sv`: what Swedish Excel opens with a double click (`;` between fields, `,` decimals, UTF-8
 * with BOM). `rfc4180`: the interchange form (`,` between fields, `.` decimals, no BOM).
 */
export type CsvDialect = 'sv' | 'rfc4180'

const BOM = '\uFEFF'
const CRLF = '\r\n'

/** Full-precision number without grouping, so every spreadsheet reads it back as the same number. */
function numberText(value: number, dialect: CsvDialect): string {
  const s = String(value)
  return dialect === 'sv' ? s.replace('.', ',') : s
}

function quote(field: string, separator: string): string {
  return field.includes(separator) || /["\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field
}

function fieldText(cell: TableCell, dialect: CsvDialect): string {
  if (cell.errorType) return cell.text
  const value = cell.value
  if (typeof value === 'number') return numberText(value, dialect)
  if (typeof value === 'boolean') return dialect === 'sv' ? (value ? 'SANT' : 'FALSKT') : value ? 'TRUE' : 'FALSE'
  if (value === null) return ''
  // A text that a spreadsheet would run as a formula (CSV injection) is kept as text with an apostrophe.
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/**
 * One sheet as CSV with its computed values (formulas are not exported; csv has none), every row
 * in sheet order, CRLF line ends (RFC 4180 section 2).
 */
export function exportSheetCsv(table: SheetTable, dialect: CsvDialect = 'sv'): string {
  const separator = dialect === 'sv' ? ';' : ','
  const lines = table.rows.map((row) => row.cells.map((cell) => quote(fieldText(cell, dialect), separator)).join(separator))
  const body = lines.join(CRLF) + CRLF
  return dialect === 'sv' ? BOM + body : body
}
