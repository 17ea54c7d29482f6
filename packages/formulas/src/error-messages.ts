import { CellError, ErrorType } from 'hyperformula'
import type { RuleError, RuleErrorCode, RuleResult } from './rules/rule-result'

// One catalog of the Swedish messages behind the cell errors of Samplan's functions (STYLE 12b).
const MESSAGES: Record<RuleErrorCode, (error: RuleError) => string> = {
  NOT_A_NUMBER: (e) => `Argumentet ${e.argument} måste vara ett tal.`,
  NEGATIVE: (e) => `Argumentet ${e.argument} får inte vara negativt.`,
  NOT_A_SHARE: (e) => `Argumentet ${e.argument} är en andel och måste ligga mellan 0 och 1 (0 % och 100 %).`,
  NOT_AN_INTEGER: (e) => `Argumentet ${e.argument} måste vara ett heltal.`,
  OUT_OF_RANGE: (e) => `Argumentet ${e.argument} måste ligga mellan 1 och ${e.limit ?? 1}.`,
  EXCEEDS_TOTAL: (e) => `Argumentet ${e.argument} får inte vara större än totalen.`,
  DIVISION_BY_ZERO: (e) => `Division med noll: argumentet ${e.argument} är 0.`,
  LENGTH_MISMATCH: () => 'Intäkter och kostnader måste täcka lika många år.',
  TOO_FEW_YEARS: (e) => `Prognosen måste täcka minst ${e.limit ?? 1} år.`,
}

/** Extra messages for argument problems found before a rule runs. */
export const ARGUMENT_MESSAGES = {
  emptyInRange: 'Intervallet innehåller en tom cell; varje år behöver ett belopp.',
  textInRange: 'Intervallet innehåller text; varje år behöver ett belopp.',
} as const

/** The Swedish message for a rejected rule argument. */
export function ruleErrorMessage(error: RuleError): string {
  return MESSAGES[error.code](error)
}

/** Turns a rule result into what a HyperFormula function returns: the value or a CellError. */
export function toCellValue<T extends number | boolean>(result: RuleResult<T>): T | CellError {
  if (result.ok) return result.value
  const type = result.error.code === 'DIVISION_BY_ZERO' ? ErrorType.DIV_BY_ZERO : ErrorType.VALUE
  return new CellError(type, ruleErrorMessage(result.error))
}

// HyperFormula's own messages users meet most in a planning workbook; others stay in English.
const ENGINE_MESSAGES: Readonly<Record<string, string>> = {
  'Wrong number of arguments.': 'Fel antal argument.',
  'Empty function argument.': 'Ett argument saknas.',
  'Value cannot be coerced to number.': 'Värdet kan inte tolkas som ett tal.',
  'Number argument expected.': 'Ett tal förväntas.',
  'Wrong type of argument.': 'Fel typ av argument.',
  'Value needs to be an integer.': 'Värdet måste vara ett heltal.',
  'Value too small.': 'Värdet är för litet.',
  'Value too large.': 'Värdet är för stort.',
  'Value cannot be negative.': 'Värdet får inte vara negativt.',
  'NaN or infinite value encountered.': 'Resultatet är inte ett ändligt tal.',
  'Cell range expected.': 'Ett cellområde förväntas.',
  'Cell range not allowed.': 'Ett cellområde är inte tillåtet här.',
  'Ranges need to be of equal length.': 'Områdena måste vara lika långa.',
  'Range spans more than one sheet.': 'Området sträcker sig över mer än ett blad.',
  'Parsing error.': 'Formeln kan inte tolkas.',
  'Sheet does not exist.': 'Bladet finns inte.',
  'Address is not correct.': 'Adressen är felaktig.',
  'Value not found.': 'Värdet hittades inte.',
  'Resulting reference is out of the sheet.': 'Referensen hamnar utanför bladet.',
}
const UNKNOWN_FUNCTION = /^Function name (.+) not recognized\.$/

/** The Swedish text of a HyperFormula error message, when the catalog has one; otherwise the message itself. */
export function swedishEngineMessage(message: string): string {
  const known = ENGINE_MESSAGES[message]
  if (known !== undefined) return known
  // HyperFormula appends the parser's expected tokens to this one, in English.
  if (message.startsWith('Parsing error')) return 'Formeln kan inte tolkas.'
  const unknownFunction = UNKNOWN_FUNCTION.exec(message)
  if (unknownFunction) return `Funktionen ${unknownFunction[1]} finns inte.`
  return message
}
