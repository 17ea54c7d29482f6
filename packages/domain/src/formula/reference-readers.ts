/**
 * The readers of references: A1 addresses and ranges, sheet-qualified ones (`Volym!C4`,
 * `'Volym egen regi'!C4`), names, and stored id references (SPEC F2). Part of the tokenizer's
 * reader table (tokens.ts).
 */
import { columnIndex, MAX_COLUMN, MAX_ROW } from './a1'
import type { Address, Reader, SheetPart, TokenRead } from './tokens'

/** Characters a name can start with: Latin letters (å, ä, ö, é, …) included, as in Excel. */
export const IDENT_START = /[A-Za-z_\u00C0-\u024F]/
const IDENT_REST = /[A-Za-z0-9_.\u00C0-\u024F]/
// Sticky (`y`) patterns match at lastIndex without slicing the input.
const A1_AT = /(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})/y
const ID_ADDR = /^(\$?)([0-9A-Za-z]{1,32})\.(\$?)([0-9A-Za-z]{1,32})/

/** Reads an A1 address at `s[i]`; null unless a complete address that is not part of a longer name. */
function readA1(s: string, i: number): { addr: Address; end: number } | null {
  A1_AT.lastIndex = i
  const m = A1_AT.exec(s)
  if (!m) return null
  const end = i + m[0].length
  const next = s[end]
  if (next !== undefined && (IDENT_REST.test(next) || next === '(' || next === '!')) return null
  const col = columnIndex(m[2]!)
  const row = Number(m[4]) - 1
  if (col > MAX_COLUMN || row < 0 || row > MAX_ROW) return null
  return { addr: { kind: 'a1', col, row, colAbs: m[1] === '$', rowAbs: m[3] === '$' }, end }
}

/** Reads `A1` or `A1:B2` at i. */
function readRange(s: string, i: number): { a: Address; b: Address | null; end: number } | null {
  const first = readA1(s, i)
  if (!first) return null
  if (s[first.end] === ':') {
    const second = readA1(s, first.end + 1)
    if (second) return { a: first.addr, b: second.addr, end: second.end }
  }
  return { a: first.addr, b: null, end: first.end }
}

/** Reads a stored id reference `{@[']sheetId!]$col.$row[:$col.$row]}` at i. */
function readIdRef(s: string, i: number): TokenRead {
  const close = s.indexOf('}', i)
  if (close < 0) return null
  const body = s.slice(i + 2, close)
  let rest = body
  let sheet: SheetPart | null = null
  const bang = rest.indexOf('!')
  if (bang >= 0) {
    const quoted = rest.startsWith("'")
    const id = rest.slice(quoted ? 1 : 0, bang)
    if (!/^[0-9A-Za-z]{1,32}$/.test(id)) return null
    sheet = { by: 'id', id, quoted }
    rest = rest.slice(bang + 1)
  }
  const parseAddr = (text: string): { addr: Address; len: number } | null => {
    const m = ID_ADDR.exec(text)
    if (!m) return null
    return { addr: { kind: 'id', colAbs: m[1] === '$', colId: m[2]!, rowAbs: m[3] === '$', rowId: m[4]! }, len: m[0].length }
  }
  const a = parseAddr(rest)
  if (!a) return null
  rest = rest.slice(a.len)
  let b: Address | null = null
  if (rest.startsWith(':')) {
    const pb = parseAddr(rest.slice(1))
    if (!pb) return null
    b = pb.addr
    rest = rest.slice(1 + pb.len)
  }
  if (rest !== '') return null
  return { token: { t: 'ref', text: s.slice(i, close + 1), sheet, a: a.addr, b }, end: close + 1 }
}

/** A stored id reference `{@…}` (stored dialect only); anything malformed is left to the later readers. */
export const readStoredReference: Reader = (s, i, dialect) =>
  dialect === 'stored' && s[i] === '{' && s[i + 1] === '@' ? readIdRef(s, i) : null

/**
 * `'Sheet name'!A1[:B2]`; a quoted text that is not followed by `!` and a cell is one `other` token
 * (up to its closing quote, or the end of an unclosed one).
 */
export const readQuotedSheetReference: Reader = (s, i) => {
  if (s[i] !== "'") return null
  let j = i + 1
  let name = ''
  let closed = false
  while (j < s.length) {
    if (s[j] === "'") {
      if (s[j + 1] === "'") {
        name += "'"
        j += 2
        continue
      }
      closed = true
      break
    }
    name += s[j]
    j++
  }
  if (closed && s[j + 1] === '!') {
    const r = readRange(s, j + 2)
    if (r) return { token: { t: 'ref', text: s.slice(i, r.end), sheet: { by: 'name', name, quoted: true }, a: r.a, b: r.b }, end: r.end }
  }
  const end = closed ? j + 1 : s.length
  return { token: { t: 'other', text: s.slice(i, end) }, end }
}

/**
 * An A1 reference (`$B$2`, `B2:C9`), a sheet-qualified one (`Volym!C4`), or a name: `func` before `(`,
 * else `ident`. A `$` that starts no reference is left to the later readers.
 */
export const readNameOrReference: Reader = (s, i) => {
  const c = s[i]!
  if (c !== '$' && !IDENT_START.test(c)) return null
  const r = readRange(s, i)
  if (r) return { token: { t: 'ref', text: s.slice(i, r.end), sheet: null, a: r.a, b: r.b }, end: r.end }
  if (c === '$') return null
  let j = i + 1
  while (j < s.length && IDENT_REST.test(s[j]!)) j++
  const word = s.slice(i, j)
  if (s[j] === '!') {
    const rr = readRange(s, j + 1)
    if (rr)
      return {
        token: { t: 'ref', text: s.slice(i, rr.end), sheet: { by: 'name', name: word, quoted: false }, a: rr.a, b: rr.b },
        end: rr.end,
      }
  }
  return { token: { t: s[j] === '(' ? 'func' : 'ident', text: word }, end: j }
}
