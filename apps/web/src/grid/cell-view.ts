import {
  isKontrollDeviation,
  KONTROLL_MESSAGE,
  validateInput,
  type CellInput,
  type ColumnSpec,
  type FormulaLocale,
  type RowSpec,
  type SummedTextWarning,
} from '@samplan/domain'
import { errorTooltip, type CellComputed } from '@samplan/formulas'
import { displayInvalidNumber, displayValue } from './display'

/** Everything that decides how one cell looks, read by the grid from the doc, the mirror and presence. */
export interface CellViewInput {
  locale: FormulaLocale
  /** A1 of the cell in the grid, for `data-cell`. */
  address: string
  column: ColumnSpec | undefined
  row: RowSpec | undefined
  computed: CellComputed | undefined
  /** The stored input (undefined for an empty cell). */
  input: CellInput | undefined
  /** The user may not type into the cell. */
  readOnly: boolean
  /** Mark the cells the user may edit (an områdeschef's own RSU-platser). */
  highlightEditable: boolean
  commented: boolean
  /** Names and colours of colleagues who have the cell selected. */
  peers: ReadonlyArray<{ user: { name: string; color: string } }>
  /** A total whose range holds text (domain V7). */
  sumWarning: SummedTextWarning | undefined
  /** Who wrote over whose value, and when (edit-conflicts.ts). */
  overwritten: string | undefined
  /** How the open scenario differs here (none when no scenario is open or the cell is the same). */
  scenario?: ScenarioMark | undefined
}

/**
 * A cell of the open scenario (domain SPEC SC11): `changed` where the scenario overrides the input,
 * `moved` where a computed value follows; `title` is the hover text, both values as the cell shows them.
 */
export interface ScenarioMark {
  kind: 'changed' | 'moved'
  title: string
}

/** The open scenario's marks by `sheetId:rowId:colId` (the domain's `overrideKey`). */
export type ScenarioMarks = ReadonlyMap<string, ScenarioMark>

export interface CellView {
  /** Set as textContent, never HTML: cell text is user input. */
  text: string
  /** `sp-` classes; the renderer drops the previous cell's before adding these. */
  classes: string[]
  /** The hover text: why the cell is flagged, what its error means, who overwrote it. */
  title: string
  dataset: { cell: string; peer?: string; warning?: string; overwritten?: string; scenario?: string }
  /** Outline colour of the first colleague on the cell. */
  peerColor?: string
}

/** What a cell shows: the computed value in its column's format, or an invalid number as typed. */
export function cellText(
  computed: CellComputed | undefined,
  column: ColumnSpec | undefined,
  row: RowSpec | undefined,
  input: CellInput | undefined,
  locale: FormulaLocale,
): string {
  // Never rounded to the column's decimals: a rounded figure would look valid.
  if (typeof input === 'number' && column && row && !validateInput(input, column, row).ok) return displayInvalidNumber(input, column, locale)
  return displayValue(computed, column, row, locale)
}

const joinLines = (first: string, next: string) => (first ? `${first}\n${next}` : next)

/**
 * How a cell looks, as a pure function of what the grid knows about it. Later hover texts win
 * or add on in this order: invalid input, then the formula's error (its name and meaning, formulas SPEC FD3),
 * the V7 warning added, a Kontroll deviation replacing them (I6), an overwrite mark added, the open
 * scenario's difference added (SC11).
 */
export function cellView(c: CellViewInput): CellView {
  const { computed, column, row, locale } = c
  const en = locale === 'en'
  const classes = ['sp-cell']
  const dataset: CellView['dataset'] = { cell: c.address }
  let title = ''
  if (typeof computed?.value === 'number' && row?.kind !== 'header') classes.push('sp-num')
  if (row) classes.push(`sp-row-${row.kind}`)
  const deviates = row?.kind === 'kontroll' && column !== undefined && isKontrollDeviation(computed?.value, column)
  if (deviates) classes.push('sp-kontroll-deviation')
  if (c.readOnly) classes.push('sp-locked')
  else if (c.highlightEditable) classes.push('sp-editable-own')
  if (computed?.error) classes.push('sp-error')
  if (c.commented) classes.push('sp-commented')
  const peerColor = c.peers[0]?.user.color
  if (c.peers.length > 0) {
    classes.push('sp-peer')
    dataset.peer = c.peers.map((p) => p.user.name).join(', ')
  }
  if (column && row) {
    const check = c.input === undefined ? undefined : validateInput(c.input, column, row)
    if (check && !check.ok) {
      classes.push('sp-invalid')
      title = en ? check.messageEn : check.message
    }
    if (computed?.error) title = errorTooltip(computed.error, locale)
    if (c.sumWarning) {
      const warning = en ? c.sumWarning.messageEn : c.sumWarning.message
      classes.push('sp-sum-text')
      dataset.warning = warning
      title = joinLines(title, warning)
    }
  }
  if (deviates) title = en ? KONTROLL_MESSAGE.en : KONTROLL_MESSAGE.sv
  if (c.overwritten) {
    classes.push('sp-overwritten')
    dataset.overwritten = c.overwritten
    title = joinLines(title, c.overwritten)
  }
  if (c.scenario) {
    classes.push(c.scenario.kind === 'changed' ? 'sp-scenario-changed' : 'sp-scenario-moved')
    dataset.scenario = c.scenario.kind
    title = joinLines(title, c.scenario.title)
  }
  return { text: cellText(computed, column, row, c.input, locale), classes, title, dataset, peerColor }
}
