import { formatChartAxis, listCharts, readChartData, type ChartData, type FormulaLocale, type Workbook } from '@samplan/domain'
import type { WorkbookMirror } from '@samplan/formulas'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

// Only what a printed chart needs: no tooltip, no animation, no canvas.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer])

/** One chart of a sheet as vector graphics for the bilaga. */
export interface BilagaChart {
  title: string
  /** An SVG document; its text is drawn as PDF text. */
  svg: string
  width: number
  height: number
}

/** Long category names read better along a vertical axis: the bars then lie down. */
const LONG_CATEGORY = 14

/** The ECharts option of a printed chart: the same categories, series and Swedish number format as the grid's ([CH4]). */
function printOption(data: ChartData, locale: FormulaLocale): Record<string, unknown> {
  const horizontal = data.kind === 'bar' && data.categories.some((c) => c.length > LONG_CATEGORY)
  const categoryAxis = {
    type: 'category',
    data: data.categories,
    axisLabel: { interval: 0, width: horizontal ? 190 : 110, overflow: 'break', fontSize: 10 },
  }
  const valueAxis = { type: 'value', axisLabel: { fontSize: 10, formatter: (v: number) => formatChartAxis(v, data, locale) } }
  return {
    animation: false,
    textStyle: { fontFamily: 'Roboto' },
    legend: { top: 0, textStyle: { fontSize: 10 } },
    // The legend wraps to a line per four series or so: keep the plot below it.
    grid: { left: 8, right: 24, top: 24 + 18 * Math.ceil(data.series.length / 4), bottom: 8 },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: data.series.map((s) => ({
      type: data.kind,
      name: s.name,
      data: s.values,
      connectNulls: false,
      ...(data.kind === 'line' ? { symbolSize: 5 } : {}),
    })),
  }
}

/** A chart's data as an SVG document, rendered without a DOM. */
export function chartSvg(data: ChartData, size: { width: number; height: number }, locale: FormulaLocale = 'sv-SE'): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height })
  try {
    chart.setOption(printOption(data, locale))
    return chart.renderToSVGString()
  } finally {
    // An undisposed SSR chart keeps timers alive and the process never exits.
    chart.dispose()
  }
}

/** The sheet's charts read from the export's mirror, in the order the grid shows them ([CH4]). */
export function renderSheetCharts(
  workbook: Workbook,
  mirror: WorkbookMirror,
  sheetId: string,
  locale: FormulaLocale = 'sv-SE',
): BilagaChart[] {
  const valueAt = (rowId: string, colId: string) => {
    const computed = mirror.getValue(sheetId, rowId, colId)
    return computed.error ? null : computed.value
  }
  return listCharts(workbook, sheetId).map((chart) => {
    const data = readChartData(workbook, sheetId, chart, valueAt, locale)
    return { title: data.title, svg: chartSvg(data, chart.size, locale), width: chart.size.width, height: chart.size.height }
  })
}
