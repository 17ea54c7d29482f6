import type { FormulaLocale } from '../formula/function-names'
import { formatCellValue, formatNumber } from '../input/format'
import type { ComputedValue, ScenarioDifference } from './comparison'

const NBSP = '\u00a0'

/** A computed value as the grid shows it in its column; empty for nothing. */
export function formatScenarioValue(value: ComputedValue, difference: Pick<ScenarioDifference, 'column'>, locale: FormulaLocale): string {
  if (typeof value === 'number') return formatCellValue(value, difference.column, locale)
  if (typeof value === 'boolean') return locale === 'sv-SE' ? (value ? 'SANT' : 'FALSKT') : value ? 'TRUE' : 'FALSE'
  return value ?? ''
}

function signed(text: string, value: number): string {
  return value > 0 && !/^[0,.\s\u00a0]*$/.test(text) ? `+${text}` : text
}

/**
 * The difference people compare (domain SPEC SC5): tkr as mnkr with one decimal (`+206,8 mnkr`),
 * percent columns in percentage points, other units with the column's decimals; empty when not numbers.
 */
export function formatScenarioAmount(d: Pick<ScenarioDifference, 'amount' | 'column'>, locale: FormulaLocale): string {
  if (!d.amount) return ''
  const { value, unit } = d.amount
  const sv = locale === 'sv-SE'
  if (d.column.type === 'percent' || unit === '%') {
    const points = formatNumber(value * 100, { decimals: 1 }, locale)
    return `${signed(points, value)}${sv ? `${NBSP}%-enheter` : ' pp'}`
  }
  const decimals = unit === 'mnkr' ? 1 : d.column.decimals
  const text = signed(formatNumber(value, { decimals }, locale), value)
  return unit ? `${text}${NBSP}${unit}` : text
}

/** The difference as a share of the plan's value (`+1,0 %`); empty when there is none. */
export function formatScenarioPercent(percent: number | null, locale: FormulaLocale): string {
  if (percent === null) return ''
  const text = signed(formatNumber(percent * 100, { decimals: 1 }, locale), percent)
  return locale === 'sv-SE' ? `${text}${NBSP}%` : `${text}%`
}
