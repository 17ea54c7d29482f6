import * as Y from 'yjs'
import { positionsOf } from '../model/positions'
import { hasSheet } from '../model/read'
import { cellKey, openWorkbook, sheetRoots, type CellInput, type CellRef, type Workbook } from '../model/workbook'
import type { Override } from './scenario-doc'
import { overrideKey } from './scenario-doc'

/** Origin of the scenario view's own writes (the overrides laid on the plan's state). */
export const SCENARIO_ORIGIN = 'scenario'

/** The overrides of a scenario sorted against the plan's current state ([SC2]-[SC4]). */
export interface ResolvedOverrides {
  /** Overrides whose cell exists in the plan and whose input differs from the plan's: the scenario's changes. */
  active: Override[]
  /** Overrides whose sheet, row or column the plan deleted ([SC3]): shown nowhere, reported. */
  dropped: Override[]
  /** Overrides equal to the plan's input ([SC4]): no difference. */
  same: Override[]
}

/** Whether the plan still has the cell's sheet, row and column. */
export function planHasCell(plan: Workbook, cell: CellRef): boolean {
  if (!hasSheet(plan, cell.sheetId)) return false
  const roots = sheetRoots(plan, cell.sheetId)
  return positionsOf(plan, roots.rows).index.has(cell.rowId) && positionsOf(plan, roots.cols).index.has(cell.colId)
}

/** The plan's input of a cell, null when empty. */
export function planInput(plan: Workbook, cell: CellRef): CellInput {
  return sheetRoots(plan, cell.sheetId).cells.get(cellKey(cell.rowId, cell.colId)) ?? null
}

/** Sorts overrides into active, dropped and same against the plan as it is now. Pure. */
export function resolveOverrides(plan: Workbook, overrides: readonly Override[]): ResolvedOverrides {
  const out: ResolvedOverrides = { active: [], dropped: [], same: [] }
  for (const o of overrides) {
    if (!planHasCell(plan, o)) out.dropped.push(o)
    else if (planInput(plan, o) === o.input) out.same.push(o)
    else out.active.push(o)
  }
  return out
}

/** A scenario as shown: the plan's live state with the overrides on top, read-only for people. */
export interface ScenarioView {
  /** The workbook to mirror and show; follows the plan ([SC1], [SC2]). */
  readonly workbook: Workbook
  /** The overrides sorted against the plan as it is now. */
  resolved(): ResolvedOverrides
  /** Replaces the overrides (a colleague's override, an apply-back); cells no longer overridden show the plan's input again. */
  setOverrides(overrides: readonly Override[]): void
  /** Calls `listener` after the view changed (a plan edit flowed in or the overrides changed). */
  onChange(listener: () => void): () => void
  /** Stops following the plan. */
  destroy(): void
}

/**
 * Builds the scenario's view: a fork of the plan's doc that applies every later plan update and
 * lays the overrides on top again after each, so a plan edit of an overridden cell never shows
 * ([SC2]) while every other plan edit flows in. Cells the view once wrote and no longer
 * overrides are set back to the plan's input, whichever write Yjs would let win.
 */
export function createScenarioView(plan: Workbook, overrides: readonly Override[]): ScenarioView {
  const fork = new Y.Doc()
  Y.applyUpdate(fork, Y.encodeStateAsUpdate(plan.doc))
  const workbook = openWorkbook(fork)
  const listeners = new Set<() => void>()
  let current: readonly Override[] = overrides
  /** Cells the view has written, so they can be given back to the plan. */
  const written = new Map<string, CellRef>()

  function lay(): void {
    const { active } = resolveOverrides(plan, current)
    const wanted = new Map(active.map((o) => [overrideKey(o), o]))
    fork.transact(() => {
      // Every cell the view ever wrote keeps following the plan: a later plan write races the
      // view's own earlier one in Yjs, and the view's may win it.
      for (const [key, cell] of written) {
        if (wanted.has(key) || !planHasCell(plan, cell)) continue
        const cells = sheetRoots(workbook, cell.sheetId).cells
        const k = cellKey(cell.rowId, cell.colId)
        const input = planInput(plan, cell)
        if ((cells.get(k) ?? null) === input) continue
        if (input === null) cells.delete(k)
        else cells.set(k, input)
      }
      for (const [key, o] of wanted) {
        written.set(key, o)
        const cells = sheetRoots(workbook, o.sheetId).cells
        const k = cellKey(o.rowId, o.colId)
        if ((cells.get(k) ?? null) === o.input) continue
        if (o.input === null) cells.delete(k)
        else cells.set(k, o.input)
      }
    }, SCENARIO_ORIGIN)
  }

  function changed(): void {
    for (const listener of [...listeners]) listener()
  }

  const follow = (update: Uint8Array) => {
    Y.applyUpdate(fork, update, plan.doc)
    lay()
    changed()
  }
  plan.doc.on('update', follow)
  lay()

  return {
    workbook,
    resolved: () => resolveOverrides(plan, current),
    setOverrides(next) {
      current = [...next]
      lay()
      changed()
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy() {
      plan.doc.off('update', follow)
      listeners.clear()
      fork.destroy()
    },
  }
}
