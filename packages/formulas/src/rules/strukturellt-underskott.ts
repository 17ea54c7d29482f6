import { checkFinite, EPSILON, fail, ok, type RuleResult } from './rule-result'

/** Years within which an anslagsenhet must be able to reach balance ("inom 2–3 år", SU-1). */
export const DEFAULT_BALANCE_HORIZON_YEARS = 3

/** Longest horizon accepted; the VP speaks of 2-3 years, ten leaves room for long forecasts. */
export const MAX_BALANCE_HORIZON_YEARS = 10

/**
 * Whether an anslagsenhet's deficit is structural (SU-1): in none of the first `horizonYears` years
 * of the forecast do intäkter cover kostnader. `intakter[i]` and `kostnader[i]` are year i of the
 * plan, starting with the budget year; the forecast must cover the whole horizon.
 */
export function isStructuralDeficit(
  intakter: readonly number[],
  kostnader: readonly number[],
  horizonYears: number = DEFAULT_BALANCE_HORIZON_YEARS,
): RuleResult<boolean> {
  if (!Number.isInteger(horizonYears)) return fail('NOT_AN_INTEGER', 'horisont')
  if (horizonYears < 1 || horizonYears > MAX_BALANCE_HORIZON_YEARS) {
    return fail('OUT_OF_RANGE', 'horisont', MAX_BALANCE_HORIZON_YEARS)
  }
  if (intakter.length !== kostnader.length) return fail('LENGTH_MISMATCH', 'kostnader')
  if (intakter.length < horizonYears) return fail('TOO_FEW_YEARS', 'intäkter', horizonYears)
  for (let year = 0; year < horizonYears; year++) {
    const income = intakter[year] ?? Number.NaN
    const cost = kostnader[year] ?? Number.NaN
    const bad = checkFinite(income, 'intäkter') ?? checkFinite(cost, 'kostnader')
    if (bad) return { ok: false, error: bad }
  }
  for (let year = 0; year < horizonYears; year++) {
    if ((intakter[year] ?? 0) >= (kostnader[year] ?? 0) - EPSILON) return ok(false)
  }
  return ok(true)
}

/** The year's anslag for an anslagsenhet with structural deficit: the gap, never negative (SU-3). */
export function deficitGrant(intakter: number, kostnader: number): RuleResult<number> {
  const bad = checkFinite(intakter, 'intäkter') ?? checkFinite(kostnader, 'kostnader')
  if (bad) return { ok: false, error: bad }
  return ok(Math.max(0, kostnader - intakter))
}
