import { HyperFormula, type ConfigParams } from 'hyperformula'
import { registerSamplanFunctions, SWEDISH_LANGUAGE_CODE } from './register'

/** The locales Samplan shows formulas in. */
export type FormulaLocale = 'sv-SE' | 'en'

/** Options of a standalone engine. */
export interface FormulaEngineOptions {
  /** Language of function names, separators and error texts; Swedish unless set. */
  readonly language?: FormulaLocale
}

/** HyperFormula is used under GPL-3.0; Samplan is GPL-3.0-or-later (README.md, Licence). */
export const HYPERFORMULA_LICENSE_KEY = 'gpl-v3'

/** HyperFormula settings for a locale: Swedish uses SUMMA, `;` between arguments, `,` decimals. */
export function engineConfig(locale: FormulaLocale): Partial<ConfigParams> {
  if (locale === 'sv-SE') {
    return {
      licenseKey: HYPERFORMULA_LICENSE_KEY,
      language: SWEDISH_LANGUAGE_CODE,
      functionArgSeparator: ';',
      decimalSeparator: ',',
      thousandSeparator: ' ',
    }
  }
  return { licenseKey: HYPERFORMULA_LICENSE_KEY, language: 'enGB' }
}

/**
 * Creates an empty HyperFormula instance with every Samplan function registered; Swedish by default.
 * @example
 * const hf = createFormulaEngine()
 * const sheet = hf.getSheetId(hf.addSheet('RSU'))!
 * hf.setCellContents({ sheet, row: 0, col: 0 }, '=RSUBIDRAG(170;147)') // 24 990 tkr
 */
export function createFormulaEngine(options: FormulaEngineOptions = {}): HyperFormula {
  registerSamplanFunctions()
  return HyperFormula.buildEmpty(engineConfig(options.language ?? 'sv-SE'))
}
