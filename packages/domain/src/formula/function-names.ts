import { HYPERFORMULA_SV_ERRORS, HYPERFORMULA_SV_FUNCTIONS } from './function-names-sv'

/** The locales a user can see and type formulas in. */
export type FormulaLocale = 'sv-SE' | 'en'

/**
 * Samplan's domain functions (registered in HyperFormula by @samplan/formulas
 * with exactly these names): canonical English -> Swedish.
 */
export const SAMPLAN_FUNCTIONS: Readonly<Record<string, string>> = {
  SCHOOLVOUCHERSHARE: 'SKOLPENGANDEL',
  MEETSFLOOR: 'UPPFYLLERGOLV',
  RSUPREMIUM: 'RSUPREMIE',
  RSUPOTSHARE: 'RSUPOTTANDEL',
  RSUGRANT: 'RSUBIDRAG',
  RSUFEE: 'RSUAVGIFT',
  STRUCTURALDEFICIT: 'STRUKTURELLTUNDERSKOTT',
  DEFICITGRANT: 'UNDERSKOTTSANSLAG',
}

/** Every known function: canonical English name -> Swedish name (HyperFormula svSE + Samplan). */
export const FUNCTION_NAMES: Readonly<Record<string, string>> = { ...HYPERFORMULA_SV_FUNCTIONS, ...SAMPLAN_FUNCTIONS }

const svToCanonical = new Map(Object.entries(FUNCTION_NAMES).map(([en, sv]) => [sv, en]))
const canonicalNames = new Set(Object.keys(FUNCTION_NAMES))

/** The name a user of `locale` sees for a canonical function name; unknown names are returned unchanged. */
export function functionNameToLocale(name: string, locale: FormulaLocale): string {
  if (locale === 'en') return name
  return FUNCTION_NAMES[name.toUpperCase()] ?? name
}

/**
 * The canonical English name of a function typed in `locale`, or undefined when
 * unknown. In sv-SE, English names are accepted too (as HyperFormula's svSE does).
 */
export function functionNameToCanonical(name: string, locale: FormulaLocale): string | undefined {
  const upper = name.toLocaleUpperCase('sv-SE')
  if (locale === 'sv-SE') {
    const en = svToCanonical.get(upper)
    if (en !== undefined) return en
  }
  return canonicalNames.has(upper) ? upper : undefined
}

/** Canonical error literals (HyperFormula enGB) by error type. */
export const ERROR_LITERALS_EN: Readonly<Record<string, string>> = {
  CYCLE: '#CYCLE!',
  DIV_BY_ZERO: '#DIV/0!',
  ERROR: '#ERROR!',
  NA: '#N/A',
  NAME: '#NAME?',
  NUM: '#NUM!',
  REF: '#REF!',
  SPILL: '#SPILL!',
  VALUE: '#VALUE!',
}

/** Error literals by error type in a locale. */
export function errorLiterals(locale: FormulaLocale): Readonly<Record<string, string>> {
  return locale === 'en' ? ERROR_LITERALS_EN : HYPERFORMULA_SV_ERRORS
}

/** The display literal of an error type (`REF` -> `#REFERENS!` in sv-SE). */
export function errorLiteral(type: string, locale: FormulaLocale): string {
  return errorLiterals(locale)[type] ?? ERROR_LITERALS_EN[type] ?? `#${type}!`
}

/** Boolean literal names per locale. */
export function booleanLiteral(value: boolean, locale: FormulaLocale): string {
  return functionNameToLocale(value ? 'TRUE' : 'FALSE', locale)
}
