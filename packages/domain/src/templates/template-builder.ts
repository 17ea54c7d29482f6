import type { TemplateChart } from '../charts/chart-schema'
import type { ColumnSpec, RowKind, SheetKind } from '../schema/sheet'
import type { TemplateCell, TemplateRow, TemplateSheet } from '../schema/template'
import { TemplateRowNotFoundError } from './template-errors'

/** A formula cell of the template grid whose figure the printed document states. */
export interface PrintedTotal {
  sheet: string
  /** A1 address in the template grid (row 1 = header row). */
  cell: string
  printed: number
  /** Why the computed value may differ from the printed one (e.g. the document's own rounding). */
  note?: string
}

type ColumnOptions = Partial<Omit<ColumnSpec, 'label' | 'type'>>

/** Column A: row labels, never editable. */
export function labelColumn(label: string, width = 260): ColumnSpec {
  return { label, type: 'text', editable: 'locked', width }
}

/** A text column, locked unless told otherwise. */
export function textColumn(label: string, options: ColumnOptions = {}): ColumnSpec {
  return { label, type: 'text', editable: 'locked', width: 120, ...options }
}

/** Miljoner kronor with one decimal, an ekonom's input unless told otherwise. */
export function mnkrColumn(label: string, options: ColumnOptions = {}): ColumnSpec {
  return { label, type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom', width: 110, ...options }
}

/** Tusen kronor with one decimal. */
export function tkrColumn(label: string, options: ColumnOptions = {}): ColumnSpec {
  return { label, type: 'number', unit: 'tkr', decimals: 1, editable: 'ekonom', width: 110, ...options }
}

/** Kronor, whole. */
export function krColumn(label: string, options: ColumnOptions = {}): ColumnSpec {
  return { label, type: 'number', unit: 'kr', decimals: 0, editable: 'ekonom', width: 110, ...options }
}

/** A count of pupils, places or units: whole, never negative. */
export function countColumn(label: string, options: ColumnOptions = {}): ColumnSpec {
  return { label, type: 'integer', unit: 'st', decimals: 0, min: 0, editable: 'ekonom', width: 100, ...options }
}

/** A signed change of a count (Förändring): whole, may be negative, always computed. */
export function countChangeColumn(label: string, options: ColumnOptions = {}): ColumnSpec {
  return { label, type: 'integer', unit: 'st', decimals: 0, editable: 'locked', width: 110, ...options }
}

/** A percentage stored as a fraction (0.74 shows as 74 %). */
export function percentColumn(label: string, options: ColumnOptions = {}): ColumnSpec {
  return { label, type: 'percent', unit: '%', decimals: 1, editable: 'ekonom', width: 110, ...options }
}

/** A number whose unit varies by row (parameter blocks carry the unit in an Enhet column). */
export function numberColumn(label: string, options: ColumnOptions = {}): ColumnSpec {
  return { label, type: 'number', editable: 'ekonom', width: 110, ...options }
}

/** What a row carries besides its cells. */
export interface RowOptions {
  note?: string
  omrade?: string
}

/**
 * Builds one sheet row by row so formulas can name the grid rows they refer to.
 * Row numbers are 1-based and include the header row, like A1 addresses.
 */
export class SheetBuilder {
  readonly rows: TemplateRow[] = []
  readonly printed: PrintedTotal[] = []
  readonly charts: TemplateChart[] = []

  constructor(
    readonly name: string,
    readonly kind: SheetKind,
    readonly columns: ColumnSpec[],
    readonly source: string,
  ) {
    this.add('header', columns.map((column) => column.label))
  }

  /** The row number the next added row will get. */
  get nextRow(): number {
    return this.rows.length + 1
  }

  /** Adds a row and returns its row number. */
  add(kind: RowKind, cells: TemplateCell[], options: RowOptions = {}): number {
    const row: TemplateRow = { kind, cells }
    if (options.note !== undefined) row.note = options.note
    if (options.omrade !== undefined) row.omrade = options.omrade
    this.rows.push(row)
    return this.rows.length
  }

  /** Records the printed figure of a formula cell (see vp2024PrintedTotals). */
  printedAt(cell: string, printed: number, note?: string): void {
    const total: PrintedTotal = { sheet: this.name, cell, printed }
    if (note !== undefined) total.note = note
    this.printed.push(total)
  }

  /** Row number of the row whose column A holds `label`. Throws TemplateRowNotFoundError. */
  rowOf(label: string): number {
    const index = this.rows.findIndex((row) => row.cells[0] === label)
    if (index < 0) throw new TemplateRowNotFoundError(this.name, label)
    return index + 1
  }

  /** Adds a chart over a range of this sheet (A1 on the template grid). */
  chart(chart: TemplateChart): void {
    this.charts.push(chart)
  }

  /** A cross-sheet reference to this sheet's cell in `column` of the row labelled `label`. */
  refTo(label: string, column: string): string {
    return `'${this.name}'!${column}${this.rowOf(label)}`
  }

  /** The finished sheet in the template schema. */
  build(): TemplateSheet {
    return {
      name: this.name,
      kind: this.kind,
      frozenRows: 1,
      source: this.source,
      columns: this.columns,
      rows: this.rows,
      ...(this.charts.length > 0 ? { charts: this.charts } : {}),
    }
  }
}

/** A fraction from a percentage as printed (4.7 -> 0.047), rounded to drop binary noise. */
export function fraction(percent: number): number {
  return Math.round(percent * 1e6) / 1e8
}
