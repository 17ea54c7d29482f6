import { columnIndex, MAX_COLUMN, MAX_ROW } from './a1'
import { errorLiterals, type FormulaLocale } from './function-names'

/** How formula text is written: as a user types it in a locale, or as stored (canonical English + id references). */
export type Dialect = FormulaLocale | 'stored'

/** A cell address by position (A1) or by stable ids (stored form). */
export type Address =
  | { kind: 'a1'; col: number; row: number; colAbs: boolean; rowAbs: boolean }
  | { kind: 'id'; colId: string; rowId: string; colAbs: boolean; rowAbs: boolean }

/** The sheet part of a reference: by name (as typed) or by id (stored). */
export type SheetPart =
  | { by: 'name'; name: string; quoted: boolean }
  | { by: 'id'; id: string; quoted: boolean }

export type Token =
  | { t: 'ws' | 'string' | 'op' | 'other'; text: string }
  | { t: 'sep'; text: string }
  | { t: 'number'; text: string }
  | { t: 'func'; text: string }
  | { t: 'ident'; text: string }
  | { t: 'error'; text: string; type: string }
  | { t: 'ref'; text: string; sheet: SheetPart | null; a: Address; b: Address | null }

const IDENT_START = /[A-Za-z_\u00C0-\u024F]/
const IDENT_REST = /[A-Za-z0-9_.\u00C0-\u024F]/
// Sticky (`y`) patterns match at lastIndex without slicing the input.
const A1_AT = /(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})/y
const ID_ADDR = /^(\$?)([0-9A-Za-z]{1,32})\.(\$?)([0-9A-Za-z]{1,32})/

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
function readIdRef(s: string, i: number): { token: Token; end: number } | null {
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

/**
 * Splits formula text (without the leading `=`) into tokens whose texts
 * concatenate back to the input. Never throws: anything it does not know
 * becomes an `other` token, so an unparsable formula survives verbatim.
 */
export function tokenize(s: string, dialect: Dialect): Token[] {
  const out: Token[] = []
  const sep = argSeparator(dialect)
  const num = numberPattern(dialect)
  const errorTable = ERROR_TABLES[dialect]
  let i = 0
  while (i < s.length) {
    const c = s[i]!
    if (WS.test(c)) {
      let j = i + 1
      while (j < s.length && WS.test(s[j]!)) j++
      out.push({ t: 'ws', text: s.slice(i, j) })
      i = j
      continue
    }
    if (c === '"') {
      let j = i + 1
      while (j < s.length) {
        if (s[j] === '"') {
          if (s[j + 1] === '"') j += 2
          else break
        } else j++
      }
      j = Math.min(j + 1, s.length)
      out.push({ t: 'string', text: s.slice(i, j) })
      i = j
      continue
    }
    if (dialect === 'stored' && c === '{' && s[i + 1] === '@') {
      const r = readIdRef(s, i)
      if (r) {
        out.push(r.token)
        i = r.end
        continue
      }
    }
    if (c === "'") {
      // 'Sheet name'!A1[:B2]
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
        if (r) {
          out.push({ t: 'ref', text: s.slice(i, r.end), sheet: { by: 'name', name, quoted: true }, a: r.a, b: r.b })
          i = r.end
          continue
        }
      }
      const end = closed ? j + 1 : s.length
      out.push({ t: 'other', text: s.slice(i, end) })
      i = end
      continue
    }
    if (c === '#') {
      const hit = errorTable.find(([, lit]) => s.startsWith(lit, i) || s.slice(i, i + lit.length).toUpperCase() === lit)
      if (hit) {
        out.push({ t: 'error', text: s.slice(i, i + hit[1].length), type: hit[0] })
        i += hit[1].length
        continue
      }
      out.push({ t: 'other', text: c })
      i++
      continue
    }
    num.lastIndex = i
    const m = DIGIT.test(c) || DIGIT.test(s[i + 1] ?? '') ? num.exec(s) : null
    if (m) {
      out.push({ t: 'number', text: m[0] })
      i += m[0].length
      continue
    }
    if (c === '$' || IDENT_START.test(c)) {
      const r = readRange(s, i)
      if (r) {
        out.push({ t: 'ref', text: s.slice(i, r.end), sheet: null, a: r.a, b: r.b })
        i = r.end
        continue
      }
      if (c !== '$') {
        let j = i + 1
        while (j < s.length && IDENT_REST.test(s[j]!)) j++
        const word = s.slice(i, j)
        if (s[j] === '!') {
          const rr = readRange(s, j + 1)
          if (rr) {
            out.push({ t: 'ref', text: s.slice(i, rr.end), sheet: { by: 'name', name: word, quoted: false }, a: rr.a, b: rr.b })
            i = rr.end
            continue
          }
        }
        out.push({ t: s[j] === '(' ? 'func' : 'ident', text: word })
        i = j
        continue
      }
    }
    if (c === sep) {
      out.push({ t: 'sep', text: c })
      i++
      continue
    }
    const two = s.slice(i, i + 2)
    if (two === '<>' || two === '<=' || two === '>=') {
      out.push({ t: 'op', text: two })
      i += 2
      continue
    }
    out.push({ t: /[-+*/^&=<>%():;,{}]/.test(c) ? 'op' : 'other', text: c })
    i++
  }
  return out
}
