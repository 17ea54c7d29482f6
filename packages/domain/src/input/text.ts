import { formulaToStored, renderStored } from '../formula/convert'
import { booleanLiteral, type FormulaLocale } from '../formula/function-names'
import { formulaContext } from '../model/formula-context'
import { requireSheet } from '../model/read'
import { isFormula, type CellInput, type SheetId, type Workbook } from '../model/workbook'

const NBSP = /[\u00A0\u202F ]/g

/**
 * A number as typed in a locale, or undefined. sv-SE: `1,5`, `-1 234,5`
 * (space or no-break space groups), `74 %`; en: `1.5`, `1,234.5`, `74%`.
 */
export function parseLocaleNumber(text: string, locale: FormulaLocale): number | undefined {
  let s = text.trim().replace(/\u2212/g, '-')
  let percent = false
  if (s.endsWith('%')) {
    percent = true
    s = s.slice(0, -1).trimEnd()
  }
  let normalized: string
  if (locale === 'sv-SE') {
    if (!/^[-+]?(\d{1,3}([\u00A0\u202F ]\d{3})+|\d+)?(,\d+)?([eE][-+]?\d+)?$/.test(s)) return undefined
    normalized = s.replace(NBSP, '').replace(',', '.')
  } else {
    if (!/^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?$/.test(s)) return undefined
    normalized = s.replace(/,/g, '')
  }
  if (!/\d/.test(normalized)) return undefined
  const n = Number(normalized)
  if (!Number.isFinite(n)) return undefined
  return percent ? n / 100 : n
}

/** The locale's text of a number at full precision, without grouping (what an editor shows). */
export function numberToEditText(n: number, locale: FormulaLocale): string {
  const s = String(n)
  return locale === 'sv-SE' ? s.replace('.', ',') : s
}

function parseBoolean(text: string, locale: FormulaLocale): boolean | undefined {
  const upper = text.trim().toLocaleUpperCase('sv-SE')
  if (upper === booleanLiteral(true, locale) || upper === 'TRUE') return true
  if (upper === booleanLiteral(false, locale) || upper === 'FALSE') return false
  return undefined
}

/** Stored form of a formula typed in `locale` (text starts with '='). */
export function storedFormula(wb: Workbook, sheetId: SheetId, text: string, locale: FormulaLocale): string {
  return `=${formulaToStored(text.slice(1), locale, formulaContext(wb, sheetId))}`
}

/**
 * Turns what a user typed into the stored input (SPEC I1-I4): `1,5` -> 1.5 in
 * sv-SE, `=SUMMA(B2:B9)` -> stored formula, `''` -> null, anything else stays
 * text as typed (even in a number column; validation flags it). A leading `'`
 * forces text. Never throws for user text; throws SheetNotFoundError.
 */
export function parseUserInput(wb: Workbook, sheetId: SheetId, text: string, locale: FormulaLocale): CellInput {
  requireSheet(wb, sheetId)
  if (text === '') return null
  if (text.startsWith('=') && text.length > 1) return storedFormula(wb, sheetId, text, locale)
  if (text.startsWith("'")) {
    const rest = text.slice(1)
    // A text cannot start with '=' in the doc (that marks a formula), so such text keeps its apostrophe.
    return rest.startsWith('=') ? text : rest
  }
  const n = parseLocaleNumber(text, locale)
  if (n !== undefined) return n
  const b = parseBoolean(text, locale)
  if (b !== undefined) return b
  return text
}

/**
 * The text a user sees in the editor or formula bar: numbers in the locale
 * without grouping, formulas with the locale's names, separators and A1
 * positions computed now; dangling references as #REF! (`#REFERENS!` in sv-SE).
 * Throws SheetNotFoundError.
 */
export function renderInput(wb: Workbook, sheetId: SheetId, input: CellInput | undefined, locale: FormulaLocale): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'number') return numberToEditText(input, locale)
  if (typeof input === 'boolean') return booleanLiteral(input, locale)
  if (isFormula(input)) {
    requireSheet(wb, sheetId)
    return `=${renderStored(input.slice(1), locale, formulaContext(wb, sheetId))}`
  }
  // Text that would read back as something else gets Excel's apostrophe, so editing it keeps it text.
  if (input !== '' && parseUserInput(wb, sheetId, input, locale) !== input) return `'${input}`
  return input
}

/**
 * Canonical English A1 text of a stored formula for HyperFormula (enGB, `,`
 * arguments, `.` decimals) and xlsx, e.g. `=SUM(B2:B9)`, `='Volym'!C4`.
 * Non-formulas are returned unchanged. Throws SheetNotFoundError.
 */
export function toEngineFormula(wb: Workbook, sheetId: SheetId, formula: string): string {
  if (!isFormula(formula)) return formula
  return `=${renderStored(formula.slice(1), 'engine', formulaContext(wb, sheetId))}`
}

/**
 * Stored formula from canonical English A1 text relative to a sheet (templates,
 * xlsx import); cross-sheet references by sheet name. Throws SheetNotFoundError.
 */
export function formulaFromA1(wb: Workbook, sheetId: SheetId, a1Formula: string): string {
  requireSheet(wb, sheetId)
  const text = a1Formula.startsWith('=') ? a1Formula : `=${a1Formula}`
  return storedFormula(wb, sheetId, text, 'en')
}
