import type { FormulaLocale } from '@samplan/domain'
import { useEffect, useState, type RefObject } from 'react'
import type { Messages } from '../i18n'
import { ChartView } from './ChartView'
import type { ChartActions } from './use-chart-actions'
import type { SheetChart } from './use-sheet-charts'

interface Props {
  charts: SheetChart[]
  actions: ChartActions
  locale: FormulaLocale
  t: Messages['charts']
  /** Filled with the panel's own add, so Infoga > Diagram adds a chart and the panel says what came of it. */
  addRef?: RefObject<(() => void) | null>
}

/**
 * The active sheet's charts in a strip below the grid, side by side, that folds away to one line.
 * Ekonomer and admins add a chart over the selected range and remove one; everyone else only reads.
 * A sheet without charts shows only the add button, to those who may add.
 */
export function ChartPanel({ charts, actions, locale, t, addRef }: Props) {
  const [open, setOpen] = useState(true)
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const add = () => {
    const outcome = actions.addChartFromSelection()
    setMessage(outcome.ok ? { text: outcome.message, error: false } : { text: outcome.reason, error: true })
    if (outcome.ok) setOpen(true)
  }
  useEffect(() => {
    if (!addRef) return
    addRef.current = add
    return () => {
      addRef.current = null
    }
  })
  if (charts.length === 0 && !actions.mayEdit) return null
  return (
    <section className="sp-charts" aria-label={t.panel} data-testid="chart-panel">
      <div className="sp-charts-bar">
        {charts.length > 0 && (
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="chart-toggle">
            {open ? t.hide : t.show(charts.length)}
          </button>
        )}
        {actions.mayEdit && (
          <button type="button" onClick={add} data-testid="chart-add">
            {t.add}
          </button>
        )}
        {message && (
          <span
            className={message.error ? 'sp-error-text' : 'sp-muted'}
            role={message.error ? 'alert' : 'status'}
            data-testid="chart-message"
          >
            {message.text}
          </span>
        )}
      </div>
      {open && charts.length > 0 && (
        <div className="sp-charts-list">
          {charts.map((chart) => (
            <ChartView
              key={chart.spec.id}
              chart={chart}
              locale={locale}
              t={t}
              {...(actions.mayEdit ? { onRemove: () => actions.removeChart(chart.spec.id) } : {})}
            />
          ))}
        </div>
      )}
    </section>
  )
}
