import { formatChartAxis, formatChartValue, type ChartData, type FormulaLocale } from '@samplan/domain'

/** Long category names read better along a vertical axis: the bars then lie down (as in the bilaga). */
const LONG_CATEGORY = 14

/** A tooltip row as ECharts hands it to the formatter. */
interface TooltipItem {
  marker?: string
  seriesName?: string
  name?: string
  value?: unknown
}

/**
 * The ECharts option of a chart in the grid: the categories, series and Swedish number format the
 * bilaga prints ([CH4]), with a tooltip. Plain data, so it is tested without a browser.
 */
export function chartOption(data: ChartData, locale: FormulaLocale): Record<string, unknown> {
  const horizontal = data.kind === 'bar' && data.categories.some((c) => c.length > LONG_CATEGORY)
  const categoryAxis = {
    type: 'category',
    data: data.categories,
    axisLabel: { interval: 0, width: horizontal ? 190 : 110, overflow: 'break' },
  }
  const valueAxis = { type: 'value', axisLabel: { formatter: (v: number) => formatChartAxis(v, data, locale) } }
  return {
    animation: false,
    legend: { top: 0 },
    // The legend wraps to a line per four series or so: keep the plot below it (as in the bilaga).
    grid: { left: 8, right: 24, top: 24 + 18 * Math.ceil(data.series.length / 4), bottom: 8 },
    tooltip: {
      trigger: 'axis',
      formatter: (items: TooltipItem[] | TooltipItem) => tooltipHtml(Array.isArray(items) ? items : [items], data, locale),
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: data.series.map((s) => ({ type: data.kind, name: s.name, data: s.values, connectNulls: false })),
  }
}

/** The tooltip: category, then each series' value as the grid shows it; names are escaped, as they are user input. */
function tooltipHtml(items: readonly TooltipItem[], data: ChartData, locale: FormulaLocale): string {
  const category = escapeHtml(items[0]?.name ?? '')
  const lines = items.map((item) => {
    const value = typeof item.value === 'number' ? formatChartValue(item.value, data, locale) : '–'
    return `${item.marker ?? ''}${escapeHtml(item.seriesName ?? '')}: <b>${escapeHtml(value)}</b>`
  })
  return [category, ...lines].join('<br/>')
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
