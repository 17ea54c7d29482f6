import * as Y from 'yjs'
import { copyCharts } from '../charts/charts'
import { PlanYearUnknownError, WorkbookNotEmptyError } from '../errors'
import { invalidatePositions, positionsOf } from '../model/positions'
import { getWorkbookInfo, listSheets } from '../model/read'
import { isTombKey } from '../model/tombs'
import {
  cellKey,
  isFormula,
  nextId,
  openWorkbook,
  sheetOrder,
  sheetRoots,
  workbookMap,
  type CellInput,
  type ColId,
  type SheetId,
  type Workbook,
} from '../model/workbook'
import { Origin } from '../origin'
import { periodKey, periodLabel, rollPeriod } from '../periods/period'
import type { Period } from '../schema/period'
import type { ColumnSpec, RowKind } from '../schema/sheet'
import type { WorkbookSource } from '../schema/workbook-source'

/** Options of a rollover (RO1-RO8). */
export interface RollOverOptions {
  /** The new budget year's inputs: the previous year's (`copy`) or none (`empty`) (RO3). */
  newBudget: 'copy' | 'empty'
  /** The source's id, recorded in the new workbook's `source` (RO7). */
  sourceWorkbookId?: string
  /** Title of the new workbook; default: the source's title with its plan year moved on (RO7). */
  title?: string
}

/**
 * How a column's inputs reach the rolled workbook (RO3):
 * - `kept`: an undated column or an `avser` header: its inputs stay as they are;
 * - `moved`: the inputs of the source column that holds the column's new period;
 * - `carried`: a target (årsmål, KF:s årsmål) the source lacks for the new year: last year's;
 * - `copied`: `newBudget: 'copy'`: a budget, plan or change the source lacks: the previous year's;
 * - `emptied`: an utfall or prognos the source lacks, or a budget with `newBudget: 'empty'`.
 */
export type ColumnRoll = 'kept' | 'moved' | 'carried' | 'copied' | 'emptied'

/** One column of a rolled sheet: its header before and after, and where its inputs come from. */
export interface ColumnRollPlan {
  colId: ColId
  /** The source's header. */
  fromLabel: string
  /** The rolled header (`periodLabel` of the new period). */
  label: string
  /** The new period; absent for an undated column. */
  period?: Period
  roll: ColumnRoll
  /** The source column whose inputs (and notes) the column takes; null when emptied. */
  inputsFrom: ColId | null
}

export interface SheetRollPlan {
  sheetId: SheetId
  name: string
  columns: ColumnRollPlan[]
}

/** What a rollover does, column by column; also what `rollOver` returns. */
export interface RollOverPlan {
  /** The source's plan year (its latest budget year, RO1) and the new one. */
  fromYear: number
  toYear: number
  title: string
  source: WorkbookSource
  sheets: SheetRollPlan[]
}

/** Targets stand until someone changes them: a new year's target starts from the last one (RO4). */
const CARRIED: ReadonlySet<Period['kind']> = new Set(['arsmal', 'kf-arsmal'])
/** Rows whose cells are labels (V4): they never move with a period. */
const LABEL_ROWS: ReadonlySet<RowKind> = new Set(['header', 'section', 'note'])
/** Facts of a year that has not happened yet in the source: a new one starts empty (RO3). */
const FRESH: ReadonlySet<Period['kind']> = new Set(['utfall', 'prognos'])

/**
 * The plan year of a workbook (RO1): the latest year of any `budget` period of its columns, or
 * undefined when it has none.
 */
export function workbookPlanYear(wb: Workbook): number | undefined {
  let year: number | undefined
  for (const sheet of listSheets(wb)) {
    const r = sheetRoots(wb, sheet.id)
    for (const colId of positionsOf(wb, r.cols).ids) {
      const period = r.colSpecs.get(colId)?.period
      if (period?.kind === 'budget' && (year === undefined || period.year > year)) year = period.year
    }
  }
  return year
}

/** The source title with its plan year moved on (`Verksamhetsplan 2024 – …` -> `Verksamhetsplan 2025 – …`). */
function rolledTitle(title: string, fromYear: number, toYear: number): string {
  const year = new RegExp(`(?<!\\d)${fromYear}(?!\\d)`, 'g')
  return year.test(title) ? title.replace(year, String(toYear)) : `${title} ${toYear}`.trim()
}

function sheetPlan(wb: Workbook, sheetId: SheetId, name: string, newBudget: RollOverOptions['newBudget']): SheetRollPlan {
  const r = sheetRoots(wb, sheetId)
  const colIds = positionsOf(wb, r.cols).ids
  const specs = colIds.map((id) => r.colSpecs.get(id))
  // Where each period is held in the source; the first column wins if a person made two alike (P2).
  const holder = new Map<string, { colId: ColId; period: Period }>()
  colIds.forEach((colId, i) => {
    const period = specs[i]?.period
    if (period && !holder.has(periodKey(period))) holder.set(periodKey(period), { colId, period })
  })
  const columns = colIds.map((colId, i): ColumnRollPlan => {
    const spec = specs[i]
    const fromLabel = spec?.label ?? ''
    const period = spec?.period
    if (!period) return { colId, fromLabel, label: fromLabel, roll: 'kept', inputsFrom: colId }
    if (period.kind === 'avser') return { colId, fromLabel, label: fromLabel, period, roll: 'kept', inputsFrom: colId }
    const rolled = rollPeriod(period)
    const match = holder.get(periodKey(rolled))
    if (match) {
      // The header follows the figures: `KF 2023 (härledd)` becomes `KF 2024` as the printed column said (P4).
      const { header: _own, ...rest } = rolled
      const moved: Period = match.period.header === undefined ? rest : { ...rest, header: match.period.header }
      return { colId, fromLabel, label: periodLabel(moved), period: moved, roll: 'moved', inputsFrom: match.colId }
    }
    const label = periodLabel(rolled)
    if (CARRIED.has(period.kind)) return { colId, fromLabel, label, period: rolled, roll: 'carried', inputsFrom: colId }
    if (FRESH.has(period.kind) || newBudget === 'empty') {
      return { colId, fromLabel, label, period: rolled, roll: 'emptied', inputsFrom: null }
    }
    return { colId, fromLabel, label, period: rolled, roll: 'copied', inputsFrom: colId }
  })
  return { sheetId, name, columns }
}

/**
 * What `rollOver` would do with `source`, column by column, without writing anything (RO1-RO4).
 * Throws PlanYearUnknownError for a workbook without a dated budget column.
 */
export function planRollOver(source: Workbook, options: RollOverOptions): RollOverPlan {
  const fromYear = workbookPlanYear(source)
  if (fromYear === undefined) throw new PlanYearUnknownError()
  const toYear = fromYear + 1
  const info = getWorkbookInfo(source)
  const origin: WorkbookSource = { title: info.title, year: fromYear }
  if (options.sourceWorkbookId !== undefined) origin.workbookId = options.sourceWorkbookId
  return {
    fromYear,
    toYear,
    title: options.title ?? rolledTitle(info.title, fromYear, toYear),
    source: origin,
    sheets: listSheets(source).map((s) => sheetPlan(source, s.id, s.name, options.newBudget)),
  }
}

/** A plain copy of a stored JSON value, so the two docs never share an object. */
function copyJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

/**
 * Fills the empty `target` with next year's plan made from `source` in one `Origin.Seed`
 * transaction (RO1-RO8): every sheet with the same sheet, row and column ids, names, row specs,
 * tombs and formulas (so every formula refers to the same cells), column specs with their
 * periods moved on by one year and their headers following, inputs moved with their periods,
 * notes with their inputs; comments are not copied. The target's info is a new epoch, status
 * utkast, the rolled title and `source`. Reads `source` only. Throws WorkbookNotEmptyError,
 * PlanYearUnknownError.
 */
export function rollOver(source: Workbook, target: Workbook, options: RollOverOptions): RollOverPlan {
  if (sheetOrder(target).length > 0) throw new WorkbookNotEmptyError()
  const plan = planRollOver(source, options)
  target.doc.transact(() => {
    invalidatePositions(target)
    const info = workbookMap(target)
    info.set('title', plan.title)
    info.set('epoch', `${nextId(target)}${nextId(target)}`)
    info.set('status', 'utkast')
    info.set('source', copyJson(plan.source))
    for (const sheet of plan.sheets) writeSheet(source, target, sheet)
    sheetOrder(target).insert(0, plan.sheets.map((s) => s.sheetId))
  }, Origin.Seed)
  return plan
}

function writeSheet(source: Workbook, target: Workbook, plan: SheetRollPlan): void {
  const from = sheetRoots(source, plan.sheetId)
  const to = sheetRoots(target, plan.sheetId)
  const rowIds = positionsOf(source, from.rows).ids
  const rowIndex = positionsOf(source, from.rows).index
  const colIds = plan.columns.map((c) => c.colId)

  for (const [key, value] of from.meta.entries()) to.meta.set(key, copyJson(value))
  to.rows.insert(0, [...rowIds])
  to.cols.insert(0, colIds)

  // Row specs and the tombs of deleted rows and columns: formulas resolve their ranges through them (F6).
  for (const [key, value] of from.rowSpecs.entries()) {
    if (isTombKey(key) || rowIndex.has(key)) to.rowSpecs.set(key, copyJson(value))
  }
  for (const [key, value] of from.colSpecs.entries()) if (isTombKey(key)) to.colSpecs.set(key, copyJson(value))
  for (const column of plan.columns) {
    const spec = from.colSpecs.get(column.colId)
    if (!spec) continue
    const rolled: ColumnSpec = { ...copyJson(spec), label: column.label }
    if (column.period) rolled.period = copyJson(column.period)
    to.colSpecs.set(column.colId, rolled)
  }

  // Charts name the same row and column ids, so they draw next year's figures ([CH11]).
  copyCharts(source, target, plan.sheetId)

  for (const rowId of rowIds) {
    const kind = from.rowSpecs.get(rowId)?.kind ?? 'data'
    for (const column of plan.columns) {
      const key = cellKey(rowId, column.colId)
      const own = from.cells.get(key)
      // Header, section and note rows hold labels, not figures of a period: they stay, and a header
      // cell that shows its column's header shows the new one (RO3).
      if (LABEL_ROWS.has(kind)) {
        if (own !== undefined) to.cells.set(key, kind === 'header' && own === column.fromLabel ? column.label : own)
        const note = from.notes.get(key)
        if (note !== undefined) to.notes.set(key, note)
        continue
      }
      // A formula stays in its cell: its references name ids, so it keeps working (RO2).
      if (isFormula(own)) {
        to.cells.set(key, own)
        const note = from.notes.get(key)
        if (note !== undefined) to.notes.set(key, note)
        continue
      }
      if (column.inputsFrom === null) continue
      const fromKey = cellKey(rowId, column.inputsFrom)
      const input: CellInput | undefined = from.cells.get(fromKey)
      // Only inputs move; a formula of another column is relative to where it stands (RO3).
      if (input !== undefined && input !== null && !isFormula(input)) to.cells.set(key, input)
      if (input === undefined || !isFormula(input)) {
        const note = from.notes.get(fromKey)
        if (note !== undefined) to.notes.set(key, note)
      }
    }
  }
}

/** Options of `rollOverDoc`: a rollover's options and the id generator of the new doc. */
export interface RollOverDocOptions extends RollOverOptions {
  newId?: () => string
}

/**
 * Next year's plan as a new Y.Doc (RO1-RO8), for a server route: `(source doc, options)` ->
 * the new doc, its full state as one update, and the plan of what moved where.
 */
export function rollOverDoc(
  source: Y.Doc,
  options: RollOverDocOptions,
): { doc: Y.Doc; update: Uint8Array; plan: RollOverPlan } {
  const doc = new Y.Doc()
  const { newId, ...rollOptions } = options
  const plan = rollOver(openWorkbook(source), openWorkbook(doc, newId ? { newId } : {}), rollOptions)
  return { doc, update: Y.encodeStateAsUpdate(doc), plan }
}
