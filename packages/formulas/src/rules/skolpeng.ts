import { checkNonNegative, EPSILON, fail, ok, type RuleResult } from './rule-result'

/**
 * Shares of KF's schablon that the VP 2024 pays out as peng in egen regi (seed: skolpeng_forandring,
 * andel_av_schablon_regler). The 71 % floor is KF's guideline for grundskola F-9 and fritidshem; the
 * others are the year's outcomes, usable as floors when checking a proposal against the VP.
 */
export const SKOLPENG_FLOORS = {
  /** KF's guideline: at least 71 % of the schablon for grundskola F-9 and fritidshem. */
  grundskola: 0.71,
  /** Average programpeng for gymnasieskola, 68,8 % of the schablon (unchanged from 2023). */
  gymnasieskola: 0.688,
  /** Anpassad grundskola: 86,8-93,8 % depending on årskurs and behovsgrupp. */
  anpassadGrundskolaMin: 0.868,
  anpassadGrundskolaMax: 0.938,
} as const

/** Default floor of MEETSFLOOR: KF's 71 % for grundskola F-9 and fritidshem. */
export const DEFAULT_SKOLPENG_FLOOR = SKOLPENG_FLOORS.grundskola

/** Skolpeng (or programpeng) per elev as a fraction of KF's schablon per elev. */
export function schoolVoucherShare(skolpeng: number, schablon: number): RuleResult<number> {
  const bad = checkNonNegative(skolpeng, 'skolpeng') ?? checkNonNegative(schablon, 'schablon')
  if (bad) return { ok: false, error: bad }
  if (schablon === 0) return fail('DIVISION_BY_ZERO', 'schablon')
  return ok(skolpeng / schablon)
}

/**
 * Whether a share of the schablon meets its floor (share >= floor, up to rounding noise).
 * The floor is a fraction in [0, 1]; the share may exceed 1 (skolskjutstillägget is paid in full).
 */
export function meetsFloor(share: number, floor: number = DEFAULT_SKOLPENG_FLOOR): RuleResult<boolean> {
  const bad = checkNonNegative(share, 'andel') ?? checkNonNegative(floor, 'golv')
  if (bad) return { ok: false, error: bad }
  if (floor > 1) return fail('NOT_A_SHARE', 'golv')
  return ok(share >= floor - EPSILON)
}
