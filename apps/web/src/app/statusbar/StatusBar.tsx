import type { ReactNode } from 'react'
import type { Messages, UiLocale } from '../i18n'
import { formatStat, type RangeStats } from './range-stats'

interface Props {
  t: Messages
  locale: UiLocale
  stats: RangeStats
  /** Left of the figures: messages of the export menu (an import's result). */
  children?: ReactNode
}

/** Under the grid, as Excel's status bar: Summa, Medel and Antal of the selected cells; Summa and Medel once a number is selected. */
export function StatusBar({ t, locale, stats, children }: Props) {
  const s = t.statusBar
  return (
    <section className="sp-statusbar" aria-label={s.label} data-testid="status-bar">
      <div className="sp-statusbar-messages">{children}</div>
      <output className="sp-statusbar-figures" aria-live="polite">
        {stats.average !== null && (
          <>
            <span data-testid="stat-sum">
              {s.sum}: {formatStat(stats.sum, locale)}
            </span>
            <span data-testid="stat-average">
              {s.average}: {formatStat(stats.average, locale)}
            </span>
          </>
        )}
        {stats.count > 0 && (
          <span data-testid="stat-count">
            {s.count}: {formatStat(stats.count, locale)}
          </span>
        )}
      </output>
    </section>
  )
}
