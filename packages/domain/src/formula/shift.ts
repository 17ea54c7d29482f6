import { a1Text, columnIndex, columnLetters, MAX_COLUMN, MAX_ROW, quoteSheetName, sheetNameNeedsQuotes } from './a1'
import { errorLiteral, type FormulaLocale } from './function-names'
import { tokenize, type Address, type Token } from './tokens'

type RefToken = Extract<Token, { t: 'ref' }>

function shiftIndex(index: number, by: number, absolute: boolean, max: number): number | undefined {
  const next = absolute ? index : index + by
  return next < 0 || next > max ? undefined : next
}

function shiftAddress(a: Address, rows: number, cols: number): Address | undefined {
  if (a.kind !== 'a1') return undefined
  const col = shiftIndex(a.col, cols, a.colAbs, MAX_COLUMN)
  const row = shiftIndex(a.row, rows, a.rowAbs, MAX_ROW)
  if (col === undefined || row === undefined) return undefined
  return { ...a, col, row }
}

/** The reference's text without its sheet prefix, moved; undefined when a corner leaves the sheet. */
function shiftedRefText(tok: RefToken, rows: number, cols: number): string | undefined {
  const a = shiftAddress(tok.a, rows, cols)
  const b = tok.b ? shiftAddress(tok.b, rows, cols) : null
  if (a === undefined || b === undefined || a.kind !== 'a1' || (b !== null && b.kind !== 'a1')) return undefined
  const one = (x: Extract<Address, { kind: 'a1' }>) => a1Text(x.col, x.row, x.colAbs, x.rowAbs)
  return b ? `${one(a)}:${one(b)}` : one(a)
}

/** The sheet prefix exactly as typed (`Volym!`, `'Volym egen regi'!`): the part of the token before the address. */
function sheetPrefixAsTyped(tok: RefToken): string {
  if (!tok.sheet) return ''
  const bang = tok.text.lastIndexOf('!')
  return bang >= 0 ? tok.text.slice(0, bang + 1) : ''
}

const COLUMN_LETTERS = /^[A-Za-z]{1,3}$/
const ROW_DIGITS = /^[0-9]{1,7}$/

/**
 * A whole-column (`B:D`, `$B:$B`) or whole-row (`2:5`) range starting at token i, as
 * the tokenizer splits it (`$` is an `other` token, letters an `ident`, digits a `number`).
 */
function readLineRange(tokens: Token[], i: number): { axis: 'cols' | 'rows'; parts: Array<{ abs: boolean; index: number }>; end: number } | undefined {
  const part = (j: number): { abs: boolean; index: number; axis: 'cols' | 'rows'; next: number } | undefined => {
    let k = j
    let abs = false
    if (tokens[k]?.t === 'other' && tokens[k]!.text === '$') {
      abs = true
      k++
    }
    const tok = tokens[k]
    if (!tok) return undefined
    if (tok.t === 'ident' && COLUMN_LETTERS.test(tok.text)) {
      const index = columnIndex(tok.text)
      return index <= MAX_COLUMN ? { abs, index, axis: 'cols', next: k + 1 } : undefined
    }
    if (tok.t === 'number' && ROW_DIGITS.test(tok.text)) {
      const index = Number(tok.text) - 1
      return index >= 0 && index <= MAX_ROW ? { abs, index, axis: 'rows', next: k + 1 } : undefined
    }
    return undefined
  }
  const first = part(i)
  if (!first) return undefined
  const colon = tokens[first.next]
  if (colon?.t !== 'op' || colon.text !== ':') return undefined
  const second = part(first.next + 1)
  if (!second || second.axis !== first.axis) return undefined
  // Not the middle of something longer (a cell range's `A1:B2` is one ref token already).
  return { axis: first.axis, parts: [first, second], end: second.next }
}

/**
 * Moves the relative references of a formula as Excel and Google Sheets do when a
 * formula is copied `rows` down and `cols` right (negative: up, left), SPEC F11:
 * relative rows and columns move by the offset, `$` parts stay, whole-column and
 * whole-row ranges (`B:B`, `2:5`) move too, and a reference a corner of which would
 * leave the sheet (above row 1, left of column A, beyond XFD1048576) becomes the
 * locale's `#REF!` (`#REFERENS!`). Sheet prefixes, names, strings, numbers and
 * spacing are kept as typed. `text` is formula text in `locale` with or without the
 * leading `=`; anything else is returned unchanged. Pure; never throws.
 */
export function shiftFormula(text: string, locale: FormulaLocale, rows: number, cols: number): string {
  if (!text.startsWith('=')) return text
  if (rows === 0 && cols === 0) return text
  const tokens = tokenize(text.slice(1), locale)
  const refError = errorLiteral('REF', locale)
  let out = '='
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!
    if (tok.t === 'ref') {
      const moved = shiftedRefText(tok, rows, cols)
      out += moved === undefined ? refError : `${sheetPrefixAsTyped(tok)}${moved}`
      continue
    }
    const line = readLineRange(tokens, i)
    if (line) {
      const by = line.axis === 'cols' ? cols : rows
      const max = line.axis === 'cols' ? MAX_COLUMN : MAX_ROW
      const moved = line.parts.map((p) => ({ abs: p.abs, index: shiftIndex(p.index, by, p.abs, max) }))
      if (moved.some((p) => p.index === undefined)) out += refError
      else {
        const show = (p: { abs: boolean; index: number | undefined }) =>
          `${p.abs ? '$' : ''}${line.axis === 'cols' ? columnLetters(p.index!) : String(p.index! + 1)}`
        out += `${show(moved[0]!)}:${show(moved[1]!)}`
      }
      i = line.end - 1
      continue
    }
    out += tok.text
  }
  return out
}

/**
 * Gives every reference without a sheet part the sheet `sheetName`, so a formula
 * moved (cut and pasted) to another sheet keeps pointing at the cells it pointed at,
 * as in Excel (`=B2` moved from Budget to Volym becomes `=Budget!B2`), SPEC F12.
 * References already naming a sheet and everything else are kept as typed.
 */
export function qualifyFormula(text: string, locale: FormulaLocale, sheetName: string): string {
  if (!text.startsWith('=')) return text
  const prefix = `${sheetNameNeedsQuotes(sheetName) ? quoteSheetName(sheetName) : sheetName}!`
  const tokens = tokenize(text.slice(1), locale)
  let out = '='
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!
    // A sheet-qualified whole-column range (`Volym!B:B`) arrives as ident `Volym`, other `!`, …: leave it alone.
    const qualified = tokens[i - 1]?.t === 'other' && tokens[i - 1]!.text === '!'
    if (tok.t === 'ref') {
      out += tok.sheet ? tok.text : `${prefix}${tok.text}`
      continue
    }
    const line = qualified ? undefined : readLineRange(tokens, i)
    if (line) {
      out += prefix + tokens.slice(i, line.end).map((t) => t.text).join('')
      i = line.end - 1
      continue
    }
    out += tok.text
  }
  return out
}
