/** ECharts and its parts, fetched the first time a chart is shown: a chunk of its own, outside the first load. */
export type ChartRuntime = typeof import('./echarts-runtime')

let loading: Promise<ChartRuntime> | undefined

/** Loads the chart code once; a failed load is retried on the next call. */
export function loadChartRuntime(): Promise<ChartRuntime> {
  loading ??= import('./echarts-runtime').catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}
