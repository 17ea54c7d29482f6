import { overrideDenial, type Actor } from '../rights/rights'
import { sheetRoots, type Workbook } from '../model/workbook'
import { planHasCell } from './overlay'
import type { Override, ScenarioMeta } from './scenario-doc'
import type { CellRef } from '../model/workbook'

/** [SC8] a private scenario is its owner's alone; a shared one every member's (membership is checked first). */
export function canSeeScenario(actor: Required<Pick<Actor, 'id'>> & Actor, meta: ScenarioMeta): boolean {
  return !meta.deleted && (meta.visibility === 'shared' || meta.ownerId === actor.id)
}

/** [SC8] renaming, sharing and deleting: the owner, or an admin for a shared scenario. */
export function canManageScenario(actor: Required<Pick<Actor, 'id'>> & Actor, meta: ScenarioMeta): boolean {
  return canSeeScenario(actor, meta) && (meta.ownerId === actor.id || actor.role === 'admin')
}

/**
 * The first override (or removal) `actor` may not write, with the reason ([SC6]): the cell rules
 * of the plan without its status lock; a cell the plan does not have cannot be overridden.
 */
export function overrideWriteDenial(plan: Workbook, actor: Actor, cells: readonly (Override | CellRef)[]): string | null {
  for (const cell of cells) {
    if (!planHasCell(plan, cell)) return 'Cellen finns inte i planen.'
    const roots = sheetRoots(plan, cell.sheetId)
    const denial = overrideDenial(actor, { column: roots.colSpecs.get(cell.colId), row: roots.rowSpecs.get(cell.rowId) })
    if (denial !== null) return denial
  }
  return null
}
