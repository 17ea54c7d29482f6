import { z } from 'zod'

/**
 * What a dated column holds (SPEC P1-P5):
 * - `budget`: a budget year's figures (KF's ram, the VP's budget, the rates in force that year);
 * - `plan`: a later year of a multi-year plan (intäkter and kostnader 2025, 2026);
 * - `utfall`: the outcome of a year (or the count at a month, `Antal elever okt 2023`);
 * - `prognos`: a forecast of the year made at a month (`Prognos oktober 2023`);
 * - `forandring`: the change `from` -> `year` (`Förändring 2024`, `Ökning (+)/ minskning (-)`);
 * - `arsmal`, `kf-arsmal`: the nämnd's and KF's targets for the year;
 * - `avser`: a header that only dates the rows below it (`Resultatenheter 2024`); its cells are
 *   labels and stay where they are when the plan rolls over.
 */
export const PeriodKind = z.enum(['budget', 'plan', 'utfall', 'prognos', 'forandring', 'arsmal', 'kf-arsmal', 'avser'])
export type PeriodKind = z.infer<typeof PeriodKind>

/** Whose figure a column holds when a sheet has both: KF's (kommunfullmäktige) or the nämnd's VP. */
export const PeriodVariant = z.enum(['VP', 'KF'])
export type PeriodVariant = z.infer<typeof PeriodVariant>

const Year = z.number().int().min(1900).max(2999)

export const Period = z.object({
  kind: PeriodKind,
  /** The year the figures are for (for a change: the year it leads to). */
  year: Year,
  /** A change's starting year (`Förändring KF 2024 jfr KF 2023`: from 2023, year 2024). */
  from: Year.optional(),
  /** The month of a forecast or a count (`Prognos oktober 2023`: 10). */
  month: z.number().int().min(1).max(12).optional(),
  variant: PeriodVariant.optional(),
  /**
   * Which series, where a sheet holds two of the same period (`elever` next to mnkr,
   * `intakter` and `kostnader`): the periods of one sheet's columns are unique (P2).
   */
  measure: z.string().min(1).max(40).optional(),
  /**
   * The header as a pattern: `{year}`, `{from}`, `{month}` (oktober), `{mon}` (okt) and
   * `{variant}` are replaced by the period's values (`Budget {year} (VP)`). Without it the
   * kind's default pattern is used (`periodLabel`).
   */
  header: z.string().max(200).optional(),
})
export type Period = z.infer<typeof Period>
