import type { Period } from '../schema/period'

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december']
const MONTHS_SHORT = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec']

/** The header pattern of a period without its own `header` (P1). */
export function defaultPeriodHeader(period: Period): string {
  switch (period.kind) {
    case 'budget':
      return period.variant === undefined ? 'Budget {year}' : 'Budget {year} ({variant})'
    case 'plan':
      return 'Plan {year}'
    case 'utfall':
      return period.month === undefined ? 'Utfall {year}' : 'Utfall {month} {year}'
    case 'prognos':
      return period.month === undefined ? 'Prognos {year}' : 'Prognos {month} {year}'
    case 'forandring':
      return 'Förändring {year}'
    case 'arsmal':
      return 'Årsmål {year}'
    case 'kf-arsmal':
      return 'KF:s årsmål år {year}'
    case 'avser':
      return '{year}'
  }
}

/**
 * The header of a dated column (P1): the pattern (`period.header`, else the kind's default)
 * with `{year}`, `{from}`, `{month}` (oktober), `{mon}` (okt) and `{variant}` filled in.
 * A placeholder the period has no value for is left as written.
 * `periodLabel({ kind: 'budget', year: 2025, variant: 'VP' })` is `Budget 2025 (VP)`.
 */
export function periodLabel(period: Period, pattern: string = period.header ?? defaultPeriodHeader(period)): string {
  return pattern.replace(/\{(year|from|month|mon|variant)\}/g, (whole, name: string) => {
    switch (name) {
      case 'year':
        return String(period.year)
      case 'from':
        return period.from === undefined ? whole : String(period.from)
      case 'month':
        return period.month === undefined ? whole : (MONTHS[period.month - 1] ?? whole)
      case 'mon':
        return period.month === undefined ? whole : (MONTHS_SHORT[period.month - 1] ?? whole)
      default:
        return period.variant ?? whole
    }
  })
}

/** The same period `years` later (P3): year and from move, kind, month, variant, measure and header stay. */
export function rollPeriod(period: Period, years = 1): Period {
  const rolled: Period = { ...period, year: period.year + years }
  if (period.from !== undefined) rolled.from = period.from + years
  return rolled
}

/**
 * What a period identifies, without its header: two columns of one sheet with the same key hold
 * the same figures (P2). Used to find where a period's inputs go when the plan rolls over.
 */
export function periodKey(period: Period): string {
  return [period.kind, period.year, period.from ?? '', period.month ?? '', period.variant ?? '', period.measure ?? ''].join('|')
}
