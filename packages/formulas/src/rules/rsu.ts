import { checkNonNegative, fail, ok, type RuleError, type RuleResult } from './rule-result'

/** A figure per årskurs band (F-3, 4-6, 7-9): elever or kr per elev. */
export interface GradeBands {
  readonly f3: number
  readonly g4to6: number
  readonly g7to9: number
}

/** Årspremie in kr per elev och år that every kommunal skola pays into its område's pot (VP 2024, RSU-2). */
export const RSU_PREMIUMS: Readonly<Record<2023 | 2024, GradeBands>> = {
  2023: { f3: 80, g4to6: 336, g7to9: 420 },
  2024: { f3: 60, g4to6: 349, g7to9: 469 },
}

/** RSU-bidrag in tkr per placed elev och år, paid to the hemskola (VP 2024, RSU-7). */
export const RSU_GRANT_PER_ELEV_TKR_2024 = 147.0

function firstError(checks: ReadonlyArray<RuleError | undefined>): RuleError | undefined {
  return checks.find((check) => check !== undefined)
}

/** Premium (kr) a school or område pays into the pot: Σ elever per band × that band's premium (RSU-2). */
export function rsuPremium(elever: GradeBands, premier: GradeBands): RuleResult<number> {
  const bad = firstError([
    checkNonNegative(elever.f3, 'elever F-3'),
    checkNonNegative(elever.g4to6, 'elever 4-6'),
    checkNonNegative(elever.g7to9, 'elever 7-9'),
    checkNonNegative(premier.f3, 'premie F-3'),
    checkNonNegative(premier.g4to6, 'premie 4-6'),
    checkNonNegative(premier.g7to9, 'premie 7-9'),
  ])
  if (bad) return { ok: false, error: bad }
  return ok(elever.f3 * premier.f3 + elever.g4to6 * premier.g4to6 + elever.g7to9 * premier.g7to9)
}

/** A group's share of its område's pot: an equal amount per RSU place (RSU-4). */
export function rsuPotShare(potKr: number, groupPlaces: number, totalPlaces: number): RuleResult<number> {
  const bad = firstError([
    checkNonNegative(potKr, 'pott'),
    checkNonNegative(groupPlaces, 'gruppens platser'),
    checkNonNegative(totalPlaces, 'områdets platser'),
  ])
  if (bad) return { ok: false, error: bad }
  if (totalPlaces === 0) return fail('DIVISION_BY_ZERO', 'områdets platser')
  if (groupPlaces > totalPlaces) return fail('EXCEEDS_TOTAL', 'gruppens platser')
  return ok((potKr / totalPlaces) * groupPlaces)
}

/** RSU-bidrag (tkr) for a number of placed elever at a rate in tkr per elev (RSU-7). */
export function rsuGrant(placedElever: number, grantPerElevTkr: number): RuleResult<number> {
  const bad = firstError([
    checkNonNegative(placedElever, 'placerade elever'),
    checkNonNegative(grantPerElevTkr, 'bidrag per elev'),
  ])
  if (bad) return { ok: false, error: bad }
  return ok(placedElever * grantPerElevTkr)
}

/** A group's budget as the fee rule sees it; all amounts in one unit (kr or tkr). */
export interface RsuGroupBudget {
  readonly costs: number
  readonly potShare: number
  /** Skolpeng and fritidshemspeng of all placed elever together. */
  readonly skolpengAndFritids: number
  /** RSU-bidrag of all placed elever together. */
  readonly rsuGrant: number
  readonly kunskapsbidrag: number
  readonly placedElever: number
}

/**
 * Avgift per placed elev (RSU-9, RSU-10): the group's budgeted costs less its budgeted revenues,
 * shared equally by its placed elever, in the unit of the amounts.
 *
 * Surplus rule (the VP is silent, see seed RSU-9 open questions): when revenues cover the costs the
 * fee is 0. A negative fee would pay hemskolor back out of the pot, which the model does not
 * describe; the surplus stays with the group as its budgeted result. With no placed elever and a
 * gap to cover there is nobody to charge, which is a division by zero.
 */
export function rsuFee(budget: RsuGroupBudget): RuleResult<number> {
  const bad = firstError([
    checkNonNegative(budget.costs, 'kostnader'),
    checkNonNegative(budget.potShare, 'pottandel'),
    checkNonNegative(budget.skolpengAndFritids, 'skolpeng och fritidshemspeng'),
    checkNonNegative(budget.rsuGrant, 'RSU-bidrag'),
    checkNonNegative(budget.kunskapsbidrag, 'kunskapsbidrag'),
    checkNonNegative(budget.placedElever, 'placerade elever'),
  ])
  if (bad) return { ok: false, error: bad }
  const gap = rsuFundingGap(budget)
  if (gap <= 0) return ok(0)
  if (budget.placedElever === 0) return fail('DIVISION_BY_ZERO', 'placerade elever')
  return ok(gap / budget.placedElever)
}

/** Costs less revenues of an RSU group: positive is what the fees must cover, negative a surplus. */
export function rsuFundingGap(budget: RsuGroupBudget): number {
  return budget.costs - budget.potShare - budget.skolpengAndFritids - budget.rsuGrant - budget.kunskapsbidrag
}
