/** Why a rule rejected its arguments; the plugins map each code to a HyperFormula error. */
export type RuleErrorCode =
  | 'NOT_A_NUMBER'
  | 'NEGATIVE'
  | 'NOT_A_SHARE'
  | 'NOT_AN_INTEGER'
  | 'OUT_OF_RANGE'
  | 'EXCEEDS_TOTAL'
  | 'DIVISION_BY_ZERO'
  | 'LENGTH_MISMATCH'
  | 'TOO_FEW_YEARS'

/** A rejected argument: which rule failed and on which argument (Swedish argument name). */
export interface RuleError {
  readonly code: RuleErrorCode
  readonly argument: string
  /** Extra figure the message needs, e.g. the horizon for TOO_FEW_YEARS. */
  readonly limit?: number
}

/** Outcome of a rule: the value, or why the arguments were rejected (expected failures are values). */
export type RuleResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RuleError }

/** Wraps a computed value as a successful rule result. */
export function ok<T>(value: T): RuleResult<T> {
  return { ok: true, value }
}

/** Builds a rejected rule result. */
export function fail<T>(code: RuleErrorCode, argument: string, limit?: number): RuleResult<T> {
  return { ok: false, error: limit === undefined ? { code, argument } : { code, argument, limit } }
}

/** Checks that a value is a finite number >= 0; returns the error or undefined. */
export function checkNonNegative(value: number, argument: string): RuleError | undefined {
  if (!Number.isFinite(value)) return { code: 'NOT_A_NUMBER', argument }
  if (value < 0) return { code: 'NEGATIVE', argument }
  return undefined
}

/** Checks that a value is a finite number; returns the error or undefined. */
export function checkFinite(value: number, argument: string): RuleError | undefined {
  return Number.isFinite(value) ? undefined : { code: 'NOT_A_NUMBER', argument }
}

/**
 * Tolerance for comparisons of sums of money and shares: spreadsheet arithmetic in doubles makes
 * 0.71 * 100 / 100 land a few ulps off, and a floor or a balance must not fail on that.
 */
export const EPSILON = 1e-9
