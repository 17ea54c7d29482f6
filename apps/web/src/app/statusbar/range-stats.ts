import { formatNumber, type FormulaLocale } from '@samplan/domain'

/** What the status bar needs of a cell: its computed value, or an error. */
export interface StatsCell {
  value: number | string | boolean | null
  error?: unknown
}

export interface RangeStats {
  /** Non-empty cells: numbers, text, booleans and errors, as Excel's Antal. */
  count: number
  /** Cells holding a number: only they enter Summa and Medel. */
  numbers: number
  sum: number
  average: number | null
}

/** Summa, Medel and Antal of the selected cells, counted as Excel's status bar counts them. */
export function rangeStats(cells: Iterable<StatsCell>): RangeStats {
  let count = 0
  let numbers = 0
  let sum = 0
  for (const cell of cells) {
    const empty = !cell.error && (cell.value === null || cell.value === '')
    if (empty) continue
    count++
    if (!cell.error && typeof cell.value === 'number' && Number.isFinite(cell.value)) {
      numbers++
      sum += cell.value
    }
  }
  return { count, numbers, sum, average: numbers > 0 ? sum / numbers : null }
}

/** A status-bar figure in the UI's number format (`20 684,1`), without float noise (0,1 + 0,2 is 0,3). */
export function formatStat(value: number, locale: FormulaLocale): string {
  return formatNumber(Number(value.toPrecision(12)), {}, locale)
}
