import { FUNCTION_NAMES, functionNameToCanonical, functionNameToLocale, type FormulaLocale } from '@samplan/domain'
import { FUNCTION_HELP, functionHelp } from '@samplan/formulas'

/** A function the autocomplete offers: its name in the user's formula language and its help. */
export interface FunctionSuggestion {
  canonical: string
  name: string
  description: string
  args: readonly string[]
}

/** The function call the caret stands in, and which of its arguments (0-based). */
export interface CallAtCaret {
  canonical: string
  name: string
  argIndex: number
}

/** What the formula text says at the caret: a function name being typed, the call around it. */
export interface FormulaContext {
  /** The letters of a function name typed just before the caret, and where they start. */
  word: { start: number; text: string } | null
  call: CallAtCaret | null
}

const NAME_CHARACTER = /[\p{L}\p{N}._]/u
const NAME_START = /\p{L}/u

/** The argument separator of a formula language: `;` in sv-SE, `,` in English. */
export function argumentSeparator(locale: FormulaLocale): string {
  return locale === 'sv-SE' ? ';' : ','
}

/**
 * Reads a formula (`=` first) up to the caret: the name being typed and the innermost function
 * call the caret is in. Strings and quoted sheet names are skipped, so `"SU"` and `'Blad;1'` say
 * nothing. Null for text that is not a formula.
 */
export function formulaContext(text: string, caret: number, locale: FormulaLocale): FormulaContext | null {
  if (!text.startsWith('=')) return null
  const separator = argumentSeparator(locale)
  const calls: Array<{ name: string | null; argIndex: number }> = []
  let i = 1
  let wordStart = -1
  while (i < caret) {
    const c = text[i]!
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1)
      i = close < 0 || close >= caret ? caret : close + 1
      wordStart = -1
      continue
    }
    if (NAME_CHARACTER.test(c)) {
      if (wordStart < 0) wordStart = i
      i++
      continue
    }
    if (c === '(') calls.push({ name: wordStart >= 0 ? text.slice(wordStart, i) : null, argIndex: 0 })
    else if (c === ')') calls.pop()
    else if (c === separator && calls.length > 0) calls[calls.length - 1]!.argIndex++
    wordStart = -1
    i++
  }
  const typed = wordStart >= 0 ? text.slice(wordStart, caret) : ''
  // A name follows an operator, `(`, a separator or `=`, never `$`, `!` or a digit run (`B2`, `1E3`).
  const before = wordStart > 0 ? text[wordStart - 1] : undefined
  const word = typed && NAME_START.test(typed[0]!) && before !== '$' && before !== '!' ? { start: wordStart, text: typed } : null
  // Inside plain brackets (`SUMMA((1`) the hint stays with the function around them, as in Excel.
  const inner = [...calls].reverse().find((call) => call.name !== null)
  const call = inner?.name ? callOf(inner.name, inner.argIndex, locale) : null
  return { word, call }
}

function callOf(typedName: string, argIndex: number, locale: FormulaLocale): CallAtCaret | null {
  const canonical = functionNameToCanonical(typedName, locale)
  return canonical ? { canonical, name: functionNameToLocale(canonical, locale), argIndex } : null
}

/**
 * The functions whose name in the formula language starts with `prefix` (case-insensitive), in
 * Swedish alphabetical order (formulas SPEC FH3: only functions with help are offered).
 */
export function functionSuggestions(prefix: string, locale: FormulaLocale, limit = 8): FunctionSuggestion[] {
  const wanted = prefix.toLocaleUpperCase('sv-SE')
  const collator = new Intl.Collator('sv')
  return Object.keys(FUNCTION_HELP)
    .filter((canonical) => FUNCTION_NAMES[canonical] !== undefined)
    .map((canonical) => {
      const help = functionHelp(canonical, locale === 'en' ? 'en' : 'sv-SE')!
      return { canonical, name: functionNameToLocale(canonical, locale), description: help.description, args: help.args }
    })
    .filter((s) => s.name.startsWith(wanted))
    .sort((a, b) => collator.compare(a.name, b.name))
    .slice(0, limit)
}

/** One piece of an argument hint; `current` marks the argument the caret is in. */
export interface HintPart {
  text: string
  current: boolean
}

/**
 * The signature of the call at the caret with its current argument marked:
 * `SKOLPENGANDEL(` `skolpeng` `; schablon)`. A repeating last argument (`[tal2]…`) stays current
 * past its position. Null for a function without help.
 */
export function argumentHint(call: CallAtCaret, locale: FormulaLocale): HintPart[] | null {
  const help = functionHelp(call.canonical, locale === 'en' ? 'en' : 'sv-SE')
  if (!help) return null
  const separator = `${argumentSeparator(locale)} `
  const last = help.args.length - 1
  const current = call.argIndex > last && help.args[last]?.endsWith('…') ? last : call.argIndex
  const parts: HintPart[] = [{ text: `${call.name}(`, current: false }]
  help.args.forEach((arg, i) => {
    if (i > 0) parts.push({ text: separator, current: false })
    parts.push({ text: arg, current: i === current })
  })
  parts.push({ text: ')', current: false })
  return parts
}
