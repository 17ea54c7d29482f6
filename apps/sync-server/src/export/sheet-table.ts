import {
  formatCellValue,
  formatNumber,
  getCellInput,
  getCellNote,
  getSheetGrid,
  unplannedFormulaCells,
  cellKey,
  type CellInput,
  type ColumnSpec,
  type FormulaLocale,
  type RowKind,
  type SheetInfo,
  type Workbook,
} from '@samplan/domain'
import { errorDisplay, type CellComputed, type WorkbookMirror } from '@samplan/formulas'

/** One cell as exports print it. */
export interface TableCell {
  /** What a reader sees in `locale`: `20 684,1`, `74 %`, `SANT`, `#DIVISION/0!`. */
  text: string
  /** The computed value (numbers at full precision); null for empty cells and errors. */
  value: number | string | boolean | null
  /** Raw input as stored (formula text in stored form). */
  input: CellInput | undefined
  /** Error type ('VALUE', 'DIV_BY_ZERO', ...) when the cell evaluates to an error. */
  errorType?: string
  note?: string
  /** A formula over nothing planned yet (domain I7): the bilaga prints it blank. */
  unplanned?: true
}

export interface TableRow {
  rowId: string
  kind: RowKind
  cells: TableCell[]
}

export interface TableColumn {
  colId: string
  spec: ColumnSpec
}

/** A sheet with its computed values, ready to print: the one input of the PDF, csv and xlsx writers. */
export interface SheetTable {
  sheet: SheetInfo
  locale: FormulaLocale
  columns: TableColumn[]
  rows: TableRow[]
}

const BOOLEAN_TEXT: Record<FormulaLocale, [string, string]> = { 'sv-SE': ['SANT', 'FALSKT'], en: ['TRUE', 'FALSE'] }

/** Whether numbers in this column are formatted by its spec (text columns show numbers plainly). */
function isNumericColumn(spec: ColumnSpec): boolean {
  return spec.type === 'number' || spec.type === 'integer' || spec.type === 'percent'
}

/** The text of a computed value in a column, as the grid shows it. */
export function cellText(computed: CellComputed, spec: ColumnSpec, kind: RowKind, locale: FormulaLocale): string {
  if (computed.error) return errorDisplay(computed.error.type, locale)
  const value = computed.value
  if (value === null) return ''
  if (typeof value === 'boolean') return BOOLEAN_TEXT[locale][value ? 0 : 1]
  if (typeof value === 'number') {
    // Header and section rows hold labels such as years (2024): never grouped as amounts.
    if (kind === 'header' || kind === 'section') return formatNumber(value, {}, locale)
    return isNumericColumn(spec) || spec.unit !== undefined
      ? formatCellValue(value, spec, locale)
      : formatNumber(value, {}, locale)
  }
  return value
}

/** Builds the printable table of a sheet from the workbook and a mirror of it. Throws SheetNotFoundError. */
export function buildSheetTable(
  workbook: Workbook,
  mirror: WorkbookMirror,
  sheetId: string,
  locale: FormulaLocale = 'sv-SE',
  /** Mark formulas over nothing planned yet (domain I7); only a printed bilaga shows them blank. */
  options: { markUnplanned?: boolean } = {},
): SheetTable {
  const grid = getSheetGrid(workbook, sheetId)
  const values = mirror.getSheetValues(sheetId)
  const columns = grid.colIds.map((colId, i) => ({ colId, spec: grid.columns[i]! }))
  const unplanned = options.markUnplanned ? unplannedFormulaCells(workbook, sheetId) : new Set<string>()
  const rows = grid.rowIds.map((rowId, r): TableRow => {
    const kind = grid.rows[r]?.kind ?? 'data'
    const cells = columns.map(({ colId, spec }, c): TableCell => {
      const computed = values[r]?.[c] ?? { value: null }
      const input = getCellInput(workbook, sheetId, rowId, colId)
      const cell: TableCell = {
        text: cellText(computed, spec, kind, locale),
        value: computed.error ? null : computed.value,
        input,
      }
      if (computed.error) cell.errorType = computed.error.type
      if (unplanned.has(cellKey(rowId, colId))) cell.unplanned = true
      const note = getCellNote(workbook, sheetId, rowId, colId)
      if (note) cell.note = note
      return cell
    })
    return { rowId, kind, cells }
  })
  return { sheet: grid.sheet, locale, columns, rows }
}

