import { a1Text, quoteSheetName, sheetNameNeedsQuotes } from './a1'
import { booleanLiteral, errorLiteral, functionNameToCanonical, functionNameToLocale, type FormulaLocale } from './function-names'
import { tokenize, type Address, type SheetPart, type Token } from './tokens'

/** What formula conversion needs to know about the workbook; implemented over the Y.Doc by the model. */
export interface FormulaContext {
  /** The sheet the formula lives in. */
  readonly sheetId: string
  sheetIdByName(name: string): string | undefined
  /** Current name, or undefined when the sheet no longer exists. */
  sheetName(sheetId: string): string | undefined
  rowIdAt(sheetId: string, index: number): string | undefined
  colIdAt(sheetId: string, index: number): string | undefined
  rowIndex(sheetId: string, rowId: string): number | undefined
  colIndex(sheetId: string, colId: string): number | undefined
  /** Position of a range edge whose row/column may be deleted (SPEC F6); undefined when unknown. */
  edgeIndex(sheetId: string, axis: 'rows' | 'cols', id: string, edge: 'start' | 'end'): number | undefined
}

/** A context that knows no workbook: every reference stays positional text, as written (SPEC F4). */
export const POSITIONAL_CONTEXT: FormulaContext = {
  sheetId: '',
  sheetIdByName: () => undefined,
  sheetName: () => undefined,
  rowIdAt: () => undefined,
  colIdAt: () => undefined,
  rowIndex: () => undefined,
  colIndex: () => undefined,
  edgeIndex: () => undefined,
}

/** Where rendered text goes: a user's locale, or the engine (canonical English, sheet names always quoted). */
export type RenderTarget = FormulaLocale | 'engine'

function canonicalNumber(text: string, locale: FormulaLocale): string {
  return locale === 'sv-SE' ? text.replace(',', '.') : text
}

function localNumber(text: string, locale: FormulaLocale): string {
  return locale === 'sv-SE' ? text.replace('.', ',') : text
}

function storedAddress(a: Address): string {
  if (a.kind !== 'id') throw new Error('storedAddress needs an id address')
  return `${a.colAbs ? '$' : ''}${a.colId}.${a.rowAbs ? '$' : ''}${a.rowId}`
}

/** Stored text of an id reference token (SPEC F2). */
export function storedRefText(sheet: SheetPart | null, a: Address, b: Address | null): string {
  const sheetText = sheet && sheet.by === 'id' ? `${sheet.quoted ? "'" : ''}${sheet.id}!` : ''
  return `{@${sheetText}${storedAddress(a)}${b ? `:${storedAddress(b)}` : ''}}`
}

function a1RefText(sheetText: string, a: Address, b: Address | null): string {
  const one = (x: Address) => (x.kind === 'a1' ? a1Text(x.col, x.row, x.colAbs, x.rowAbs) : '')
  return `${sheetText}${one(a)}${b ? `:${one(b)}` : ''}`
}

function sheetPrefix(name: string, quoted: boolean, target: RenderTarget): string {
  const q = target === 'engine' || quoted || sheetNameNeedsQuotes(name)
  return `${q ? quoteSheetName(name) : name}!`
}

/**
 * Orders a typed range's corners top-left to bottom-right (as Excel does:
 * `B9:B2` is `B2:B9`), each `$` flag travelling with its row or column, so a
 * stored range's first corner is always its start edge (SPEC F2).
 */
function normalizeCorners(a: Address, b: Address | null): [Address, Address | null] {
  if (!b || a.kind !== 'a1' || b.kind !== 'a1') return [a, b]
  const [c1, c2] = a.col <= b.col ? [a, b] : [b, a]
  const [r1, r2] = a.row <= b.row ? [a, b] : [b, a]
  return [
    { kind: 'a1', col: c1.col, colAbs: c1.colAbs, row: r1.row, rowAbs: r1.rowAbs },
    { kind: 'a1', col: c2.col, colAbs: c2.colAbs, row: r2.row, rowAbs: r2.rowAbs },
  ]
}

/** Converts a typed reference to stored form: ids when every corner is inside the grid, else kept positional (SPEC F4). */
function storeRef(tok: Extract<Token, { t: 'ref' }>, ctx: FormulaContext): string {
  let sheetId = ctx.sheetId
  let sheet: SheetPart | null = null
  if (tok.sheet) {
    if (tok.sheet.by === 'id') return tok.text
    const id = ctx.sheetIdByName(tok.sheet.name)
    if (id === undefined) return a1RefText(sheetPrefix(tok.sheet.name, tok.sheet.quoted, 'en'), tok.a, tok.b)
    sheetId = id
    sheet = { by: 'id', id, quoted: tok.sheet.quoted }
  }
  const toId = (x: Address): Address | undefined => {
    if (x.kind === 'id') return x
    const rowId = ctx.rowIdAt(sheetId, x.row)
    const colId = ctx.colIdAt(sheetId, x.col)
    if (rowId === undefined || colId === undefined) return undefined
    return { kind: 'id', rowId, colId, colAbs: x.colAbs, rowAbs: x.rowAbs }
  }
  const [na, nb] = normalizeCorners(tok.a, tok.b)
  const a = toId(na)
  const b = nb ? toId(nb) : null
  if (a === undefined || b === undefined) {
    const prefix = tok.sheet ? sheetPrefix(tok.sheet.name, tok.sheet.quoted, 'en') : ''
    return a1RefText(prefix, tok.a, tok.b)
  }
  return storedRefText(sheet, a, b)
}

/**
 * Converts formula text as typed in `locale` (without the leading `=`) to
 * stored form: canonical English names, `,` separators, `.` decimals, and
 * references by sheet/row/column id. Never throws.
 */
export function formulaToStored(body: string, locale: FormulaLocale, ctx: FormulaContext): string {
  let out = ''
  for (const tok of tokenize(body, locale)) {
    switch (tok.t) {
      case 'sep':
        out += ','
        break
      case 'number':
        out += canonicalNumber(tok.text, locale)
        break
      case 'func':
        out += functionNameToCanonical(tok.text, locale) ?? tok.text
        break
      case 'ident': {
        const canon = functionNameToCanonical(tok.text, locale)
        out += canon === 'TRUE' || canon === 'FALSE' ? canon : tok.text
        break
      }
      case 'error':
        out += errorLiteral(tok.type, 'en')
        break
      case 'ref':
        out += storeRef(tok, ctx)
        break
      default:
        // Inside arrays `;` separates rows in every locale; everything else passes verbatim.
        out += tok.text
    }
  }
  return out
}

/** A1 text of one reference token at the current state, or the locale's #REF! when a target is gone (SPEC F5). */
function renderRef(tok: Extract<Token, { t: 'ref' }>, ctx: FormulaContext, target: RenderTarget): string {
  const locale: FormulaLocale = target === 'engine' ? 'en' : target
  const refError = errorLiteral('REF', locale)
  if (tok.sheet?.by === 'name' || tok.a.kind === 'a1') {
    const prefix = tok.sheet && tok.sheet.by === 'name' ? sheetPrefix(tok.sheet.name, tok.sheet.quoted, target) : ''
    return a1RefText(prefix, tok.a, tok.b)
  }
  let sheetId = ctx.sheetId
  let prefix = ''
  if (tok.sheet) {
    const name = ctx.sheetName(tok.sheet.id)
    if (name === undefined) return refError
    sheetId = tok.sheet.id
    prefix = sheetPrefix(name, tok.sheet.quoted, target)
  }
  if (tok.a.kind !== 'id' || (tok.b !== null && tok.b.kind !== 'id')) return refError
  if (tok.b === null) {
    const row = ctx.rowIndex(sheetId, tok.a.rowId)
    const col = ctx.colIndex(sheetId, tok.a.colId)
    if (row === undefined || col === undefined) return refError
    return `${prefix}${a1Text(col, row, tok.a.colAbs, tok.a.rowAbs)}`
  }
  // A range: deleted corners resolve inward to the surviving rows/columns between them (F6).
  const a = tok.a
  const b = tok.b
  const r1 = ctx.edgeIndex(sheetId, 'rows', a.rowId, 'start')
  const r2 = ctx.edgeIndex(sheetId, 'rows', b.rowId, 'end')
  const c1 = ctx.edgeIndex(sheetId, 'cols', a.colId, 'start')
  const c2 = ctx.edgeIndex(sheetId, 'cols', b.colId, 'end')
  if (r1 === undefined || r2 === undefined || c1 === undefined || c2 === undefined || r1 > r2 || c1 > c2) return refError
  return `${prefix}${a1Text(c1, r1, a.colAbs, a.rowAbs)}:${a1Text(c2, r2, b.colAbs, b.rowAbs)}`
}

/** Renders a stored formula body (without `=`) for a user's locale or for the engine. Never throws. */
export function renderStored(body: string, target: RenderTarget, ctx: FormulaContext): string {
  const locale: FormulaLocale = target === 'engine' ? 'en' : target
  let out = ''
  for (const tok of tokenize(body, 'stored')) {
    switch (tok.t) {
      case 'sep':
        out += locale === 'sv-SE' ? ';' : ','
        break
      case 'number':
        out += localNumber(tok.text, locale)
        break
      case 'func':
        out += functionNameToLocale(tok.text, locale)
        break
      case 'ident': {
        const upper = tok.text.toUpperCase()
        const isBoolean = upper === 'TRUE' || upper === 'FALSE'
        // HyperFormula knows TRUE and FALSE only as functions: a bare literal would be #NAME?.
        if (isBoolean && target === 'engine') out += `${upper}()`
        else out += isBoolean ? booleanLiteral(upper === 'TRUE', locale) : tok.text
        break
      }
      case 'error':
        out += errorLiteral(tok.type, locale)
        break
      case 'ref':
        out += renderRef(tok, ctx, target)
        break
      default:
        out += tok.text
    }
  }
  return out
}
