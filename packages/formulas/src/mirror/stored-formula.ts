/**
 * Reading the domain's stored formula text (SPEC F1/F2/F4 of @samplan/domain). A stored body is
 * canonical English (enGB names, `,` separators, `.` decimals); id references are
 * `{@[sheet!]addr[:addr]}` with addr `[$]colId.[$]rowId` and sheet `[']sheetId`; references the domain
 * could not store by id (outside the grid, unknown sheet, whole columns) stay positional A1 text.
 */

import { columnLetters } from '@samplan/domain'

/** Sheets, rows and columns as the mirror knows them. */
export interface IdLookup {
  /** The sheet's name as the domain shows it, or undefined when the engine cannot resolve that name to it. */
  sheetName(sheetId: string): string | undefined
  rowIndex(sheetId: string, rowId: string): number | undefined
  colIndex(sheetId: string, colId: string): number | undefined
}

/** What the mirror needs to know about a stored formula. */
export interface StoredFormulaAnalysis {
  /**
   * The engine text (`=` + canonical A1), when every reference is live and the body is plain enough to
   * render here; otherwise undefined and the domain's toEngineFormula renders it.
   */
  engineText: string | undefined
  /**
   * Whether HyperFormula's own adjustment on row/column inserts and deletes may differ from what the
   * domain renders: a positional reference (the domain never moves it) or a reference to a missing row,
   * column or sheet (the domain resolves deleted range corners through tombs, which can take in rows
   * inserted concurrently). Unknown shapes count as risky.
   */
  risky: boolean
}

const STRING_LITERAL = /"(?:[^"]|"")*"/g
// A1 cells (not function names such as LOG10), whole columns (A:C) and whole rows (2:5).
const POSITIONAL = /(?:^|[^A-Za-z0-9_.])\$?[A-Za-z]{1,3}\$?[0-9]+(?![A-Za-z0-9_(.])|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}(?![A-Za-z0-9_(])|\$?[0-9]+:\$?[0-9]+/
// Cheap pre-check: every positional reference has a letter or `$` before a digit, or a colon.
const MAYBE_POSITIONAL = /[A-Za-z$][0-9]|:/
// Text the domain's renderer rewrites (booleans) or tokenizes differently (strings): left to the domain.
const RENDERED_BY_DOMAIN = /"|true|false/i


interface Address {
  col: number
  row: number
  colAbs: boolean
  rowAbs: boolean
}

function address(text: string, sheetId: string, ids: IdLookup): Address | undefined {
  const dot = text.indexOf('.')
  if (dot <= 0) return undefined
  const colAbs = text.charCodeAt(0) === 36
  const rowAbs = text.charCodeAt(dot + 1) === 36
  const colId = text.slice(colAbs ? 1 : 0, dot)
  const rowId = text.slice(rowAbs ? dot + 2 : dot + 1)
  if (colId === '' || rowId === '') return undefined
  const col = ids.colIndex(sheetId, colId)
  const row = ids.rowIndex(sheetId, rowId)
  return col === undefined || row === undefined ? undefined : { col, row, colAbs, rowAbs }
}

function a1(a: Address): string {
  return `${a.colAbs ? '$' : ''}${columnLetters(a.col)}${a.rowAbs ? '$' : ''}${a.row + 1}`
}

/** A1 text of a live id reference as the domain renders it for the engine, or undefined when not live. */
function renderReference(inner: string, formulaSheetId: string, ids: IdLookup): string | undefined {
  const bang = inner.indexOf('!')
  let sheetId = formulaSheetId
  let prefix = ''
  if (bang !== -1) {
    sheetId = inner.slice(inner.startsWith("'") ? 1 : 0, bang)
    const name = ids.sheetName(sheetId)
    if (name === undefined) return undefined
    // The domain always quotes sheet names for the engine.
    prefix = `'${name.replace(/'/g, "''")}'!`
  } else if (ids.sheetName(sheetId) === undefined) return undefined
  const addresses = inner.slice(bang + 1)
  const colon = addresses.indexOf(':')
  if (colon === -1) {
    const a = address(addresses, sheetId, ids)
    return a && `${prefix}${a1(a)}`
  }
  const a = address(addresses.slice(0, colon), sheetId, ids)
  const b = address(addresses.slice(colon + 1), sheetId, ids)
  if (!a || !b || a.row > b.row || a.col > b.col) return undefined
  return `${prefix}${a1(a)}:${a1(b)}`
}

/** Renders and classifies a stored formula in one pass; every build runs it for every formula. */
export function analyzeStoredFormula(storedFormula: string, formulaSheetId: string, ids: IdLookup): StoredFormulaAnalysis {
  let engine = ''
  let rest = ''
  let from = 0
  for (;;) {
    const open = storedFormula.indexOf('{@', from)
    if (open === -1) break
    const close = storedFormula.indexOf('}', open)
    if (close === -1) return { engineText: undefined, risky: true }
    const reference = renderReference(storedFormula.slice(open + 2, close), formulaSheetId, ids)
    if (reference === undefined) return { engineText: undefined, risky: true }
    const between = storedFormula.slice(from, open)
    engine += between + reference
    rest += `${between}0`
    from = close + 1
  }
  const tail = storedFormula.slice(from)
  engine += tail
  rest += tail
  const risky = MAYBE_POSITIONAL.test(rest) && POSITIONAL.test(rest.replace(STRING_LITERAL, '""'))
  // Positional references are re-rendered by the domain (quoting, normalised addresses), so leave them to it.
  return { engineText: risky || RENDERED_BY_DOMAIN.test(rest) ? undefined : engine, risky }
}
