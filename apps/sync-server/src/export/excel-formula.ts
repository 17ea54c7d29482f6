import { DEFAULT_SKOLPENG_FLOOR } from '@samplan/formulas'
import { findUnsafeFormula, skipQuoted, type UnsafeFormula } from './formula-safety'

/** Result of turning a canonical engine formula into one Excel evaluates the same way. */
export type ExcelFormulaResult =
  | { ok: true; formula: string }
  /**
   * `reason` names the function or construct Excel has no equivalent for; with `unsafe`, the
   * formula reaches outside the workbook (formula-safety.ts) and must never be written.
   */
  | { ok: false; reason: string; unsafe?: UnsafeFormula }

// The rules compare with this tolerance (formulas rules/rule-result EPSILON), so the inlined
// comparisons must too, or 0.71 >= 0.71 could differ after floating-point arithmetic.
// Written out in full: HyperFormula, which checks these rewrites in tests, does not parse `1E-9`.
const EPSILON = '0.000000001'
const DEFAULT_HORIZON = 3

/**
 * Functions HyperFormula knows that Excel 2010+ stores with the `_xlfn.` prefix; written bare,
 * Excel shows #NAME?.
 */
const XLFN = new Set([
  'ACOT', 'ACOTH', 'ARABIC', 'BASE', 'BITAND', 'BITLSHIFT', 'BITOR', 'BITRSHIFT', 'BITXOR',
  'CEILING.MATH', 'CEILING.PRECISE', 'COMBINA', 'CONCAT', 'COT', 'COTH', 'CSC', 'CSCH', 'DAYS',
  'DECIMAL', 'ERF.PRECISE', 'ERFC.PRECISE', 'FLOOR.MATH', 'FLOOR.PRECISE', 'FORMULATEXT', 'GAMMA',
  'IFNA', 'IFS', 'ISFORMULA', 'ISOWEEKNUM', 'MAXIFS', 'MINIFS', 'NORM.DIST', 'NORM.INV', 'NORM.S.DIST',
  'NORM.S.INV', 'PDURATION', 'RRI', 'SEC', 'SECH', 'SHEET', 'SHEETS', 'STDEV.P', 'STDEV.S', 'SWITCH',
  'TEXTJOIN', 'UNICHAR', 'UNICODE', 'VAR.P', 'VAR.S', 'XOR', 'XLOOKUP',
])

/** HyperFormula-only functions with no Excel counterpart: the cell falls back to its value. */
const ENGINE_ONLY = new Set(['SPLIT', 'VERSION', 'COUNTUNIQUE', 'MAXPOOL', 'MINPOOL', 'MEDIANPOOL', 'INTERVAL', 'ARRAYFORMULA'])

type Inline = (args: string[]) => string | undefined

const p = (arg: string) => `(${arg})`

/** Each Samplan function as the plain arithmetic of its rule (formulas/src/rules). Undefined: no inline form. */
const INLINE: Record<string, Inline> = {
  SCHOOLVOUCHERSHARE: (a) => (a.length === 2 ? `(${p(a[0]!)}/${p(a[1]!)})` : undefined),
  MEETSFLOOR: (a) => {
    if (a.length < 1 || a.length > 2) return undefined
    const floor = a[1] === undefined || a[1].trim() === '' ? String(DEFAULT_SKOLPENG_FLOOR) : a[1]
    return `(${p(a[0]!)}>=${p(floor)}-${EPSILON})`
  },
  RSUPREMIUM: (a) => (a.length === 6 ? `(${p(a[0]!)}*${p(a[3]!)}+${p(a[1]!)}*${p(a[4]!)}+${p(a[2]!)}*${p(a[5]!)})` : undefined),
  RSUPOTSHARE: (a) => (a.length === 3 ? `(${p(a[0]!)}/${p(a[2]!)}*${p(a[1]!)})` : undefined),
  RSUGRANT: (a) => (a.length === 2 ? `(${p(a[0]!)}*${p(a[1]!)})` : undefined),
  RSUFEE: (a) => {
    if (a.length !== 6) return undefined
    const gap = `(${p(a[0]!)}-${p(a[1]!)}-${p(a[2]!)}-${p(a[3]!)}-${p(a[4]!)})`
    return `IF(${gap}<=0,0,${gap}/${p(a[5]!)})`
  },
  DEFICITGRANT: (a) => (a.length === 2 ? `MAX(0,${p(a[1]!)}-${p(a[0]!)})` : undefined),
  STRUCTURALDEFICIT: (a) => {
    if (a.length < 2 || a.length > 3) return undefined
    const horizonText = a[2]?.trim() ?? ''
    const horizon = horizonText === '' ? DEFAULT_HORIZON : Number(horizonText)
    const income = expandRange(a[0]!)
    const cost = expandRange(a[1]!)
    if (!income || !cost || !Number.isInteger(horizon) || horizon < 1) return undefined
    if (income.length !== cost.length || income.length < horizon) return undefined
    // Structural: in none of the first `horizon` years do intäkter reach kostnader.
    const years = income.slice(0, horizon).map((inc, i) => `${inc}>=${cost[i]}-${EPSILON}`)
    return `NOT(OR(${years.join(',')}))`
  },
}

/** Names of the functions the rewriter inlines (the Samplan domain functions). */
export const INLINED_FUNCTIONS: readonly string[] = Object.keys(INLINE)

function columnNumber(letters: string): number {
  let n = 0
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n
}

function columnName(n: number): string {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}

/** A one-row or one-column range (`B2:D2`, `'Blad'!$B$2:$B$4`) as its cell references, or undefined. */
function expandRange(text: string): string[] | undefined {
  const m = /^\s*((?:'(?:[^']|'')+'|[A-Za-z0-9_.]+)!)?\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)\s*$/.exec(text)
  if (!m) return undefined
  const prefix = m[1] ?? ''
  const c1 = columnNumber(m[2]!)
  const r1 = Number(m[3])
  const c2 = columnNumber(m[4]!)
  const r2 = Number(m[5])
  if (r1 !== r2 && c1 !== c2) return undefined
  const cells: string[] = []
  if (r1 === r2) for (let c = Math.min(c1, c2); c <= Math.max(c1, c2); c++) cells.push(`${prefix}${columnName(c)}${r1}`)
  else for (let r = Math.min(r1, r2); r <= Math.max(r1, r2); r++) cells.push(`${prefix}${columnName(c1)}${r}`)
  return cells.length <= 50 ? cells : undefined
}

/** Splits `text[open+1 .. close-1]` at top-level commas; returns the arguments and the index of `)`. */
function readArguments(text: string, open: number): { args: string[]; close: number } | undefined {
  let depth = 0
  let start = open + 1
  const args: string[] = []
  for (let i = open + 1; i < text.length; ) {
    const ch = text[i]!
    if (ch === '"' || ch === "'") {
      i = skipQuoted(text, i)
      continue
    }
    if (ch === '(' || ch === '{') depth++
    else if (ch === ')' || ch === '}') {
      if (depth === 0) {
        if (ch !== ')') return undefined
        const last = text.slice(start, i)
        if (args.length > 0 || last.trim() !== '') args.push(last)
        return { args, close: i }
      }
      depth--
    } else if (ch === ',' && depth === 0) {
      args.push(text.slice(start, i))
      start = i + 1
    }
    i++
  }
  return undefined
}

/** Rewrites a formula body (no leading `=`): inlines Samplan functions, prefixes newer Excel ones. */
function rewriteBody(text: string, sheetNames: ReadonlyMap<string, string>): ExcelFormulaResult {
  let out = ''
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!
    if (ch === '"') {
      const end = skipQuoted(text, i)
      out += text.slice(i, end)
      i = end
      continue
    }
    if (ch === "'") {
      const end = skipQuoted(text, i)
      const name = text.slice(i + 1, end - 1).replace(/''/g, "'")
      const renamed = sheetNames.get(name) ?? name
      out += `'${renamed.replace(/'/g, "''")}'`
      i = end
      continue
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))
    if (ident) {
      const name = ident[0]
      const after = i + name.length
      if (text[after] !== '(') {
        // A reference or sheet-qualified reference (Blad!A1): rename the sheet part if it was renamed.
        const renamed = text[after] === '!' ? sheetNames.get(name) : undefined
        out += renamed !== undefined ? `'${renamed.replace(/'/g, "''")}'` : name
        i = after
        continue
      }
      const upper = name.toUpperCase()
      const call = readArguments(text, after)
      if (!call) return { ok: false, reason: 'obalanserade parenteser' }
      const args: string[] = []
      for (const arg of call.args) {
        const inner = rewriteBody(arg, sheetNames)
        if (!inner.ok) return inner
        args.push(inner.formula)
      }
      if (ENGINE_ONLY.has(upper)) return { ok: false, reason: upper }
      const inline = INLINE[upper]
      if (inline) {
        const replaced = inline(args)
        if (replaced === undefined) return { ok: false, reason: upper }
        out += replaced
      } else {
        out += `${XLFN.has(upper) ? `_xlfn.${upper}` : name}(${args.join(',')})`
      }
      i = call.close + 1
      continue
    }
    // Skip numbers as a whole so `1E-9` or `2.5` is never read as an identifier.
    const number = /^\d+(\.\d*)?([eE][-+]?\d+)?/.exec(text.slice(i))
    if (number) {
      out += number[0]
      i += number[0].length
      continue
    }
    out += ch
    i++
  }
  return { ok: true, formula: out }
}

/**
 * Turns a canonical engine formula (`=RSUGRANT(C9,C8)`, from toEngineFormula) into an Excel
 * formula without the leading `=` (`((C9)*(C8))`): Samplan functions are inlined as the
 * arithmetic of their rules, newer Excel functions get `_xlfn.`, renamed sheets are renamed.
 * Returns ok: false when no equivalent exists, so the caller can write the value with a note.
 */
export function toExcelFormula(engineFormula: string, sheetNames: ReadonlyMap<string, string> = new Map()): ExcelFormulaResult {
  const body = engineFormula.startsWith('=') ? engineFormula.slice(1) : engineFormula
  const result = rewriteBody(body, sheetNames)
  if (!result.ok) return result
  // Checked on exactly what would be written: a typed =HYPERLINK(…) or a DDE run never reaches a file.
  const unsafe = findUnsafeFormula(result.formula)
  return unsafe ? { ok: false, reason: unsafe.name ?? unsafe.kind, unsafe } : result
}
