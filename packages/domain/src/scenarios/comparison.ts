import { columnLetters } from '../formula/a1'
import { getSheetGrid, listSheets } from '../model/read'
import { cellKey, sheetRoots, type CellRef, type Workbook } from '../model/workbook'
import type { ColumnSpec, Unit } from '../schema/sheet'
import { resolveOverrides } from './overlay'
import { overrideKey, type Override } from './scenario-doc'

/** A computed value as a mirror gives it: a number, text, boolean, or null (empty or an error). */
export type ComputedValue = number | string | boolean | null

/** Reads the computed value of a cell of one side (the plan's mirror or the scenario view's). */
export type ValueAt = (sheetId: string, rowId: string, colId: string) => ComputedValue

/** One cell whose computed value differs between the plan and the scenario ([SC5]). */
export interface ScenarioDifference extends CellRef {
  sheetName: string
  /** Where the cell is now, e.g. `C7`. */
  a1: string
  /** The row's label (its first text column), empty when it has none. */
  rowLabel: string
  /** The column's header. */
  columnLabel: string
  column: ColumnSpec
  /** Whether the scenario changed this cell's input (else a total it moves). */
  overridden: boolean
  plan: ComputedValue
  scenario: ComputedValue
  /** scenario - plan in the column's own unit; null unless both are numbers. */
  difference: number | null
  /** The difference as people compare budgets ([SC5]): tkr shown in mnkr, other units as they are. */
  amount: { value: number; unit: Unit | null } | null
  /** difference / |plan|; null when the plan's value is 0 or not a number. */
  percent: number | null
}

/** What a scenario changes, as the comparison panel and the Konsekvensbeskrivning list it. */
export interface ScenarioComparison {
  /** Cells whose inputs the scenario overrides, in sheet and position order. */
  changed: ScenarioDifference[]
  /** Every other cell whose computed value moves (totals and formulas downstream). */
  moved: ScenarioDifference[]
  /** Overrides the plan no longer has a cell for ([SC3]). */
  dropped: Override[]
}

/** Numbers equal to this many decimals of a tkr are one value: floating-point noise is no difference. */
const EPSILON = 1e-9

/**
 * Compares the plan and its scenario view cell by cell through their computed values ([SC4],
 * [SC5]): the overridden cells and every cell whose value moves, with the difference in the
 * column's unit, as an amount (tkr in mnkr) and in percent. Pure; values come from the callers'
 * mirrors, so the domain stays free of the formula engine.
 */
export function compareScenario(
  plan: Workbook,
  view: Workbook,
  overrides: readonly Override[],
  planValue: ValueAt,
  scenarioValue: ValueAt,
): ScenarioComparison {
  const resolved = resolveOverrides(plan, overrides)
  const overridden = new Set(resolved.active.map(overrideKey))
  const out: ScenarioComparison = { changed: [], moved: [], dropped: resolved.dropped }
  for (const sheet of listSheets(view)) {
    const grid = getSheetGrid(view, sheet.id)
    const cells = sheetRoots(view, sheet.id).cells
    const labelCol = grid.colIds.find((_, i) => grid.columns[i]?.type === 'text')
    grid.rowIds.forEach((rowId, r) => {
      grid.colIds.forEach((colId, c) => {
        const a = planValue(sheet.id, rowId, colId)
        const b = scenarioValue(sheet.id, rowId, colId)
        if (sameValue(a, b)) return
        const column = grid.columns[c] as ColumnSpec
        const isOverride = overridden.has(overrideKey({ sheetId: sheet.id, rowId, colId }))
        const label = labelCol === undefined ? undefined : cells.get(cellKey(rowId, labelCol))
        const difference = typeof a === 'number' && typeof b === 'number' ? b - a : null
        const entry: ScenarioDifference = {
          sheetId: sheet.id,
          rowId,
          colId,
          sheetName: sheet.name,
          a1: `${columnLetters(c)}${r + 1}`,
          rowLabel: typeof label === 'string' && !label.startsWith('=') ? label : '',
          columnLabel: column.label,
          column,
          overridden: isOverride,
          plan: a,
          scenario: b,
          difference,
          amount: difference === null ? null : amountOf(difference, column.unit),
          percent: difference !== null && typeof a === 'number' && a !== 0 ? difference / Math.abs(a) : null,
        }
        ;(isOverride ? out.changed : out.moved).push(entry)
      })
    })
  }
  return out
}

function sameValue(a: ComputedValue, b: ComputedValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= EPSILON * Math.max(1, Math.abs(a), Math.abs(b))
  return a === b
}

/** [SC5] budgets are compared in mnkr: tkr converts; kr (per pupil), st and % stay as they are. */
function amountOf(difference: number, unit: Unit | undefined): { value: number; unit: Unit | null } {
  if (unit === 'tkr') return { value: difference / 1000, unit: 'mnkr' }
  return { value: difference, unit: unit ?? null }
}
