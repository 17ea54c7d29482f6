import { columnIndex } from '../formula/a1'
import { InvalidChartError } from './chart-errors'
import { DEFAULT_CHART_SIZE, type ChartInit, type TemplateChart } from './chart-schema'

/**
 * A template chart with its A1 addresses replaced by the ids of the rows and columns the template
 * created ([CH7]). Throws InvalidChartError for an address outside the template grid.
 */
export function chartFromTemplate(chart: TemplateChart, rowIds: readonly string[], colIds: readonly string[]): ChartInit {
  const [from = '', to = ''] = chart.range.split(':')
  const cell = (a1: string) => {
    const [, letters = '', digits = ''] = /^([A-Z]+)([0-9]+)$/.exec(a1) ?? []
    return { row: rowOf(digits), col: colOf(letters) }
  }
  const rowOf = (digits: string) => idAt(rowIds, Number(digits) - 1, digits)
  const colOf = (letters: string) => idAt(colIds, columnIndex(letters), letters)
  const lineOf = (address: string) => (/^[0-9]+$/.test(address) ? rowOf(address) : colOf(address))
  const start = cell(from)
  const end = cell(to)
  return {
    kind: chart.kind,
    title: chart.title,
    range: { firstRow: start.row, lastRow: end.row, firstCol: start.col, lastCol: end.col },
    seriesIn: chart.seriesIn,
    categoryLabels: chart.categoryLabels === null ? null : lineOf(chart.categoryLabels),
    seriesLabels: chart.seriesLabels === null ? null : lineOf(chart.seriesLabels),
    omit: chart.omit.map(lineOf),
    anchor: { rowId: start.row, colId: start.col },
    size: chart.size ?? DEFAULT_CHART_SIZE,
  }
}

function idAt(ids: readonly string[], index: number, address: string): string {
  const id = ids[index]
  if (id === undefined) throw new InvalidChartError(`${address} is outside the template sheet`)
  return id
}
