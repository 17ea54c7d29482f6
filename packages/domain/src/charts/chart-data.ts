import type * as Y from 'yjs'
import { formatCellValue, formatNumber } from '../input/format'
import type { FormulaLocale } from '../formula/function-names'
import { positionsOf } from '../model/positions'
import { resolveEdge } from '../model/tombs'
import { sheetRoots, type ColId, type RowId, type SheetId, type Workbook } from '../model/workbook'
import type { ColumnSpec } from '../schema/sheet'
import type { ChartKind, ChartSpec } from './chart-schema'

/** A computed cell value as a chart reads it: errors are passed as null. */
export type ChartCellValue = number | string | boolean | null

/** The computed value of a cell by ids: the grid's mirror on the web, the export's mirror on the server. */
export type ChartValueAt = (rowId: RowId, colId: ColId) => ChartCellValue

export interface ChartSeries {
  name: string
  /** One per category; null where the cell holds no number (a gap, never a zero). */
  values: Array<number | null>
}

/** What a chart shows, read from computed values: the same for the grid, its data table and the bilaga ([CH4]). */
export interface ChartData {
  chartId: string
  kind: ChartKind
  title: string
  categories: string[]
  series: ChartSeries[]
  /** The spec of the first value column: decimals, percent and unit for axes and tooltips. */
  format: ColumnSpec | undefined
}

/**
 * Reads a chart's categories and series from computed values ([CH2], [CH4], [CH5]). The range is
 * resolved at the sheet's current rows and columns (deleted corners shrink it, as ranges in
 * formulas do); a range with nothing left gives no categories and no series.
 */
export function readChartData(
  wb: Workbook,
  sheetId: SheetId,
  chart: ChartSpec,
  valueAt: ChartValueAt,
  locale: FormulaLocale = 'sv-SE',
): ChartData {
  const roots = sheetRoots(wb, sheetId)
  const omitted = new Set(chart.omit)
  const span = (axis: 'rows' | 'cols', first: string, last: string): string[] => {
    const { ids, index } = positionsOf(wb, roots[axis])
    const specs = (axis === 'rows' ? roots.rowSpecs : roots.colSpecs) as unknown as Y.Map<unknown>
    const from = resolveEdge(index, ids.length, specs, first, 'start')
    const to = resolveEdge(index, ids.length, specs, last, 'end')
    if (from === undefined || to === undefined || from > to) return []
    return ids.slice(from, to + 1).filter((id) => !omitted.has(id))
  }
  const rowIds = span('rows', chart.range.firstRow, chart.range.lastRow)
  const colIds = span('cols', chart.range.firstCol, chart.range.lastCol)
  const columnLabel = (colId: ColId) => roots.colSpecs.get(colId)?.label ?? ''
  const label = (rowId: RowId | null, colId: ColId | null, fallback: string) => {
    if (rowId === null || colId === null) return fallback
    const text = labelText(valueAt(rowId, colId), locale)
    return text === '' ? fallback : text
  }
  const number = (rowId: RowId, colId: ColId) => {
    const value = valueAt(rowId, colId)
    return typeof value === 'number' && Number.isFinite(value) ? value : null
  }
  const base = { chartId: chart.id, kind: chart.kind, title: chart.title }
  if (rowIds.length === 0 || colIds.length === 0) return { ...base, categories: [], series: [], format: undefined }
  const format = roots.colSpecs.get(colIds[0]!)
  if (chart.seriesIn === 'rows') {
    return {
      ...base,
      format,
      categories: colIds.map((c) => label(chart.categoryLabels, c, columnLabel(c))),
      series: rowIds.map((r, i) => ({
        name: label(r, chart.seriesLabels, `Serie ${i + 1}`),
        values: colIds.map((c) => number(r, c)),
      })),
    }
  }
  return {
    ...base,
    format,
    categories: rowIds.map((r, i) => label(r, chart.categoryLabels, String(i + 1))),
    series: colIds.map((c) => ({ name: label(chart.seriesLabels, c, columnLabel(c)), values: rowIds.map((r) => number(r, c)) })),
  }
}

/** A value on an axis or in a tooltip, in the chart's number format: `20 684,1`, `74 %` ([CH4]). */
export function formatChartValue(value: number | null, data: Pick<ChartData, 'format'>, locale: FormulaLocale = 'sv-SE'): string {
  if (value === null) return ''
  return data.format && data.format.type !== 'text' ? formatCellValue(value, data.format, locale) : formatNumber(value, {}, locale)
}

/** A tick of the value axis: grouped, without the column's fixed decimals (`20 000`, not `20 000,0`); percent as `74 %`. */
export function formatChartAxis(value: number, data: Pick<ChartData, 'format'>, locale: FormulaLocale = 'sv-SE'): string {
  const percent = data.format?.type === 'percent' || data.format?.unit === '%'
  const text = formatNumber(percent ? value * 100 : value, {}, locale)
  return percent ? `${text}${locale === 'sv-SE' ? '\u00a0' : ''}%` : text
}

/** A label cell as text; years stay ungrouped (2024, not 2 024). */
function labelText(value: ChartCellValue, locale: FormulaLocale): string {
  if (value === null) return ''
  if (typeof value === 'number') return locale === 'sv-SE' ? String(value).replace('.', ',') : String(value)
  if (typeof value === 'boolean') return value ? (locale === 'sv-SE' ? 'SANT' : 'TRUE') : locale === 'sv-SE' ? 'FALSKT' : 'FALSE'
  return value.trim()
}
