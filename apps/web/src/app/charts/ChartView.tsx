import { formatChartValue, type FormulaLocale } from '@samplan/domain'
import { useEffect, useId, useRef, useState } from 'react'
import type { Messages } from '../i18n'
import { chartOption } from './chart-option'
import { loadChartRuntime } from './chart-runtime'
import type { SheetChart } from './use-sheet-charts'

type Drawn = ReturnType<Awaited<ReturnType<typeof loadChartRuntime>>['createChart']>

interface Props {
  chart: SheetChart
  locale: FormulaLocale
  t: Messages['charts']
  /** Offered only to those who may change the sheet's structure. */
  onRemove?: () => void
}

/** Tallest a chart is drawn in the panel, so the grid keeps most of the window. */
const MAX_HEIGHT = 300

/**
 * One chart: its title, the drawing (ECharts, loaded on first use) with a text alternative, and the
 * same figures as a table for screen readers and for reading them exactly.
 */
export function ChartView({ chart, locale, t, onRemove }: Props) {
  const { data, spec } = chart
  const host = useRef<HTMLDivElement>(null)
  const drawn = useRef<Drawn | null>(null)
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading')
  const titleId = useId()

  useEffect(() => {
    const element = host.current
    if (!element) return
    let disposed = false
    const resize = new ResizeObserver(() => drawn.current?.resize())
    resize.observe(element)
    loadChartRuntime().then(
      (runtime) => {
        if (disposed) return
        drawn.current = runtime.createChart(element)
        setState('ready')
      },
      () => {
        if (!disposed) setState('failed')
      },
    )
    return () => {
      disposed = true
      resize.disconnect()
      drawn.current?.dispose()
      drawn.current = null
    }
  }, [])

  useEffect(() => {
    if (state === 'ready') drawn.current?.setOption(chartOption(data, locale), { notMerge: true })
  }, [data, locale, state])

  const empty = data.categories.length === 0 || data.series.length === 0
  return (
    <figure className="sp-chart" data-testid="chart" data-chart-id={spec.id} aria-labelledby={titleId} style={{ width: spec.size.width }}>
      <figcaption className="sp-chart-head">
        <h3 id={titleId}>{data.title}</h3>
        {onRemove && (
          <button type="button" className="sp-link" onClick={onRemove} data-testid="chart-remove" aria-label={`${t.remove}: ${data.title}`}>
            {t.remove}
          </button>
        )}
      </figcaption>
      <div
        ref={host}
        className="sp-chart-canvas"
        role="img"
        aria-label={t.summary(data.title, data.series.length, data.categories.length)}
        style={{ height: Math.min(spec.size.height, MAX_HEIGHT) }}
      />
      {state === 'loading' && <p className="sp-muted">{t.loading}</p>}
      {state === 'failed' && (
        <p className="sp-error-text" role="alert">
          {t.loadFailed}
        </p>
      )}
      {empty && <p className="sp-muted">{t.empty}</p>}
      <details className="sp-chart-data">
        <summary>{t.data}</summary>
        <table className="sp-table" data-testid="chart-data">
          <thead>
            <tr>
              <th scope="col">{t.category}</th>
              {data.series.map((s, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: series are positional; two may share a name
                <th scope="col" key={i}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.categories.map((category, c) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: categories are positional; two may share a name
              <tr key={c}>
                <th scope="row">{category}</th>
                {data.series.map((s, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: as above
                  <td key={i} className="sp-num">
                    {formatChartValue(s.values[c] ?? null, data, locale)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
