import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

// Loaded on demand (chart-runtime.ts), so ECharts never weighs on the first load. Only the parts
// a Samplan chart uses; SVG as in the bilaga, so grid and print draw alike.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer])

/** A chart drawn into `host` (SVG), to be disposed by the caller. */
export function createChart(host: HTMLElement): echarts.ECharts {
  return echarts.init(host, null, { renderer: 'svg' })
}
