import type { ChartData } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { chartOption } from './chart-option'

const data: ChartData = {
  chartId: 'k1',
  kind: 'bar',
  title: 'Netto',
  categories: ['Grundskola inklusive fritidshem', '<b>Förskola</b>'],
  series: [{ name: 'Budget 2024 (VP)', values: [16_205.5, null] }],
  format: { label: 'Budget 2024 (VP)', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' },
}

type Axis = { type: string; data?: string[]; inverse?: boolean; axisLabel: { formatter?: (v: number) => string } }
type Tooltip = { formatter: (items: unknown[]) => string }

describe('the grid’s chart option', () => {
  it('[CH4] draws the chart’s categories and series with Swedish figures on the axis and in the tooltip', () => {
    const option = chartOption(data, 'sv-SE')
    // Long category names: the bars lie down, categories on the vertical axis in sheet order.
    const yAxis = option.yAxis as Axis
    const xAxis = option.xAxis as Axis
    expect(yAxis).toMatchObject({ type: 'category', data: data.categories, inverse: true })
    expect(xAxis.axisLabel.formatter?.(20_000)).toBe('20\u00a0000')
    expect(option.series).toEqual([{ type: 'bar', name: 'Budget 2024 (VP)', data: [16_205.5, null], connectNulls: false }])
    const tooltip = (option.tooltip as Tooltip).formatter([
      { name: '<b>Förskola</b>', seriesName: 'Budget 2024 (VP)', value: 16_205.5, marker: '' },
    ])
    expect(tooltip).toBe('&#60;b&#62;Förskola&#60;/b&#62;<br/>Budget 2024 (VP): <b>16\u00a0205,5</b>')
    expect(chartOption(data, 'en').xAxis).toMatchObject({ type: 'value' })
    expect((chartOption(data, 'en').xAxis as Axis).axisLabel.formatter?.(20_000)).toBe('20,000')
  })

  it('[CH5] a gap in a series shows as a dash in the tooltip, and short categories stay on the horizontal axis', () => {
    const short = chartOption({ ...data, kind: 'line', categories: ['KF 2024', 'VP 2024'] }, 'sv-SE')
    expect(short.xAxis).toMatchObject({ type: 'category', data: ['KF 2024', 'VP 2024'] })
    expect((short.tooltip as Tooltip).formatter([{ name: 'VP 2024', seriesName: 'Budget 2024 (VP)', value: null }])).toBe(
      'VP 2024<br/>Budget 2024 (VP): <b>–</b>',
    )
  })
})
