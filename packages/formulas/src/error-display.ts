import { enGB, svSE } from 'hyperformula/i18n/languages'
import type { FormulaLocale } from './engine'

// Error texts come from HyperFormula's own language packs, so the grid shows what the engine parses.
const ERROR_TEXTS: Record<FormulaLocale, Record<string, string>> = {
  'sv-SE': svSE.errors,
  en: enGB.errors,
}

/** The spreadsheet text of an error type ('VALUE' -> '#VÄRDEFEL!' in Swedish); unknown types show as '#ERROR!'. */
export function errorDisplay(type: string, locale: FormulaLocale): string {
  const texts = ERROR_TEXTS[locale]
  if (type === 'LIC') return '#LIC!'
  return texts[type] ?? texts.ERROR ?? '#ERROR!'
}
