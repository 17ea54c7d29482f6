import { errorLiterals, type FormulaLocale } from './function-names'
import { IDENT_START, readNameOrReference, readQuotedSheetReference, readStoredReference } from './reference-readers'

/** How formula text is written: as a user types it in a locale, or as stored (canonical English + id references). */
export type Dialect = FormulaLocale | 'stored'

/** A cell address by position (A1) or by stable ids (stored form). */
export type Address =
  | { kind: 'a1'; col: number; row: number; colAbs: boolean; rowAbs: boolean }
  | { kind: 'id'; colId: string; rowId: string; colAbs: boolean; rowAbs: boolean }

/** The sheet part of a reference: by name (as typed) or by id (stored). */
export type SheetPart = { by: 'name'; name: string; quoted: boolean } | { by: 'id'; id: string; quoted: boolean }

export type Token =
  | { t: 'ws' | 'string' | 'op' | 'other'; text: string }
  | { t: 'sep'; text: string }
  | { t: 'number'; text: string }
  | { t: 'func'; text: string }
  | { t: 'ident'; text: string }
  | { t: 'error'; text: string; type: string }
  | { t: 'ref'; text: string; sheet: SheetPart | null; a: Address; b: Address | null }

/** A token read at a position and where the text after it starts; null when the reader does not apply there. */
export type TokenRead = { token: Token; end: number } | null

/** Reads one token at `s[i]` in a dialect. */
export type Reader = (s: string, i: number, dialect: Dialect) => TokenRead

function argSeparator(d: Dialect): string {
  return d === 'sv-SE' ? ';' : ','
}

const NUMBER_SV = /(\d+(,\d+)?|,\d+)([eE][+-]?\d+)?/y
const NUMBER_EN = /(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?/y

function numberPattern(d: Dialect): RegExp {
  return d === 'sv-SE' ? NUMBER_SV : NUMBER_EN
}

// Longest literal first, so `#N/A` never shadows a longer one. sv-SE also accepts the English literals, as it accepts English function names.
const ERROR_TABLES: Record<Dialect, Array<[string, string]>> = {
  'sv-SE': [...Object.entries(errorLiterals('sv-SE')), ...Object.entries(errorLiterals('en'))].sort((x, y) => y[1].length - x[1].length),
  en: Object.entries(errorLiterals('en')).sort((x, y) => y[1].length - x[1].length),
  stored: Object.entries(errorLiterals('en')).sort((x, y) => y[1].length - x[1].length),
}

const WS = /\s/
const DIGIT = /[0-9]/

/** A run of whitespace, kept as typed. */
const readWhitespace: Reader = (s, i) => {
  if (!WS.test(s[i]!)) return null
  let j = i + 1
  while (j < s.length && WS.test(s[j]!)) j++
  return { token: { t: 'ws', text: s.slice(i, j) }, end: j }
}

/** A string literal with `""` escapes; an unclosed one runs to the end of the text. */
const readString: Reader = (s, i) => {
  if (s[i] !== '"') return null
  let j = i + 1
  while (j < s.length) {
    if (s[j] === '"') {
      if (s[j + 1] === '"') j += 2
      else break
    } else j++
  }
  j = Math.min(j + 1, s.length)
  return { token: { t: 'string', text: s.slice(i, j) }, end: j }
}

/** An error literal of the dialect in any letter case (`#REF!`, `#referens!`); a lone `#` is `other`. */
const readError: Reader = (s, i, dialect) => {
  if (s[i] !== '#') return null
  const hit = ERROR_TABLES[dialect].find(([, lit]) => s.startsWith(lit, i) || s.slice(i, i + lit.length).toUpperCase() === lit)
  if (!hit) return { token: { t: 'other', text: '#' }, end: i + 1 }
  return { token: { t: 'error', text: s.slice(i, i + hit[1].length), type: hit[0] }, end: i + hit[1].length }
}

/** A number in the dialect's decimal mark (`1,5` in sv-SE, `1.5` otherwise), with an optional exponent. */
const readNumber: Reader = (s, i, dialect) => {
  // Only a digit here or next can start a number (`1`, `,5`, `.5`); the check spares the regex elsewhere.
  if (!DIGIT.test(s[i]!) && !DIGIT.test(s[i + 1] ?? '')) return null
  const num = numberPattern(dialect)
  num.lastIndex = i
  const m = num.exec(s)
  return m ? { token: { t: 'number', text: m[0] }, end: i + m[0].length } : null
}

/** The dialect's argument separator: `;` in sv-SE, `,` otherwise. */
const readSeparator: Reader = (s, i, dialect) => (s[i] === argSeparator(dialect) ? { token: { t: 'sep', text: s[i]! }, end: i + 1 } : null)

/** The two-character comparison operators. */
const readComparison: Reader = (s, i) => {
  const two = s.slice(i, i + 2)
  return two === '<>' || two === '<=' || two === '>=' ? { token: { t: 'op', text: two }, end: i + 2 } : null
}

const OPERATOR_CHARACTER = /[-+*/^&=<>%():;,{}]/

/** One character: an operator or punctuation, else `other`. Applies everywhere, so it is the last reader. */
function readCharacter(s: string, i: number): { token: Token; end: number } {
  const c = s[i]!
  return { token: { t: OPERATOR_CHARACTER.test(c) ? 'op' : 'other', text: c }, end: i + 1 }
}

/**
 * The readers in the order they are tried at each position; the first that applies wins. The order is
 * the grammar's priority: strings and quoted sheet names swallow what looks like references inside them,
 * a stored id reference comes before `{` as an operator, numbers before names (`1E3` is a number, `E3`
 * a cell), names and references before the separator and single characters. `startsWith` says which
 * characters a reader's token can begin with (it may say yes too often, never too rarely): it only lets
 * `tokenize` skip readers that cannot apply.
 */
const READERS: ReadonlyArray<{ read: Reader; startsWith: (c: string, dialect: Dialect) => boolean }> = [
  { read: readWhitespace, startsWith: (c) => WS.test(c) },
  { read: readString, startsWith: (c) => c === '"' },
  { read: readStoredReference, startsWith: (c, dialect) => c === '{' && dialect === 'stored' },
  { read: readQuotedSheetReference, startsWith: (c) => c === "'" },
  { read: readError, startsWith: (c) => c === '#' },
  // A digit may also follow the first character: `,5` (sv-SE) and `.5`.
  { read: readNumber, startsWith: (c) => DIGIT.test(c) || c === ',' || c === '.' },
  { read: readNameOrReference, startsWith: (c) => c === '$' || IDENT_START.test(c) },
  { read: readSeparator, startsWith: (c, dialect) => c === argSeparator(dialect) },
  { read: readComparison, startsWith: (c) => c === '<' || c === '>' },
]

const ASCII = 128

/** Per dialect and ASCII character, the readers that may apply there, in table order. */
const READERS_BY_CHARACTER: Record<Dialect, ReadonlyArray<readonly Reader[]>> = {
  'sv-SE': readersByCharacter('sv-SE'),
  en: readersByCharacter('en'),
  stored: readersByCharacter('stored'),
}
const ALL_READERS: readonly Reader[] = READERS.map((r) => r.read)

function readersByCharacter(dialect: Dialect): Array<readonly Reader[]> {
  const table: Array<readonly Reader[]> = []
  for (let code = 0; code < ASCII; code++) {
    const c = String.fromCharCode(code)
    table.push(READERS.filter((r) => r.startsWith(c, dialect)).map((r) => r.read))
  }
  return table
}

/**
 * Splits formula text (without the leading `=`) into tokens whose texts
 * concatenate back to the input. Never throws: anything it does not know
 * becomes an `other` token, so an unparsable formula survives verbatim.
 */
export function tokenize(s: string, dialect: Dialect): Token[] {
  const out: Token[] = []
  const byCharacter = READERS_BY_CHARACTER[dialect]
  let i = 0
  while (i < s.length) {
    const code = s.charCodeAt(i)
    // Every reader may apply to a character outside ASCII (letters, spaces): those try the whole table.
    const readers = code < ASCII ? byCharacter[code]! : ALL_READERS
    let read: TokenRead = null
    for (let k = 0; k < readers.length && read === null; k++) read = readers[k]!(s, i, dialect)
    read ??= readCharacter(s, i)
    out.push(read.token)
    i = read.end
  }
  return out
}
