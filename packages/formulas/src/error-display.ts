import type { FormulaLocale } from './engine'

/**
 * The error texts of HyperFormula's svSE and enGB language packs (Excel's Swedish names: #DIVISION/0!,
 * #REFERENS!, #VÄRDEFEL!, #NAMN?, #SAKNAS!, #OGILTIGT!), copied so that showing a cell does not load the
 * engine (it runs in a worker); error-display.test.ts checks they equal the packs.
 */
export const ENGINE_ERROR_TEXTS: Readonly<Record<'svSE' | 'enGB', Readonly<Record<string, string>>>> = {
  svSE: {
    CYCLE: '#CYCLE!',
    DIV_BY_ZERO: '#DIVISION/0!',
    ERROR: '#ERROR!',
    NA: '#SAKNAS!',
    NAME: '#NAMN?',
    NUM: '#OGILTIGT!',
    REF: '#REFERENS!',
    SPILL: '#SPILL!',
    VALUE: '#VÄRDEFEL!',
  },
  enGB: {
    CYCLE: '#CYCLE!',
    DIV_BY_ZERO: '#DIV/0!',
    ERROR: '#ERROR!',
    NA: '#N/A',
    NAME: '#NAME?',
    NUM: '#NUM!',
    REF: '#REF!',
    SPILL: '#SPILL!',
    VALUE: '#VALUE!',
  },
}

// Excel has no name for a cycle or a formula it cannot read (FD2); Swedish ones are ours.
const ERROR_TEXTS: Record<FormulaLocale, Record<string, string>> = {
  'sv-SE': { ...ENGINE_ERROR_TEXTS.svSE, CYCLE: '#CYKEL!', ERROR: '#FEL!', LIC: '#LIC!' },
  en: { ...ENGINE_ERROR_TEXTS.enGB, LIC: '#LIC!' },
}

/** The spreadsheet text of an error type ('VALUE' -> '#VÄRDEFEL!' in Swedish, SPEC FD1); unknown types show as '#FEL!' / '#ERROR!'. */
export function errorDisplay(type: string, locale: FormulaLocale): string {
  const texts = ERROR_TEXTS[locale]
  return texts[type] ?? texts.ERROR ?? '#ERROR!'
}

// What each error means, for the hover text of a cell (SPEC FD3).
const EXPLANATIONS: Record<string, { sv: string; en: string }> = {
  DIV_BY_ZERO: {
    sv: 'Division med noll: nämnaren är 0 eller en tom cell.',
    en: 'Division by zero: the divisor is 0 or an empty cell.',
  },
  REF: {
    sv: 'Ogiltig referens: formeln pekar på en cell, rad, kolumn eller ett blad som har tagits bort eller ligger utanför bladet.',
    en: 'Invalid reference: the formula points at a cell, row, column or sheet that was deleted or lies outside the sheet.',
  },
  VALUE: {
    sv: 'Fel typ av värde: ett argument eller en cell har fel typ, till exempel text där ett tal behövs.',
    en: 'Wrong type of value: an argument or cell has the wrong type, for example text where a number is needed.',
  },
  NAME: {
    sv: 'Okänt namn: formeln använder en funktion eller ett namn som inte finns. Kontrollera stavningen.',
    en: 'Unknown name: the formula uses a function or name that does not exist. Check the spelling.',
  },
  NA: {
    sv: 'Värdet saknas: ett uppslag hittade inget, eller ett värde är inte tillgängligt.',
    en: 'Value not available: a lookup found nothing, or a value is not available.',
  },
  NUM: {
    sv: 'Ogiltigt tal: ett argument eller resultatet ligger utanför det tillåtna, till exempel roten ur ett negativt tal.',
    en: 'Invalid number: an argument or the result is out of range, for example the square root of a negative number.',
  },
  CYCLE: {
    sv: 'Cirkelreferens: formeln beror på sitt eget resultat, direkt eller via andra celler, och kan inte räknas ut. Ta bort referensen till cellen själv.',
    en: 'Circular reference: the formula depends on its own result, directly or through other cells, and cannot be computed. Remove the reference to the cell itself.',
  },
  ERROR: {
    sv: 'Formeln kan inte tolkas. Öppna cellen och rätta den.',
    en: 'The formula cannot be read. Open the cell and correct it.',
  },
  SPILL: {
    sv: 'Resultatet får inte plats: cellerna det skulle fylla är inte tomma.',
    en: 'The result does not fit: the cells it would fill are not empty.',
  },
  LIC: {
    sv: 'Beräkningsmotorn saknar giltig licens.',
    en: 'The calculation engine has no valid licence.',
  },
}

/** What an error type means, in the locale (SPEC FD3). */
export function errorExplanation(type: string, locale: FormulaLocale): string {
  const e = EXPLANATIONS[type] ?? { sv: 'Beräkningen gav ett fel.', en: 'The calculation failed.' }
  return locale === 'en' ? e.en : e.sv
}

/**
 * The hover text of a cell showing an error (SPEC FD3): its name, what it means, and the
 * engine's more specific reason when there is one (`Funktionen FOO finns inte.`), e.g.
 * `#DIVISION/0!: Division med noll: nämnaren är 0 eller en tom cell.`
 */
export function errorTooltip(error: { type: string; message?: string; messageEn?: string }, locale: FormulaLocale): string {
  const head = `${errorDisplay(error.type, locale)}: ${errorExplanation(error.type, locale)}`
  // A parse error's own message is the parser's token list: the explanation says it better.
  const detail = error.type === 'ERROR' ? undefined : locale === 'en' ? (error.messageEn ?? error.message) : error.message
  return detail ? `${head} ${detail}` : head
}
