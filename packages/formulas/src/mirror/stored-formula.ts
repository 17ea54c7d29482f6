/**
 * Reading the domain's stored formula text (SPEC F1/F2/F4 of @samplan/domain): id references are
 * `{@[sheet!]addr[:addr]}` with addr `[$]colId.[$]rowId` and sheet `[']sheetId`; references the domain
 * could not store by id (outside the grid, unknown sheet, whole columns) stay positional A1 text.
 */

/** Row/column/sheet presence as the mirror knows it. */
export interface IdLookup {
  hasSheet(sheetId: string): boolean
  hasRow(sheetId: string, rowId: string): boolean
  hasCol(sheetId: string, colId: string): boolean
}

const ID_TOKEN = /\{@([^}]*)\}/g
const STRING_LITERAL = /"(?:[^"]|"")*"/g
const ADDRESS = /^\$?([0-9A-Za-z]{1,32})\.\$?([0-9A-Za-z]{1,32})$/
// A1 cells (not function names such as LOG10), whole columns (A:C) and whole rows (2:5).
const POSITIONAL = /(?:^|[^A-Za-z0-9_.])\$?[A-Za-z]{1,3}\$?[0-9]+(?![A-Za-z0-9_(.])|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}(?![A-Za-z0-9_(])|\$?[0-9]+:\$?[0-9]+/

/**
 * Whether HyperFormula's own adjustment of a formula on row/column inserts and deletes may differ from
 * what the domain renders: the formula has a positional reference (which the domain never moves) or a
 * reference to a row, column or sheet that no longer exists (rendered through the domain's tombs, which
 * can include rows inserted concurrently at a deleted corner). Unknown shapes count as "may differ".
 */
export function mayDivergeFromEngine(storedFormula: string, formulaSheetId: string, ids: IdLookup): boolean {
  let dangling = false
  const rest = storedFormula.replace(ID_TOKEN, (_token, inner: string) => {
    if (!dangling && !idReferenceIsLive(inner, formulaSheetId, ids)) dangling = true
    return '0'
  })
  if (dangling) return true
  return POSITIONAL.test(rest.replace(STRING_LITERAL, '""'))
}

function idReferenceIsLive(inner: string, formulaSheetId: string, ids: IdLookup): boolean {
  const bang = inner.indexOf('!')
  const sheetId = bang === -1 ? formulaSheetId : inner.slice(inner.startsWith("'") ? 1 : 0, bang)
  if (!ids.hasSheet(sheetId)) return false
  for (const address of inner.slice(bang + 1).split(':')) {
    const m = ADDRESS.exec(address)
    if (!m || !ids.hasCol(sheetId, m[1]!) || !ids.hasRow(sheetId, m[2]!)) return false
  }
  return true
}
