import { a1Text, quoteSheetName } from '../formula/a1'
import { tokenize, type Address } from '../formula/tokens'

/** Where a cell of a sheet (by name; null: the formula's own sheet) lands, and that sheet's name there. */
export type PositionMap = (sheet: string | null, row: number, col: number) => { row: number; col: number; sheet: string | null }

const STRING_OR_OTHER = /("(?:[^"]|"")*")|([^"]+)/g

/**
 * Rewrites every A1 reference of an English A1 formula through `map` (IM4): the file's or the
 * workbook's positions become the positions after the import. Sheet-qualified references are
 * written quoted (`'Budget'!C4`), so two texts compare alike however they quoted them.
 * Whole-column and whole-row ranges are kept as written. Never throws.
 */
export function remapFormula(formula: string, map: PositionMap): string {
  if (!formula.startsWith('=')) return formula
  let out = '='
  for (const tok of tokenize(formula.slice(1), 'en')) {
    if (tok.t !== 'ref' || tok.a.kind !== 'a1' || (tok.b !== null && tok.b.kind !== 'a1') || tok.sheet?.by === 'id') {
      out += tok.text
      continue
    }
    const sheet = tok.sheet?.by === 'name' ? tok.sheet.name : null
    const one = (a: Extract<Address, { kind: 'a1' }>) => {
      const to = map(sheet, a.row, a.col)
      return { text: a1Text(to.col, to.row, a.colAbs, a.rowAbs), sheet: to.sheet }
    }
    const a = one(tok.a)
    const b = tok.b ? one(tok.b as Extract<Address, { kind: 'a1' }>) : null
    out += `${a.sheet !== null ? `${quoteSheetName(a.sheet)}!` : ''}${a.text}${b ? `:${b.text}` : ''}`
  }
  return out
}

/** Formula text for comparison: no whitespace and upper case outside string literals. */
export function normalizeFormula(formula: string): string {
  return formula.replace(
    STRING_OR_OTHER,
    (_m, quoted: string | undefined, rest: string | undefined) => quoted ?? (rest ?? '').replace(/\s+/g, '').toUpperCase(),
  )
}

/** A short fingerprint of a sheet's row and column order (FNV-1a), to tell that a plan still fits it. */
export function layoutKey(rowIds: readonly string[], colIds: readonly string[]): string {
  let hash = 0x811c9dc5
  const text = `${rowIds.join(',')}|${colIds.join(',')}`
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return `${rowIds.length}x${colIds.length}:${hash.toString(16)}`
}
