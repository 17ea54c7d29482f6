import { canEditCell, statusLock, type Actor } from '../rights/rights'
import { getWorkbookInfo } from '../model/read'
import { sheetRoots, type CellRef, type Workbook } from '../model/workbook'
import { setCells } from '../operations/cells'
import { Origin } from '../origin'
import { resolveOverrides } from './overlay'
import { overrideKey, type Override } from './scenario-doc'

/** An override that cannot go into the plan, and why. */
export interface SkippedOverride {
  override: Override
  /** `dropped`: the plan lost the cell ([SC3]); `same`: the plan already has it ([SC4]); `denied`: not the actor's cell. */
  kind: 'dropped' | 'same' | 'denied'
  reason: string
}

/** What applying a scenario back would write ([SC7]). */
export type ApplyBackPlan = { ok: true; edits: Override[]; skipped: SkippedOverride[] } | { ok: false; reason: string }

export const APPLY_BACK_ROLE_DENIAL = 'Bara ekonomer och administratörer kan föra in ett scenario i planen.'
export const APPLY_BACK_BESLUTAD_DENIAL =
  'Planen är beslutad och tar inte emot ändringar från scenarier. Scenariot finns kvar att jämföra med.'
export const APPLY_BACK_INSKICKAD_DENIAL =
  'Planen är inskickad till nämnden och tar inte emot ändringar från scenarier. En administratör kan skicka tillbaka den till utkast.'

/**
 * Which of the scenario's overrides `actor` may write into the plan ([SC7]): only ekonomer and
 * admins, never into an inskickad or beslutad plan (whatever the role), only cells the plan's own
 * rules let them edit ([R2]-[R3]); overrides whose cell is gone or equal to the plan's are
 * skipped with the reason ([SC3], [SC4]). `cells` picks some overrides; absent means all. Pure.
 */
export function planApplyBack(plan: Workbook, overrides: readonly Override[], actor: Actor, cells?: readonly CellRef[]): ApplyBackPlan {
  if (actor.role !== 'ekonom' && actor.role !== 'admin') return { ok: false, reason: APPLY_BACK_ROLE_DENIAL }
  const { status } = getWorkbookInfo(plan)
  // Not even an admin writes a what-if into a plan the nämnd reads or has decided.
  if (status === 'beslutad') return { ok: false, reason: APPLY_BACK_BESLUTAD_DENIAL }
  if (status === 'inskickad') return { ok: false, reason: APPLY_BACK_INSKICKAD_DENIAL }
  const wanted = cells === undefined ? null : new Set(cells.map(overrideKey))
  const chosen = overrides.filter((o) => wanted === null || wanted.has(overrideKey(o)))
  const { active, dropped, same } = resolveOverrides(plan, chosen)
  const skipped: SkippedOverride[] = [
    ...dropped.map((override) => ({
      override,
      kind: 'dropped' as const,
      reason: 'Raden, kolumnen eller bladet finns inte längre i planen.',
    })),
    ...same.map((override) => ({ override, kind: 'same' as const, reason: 'Planen har redan samma värde.' })),
  ]
  const edits: Override[] = []
  for (const o of active) {
    const roots = sheetRoots(plan, o.sheetId)
    const context = { status, column: roots.colSpecs.get(o.colId), row: roots.rowSpecs.get(o.rowId) }
    if (statusLock(actor, status) === null && canEditCell(actor, context)) edits.push(o)
    else skipped.push({ override: o, kind: 'denied', reason: 'Du får inte ändra cellen i planen.' })
  }
  return { ok: true, edits, skipped }
}

/**
 * Writes the edits of an apply-back into the plan as one `Origin.LocalEdit` transaction ([SC7]):
 * the server's gate judges and audits it as any edit, and one undo takes it back.
 */
export function applyBackToPlan(plan: Workbook, edits: readonly Override[], origin: unknown = Origin.LocalEdit): void {
  const bySheet = new Map<string, Override[]>()
  for (const e of edits) bySheet.set(e.sheetId, [...(bySheet.get(e.sheetId) ?? []), e])
  plan.doc.transact(() => {
    for (const [sheetId, list] of bySheet) setCells(plan, sheetId, list, origin)
  }, origin)
}
