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

const STRING_LITERAL = /"(?:[^"]|"")*"/g
// A1 cells (not function names such as LOG10), whole columns (A:C) and whole rows (2:5).
const POSITIONAL = /(?:^|[^A-Za-z0-9_.])\$?[A-Za-z]{1,3}\$?[0-9]+(?![A-Za-z0-9_(.])|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}(?![A-Za-z0-9_(])|\$?[0-9]+:\$?[0-9]+/
// Cheap pre-check: every positional reference has a letter or `$` before a digit, or a colon.
const MAYBE_POSITIONAL = /[A-Za-z$][0-9]|:/

/**
 * Whether HyperFormula's own adjustment of a formula on row/column inserts and deletes may differ from
 * what the domain renders: the formula has a positional reference (which the domain never moves) or a
 * reference to a row, column or sheet that no longer exists (rendered through the domain's tombs, which
 * can include rows inserted concurrently at a deleted corner). Unknown shapes count as "may differ".
 * Runs for every formula of a workbook on build, so it scans by hand instead of with replace().
 */
export function mayDivergeFromEngine(storedFormula: string, formulaSheetId: string, ids: IdLookup): boolean {
  let rest = ''
  let from = 0
  for (;;) {
    const open = storedFormula.indexOf('{@', from)
    if (open === -1) break
    const close = storedFormula.indexOf('}', open)
    if (close === -1) return true
    if (!idReferenceIsLive(storedFormula.slice(open + 2, close), formulaSheetId, ids)) return true
    rest += `${storedFormula.slice(from, open)}0`
    from = close + 1
  }
  rest += storedFormula.slice(from)
  if (!MAYBE_POSITIONAL.test(rest)) return false
  return POSITIONAL.test(rest.replace(STRING_LITERAL, '""'))
}

function idReferenceIsLive(inner: string, formulaSheetId: string, ids: IdLookup): boolean {
  const bang = inner.indexOf('!')
  const sheetId = bang === -1 ? formulaSheetId : inner.slice(inner.startsWith("'") ? 1 : 0, bang)
  if (!ids.hasSheet(sheetId)) return false
  const addresses = inner.slice(bang + 1)
  const colon = addresses.indexOf(':')
  return colon === -1
    ? addressIsLive(addresses, sheetId, ids)
    : addressIsLive(addresses.slice(0, colon), sheetId, ids) && addressIsLive(addresses.slice(colon + 1), sheetId, ids)
}

function addressIsLive(address: string, sheetId: string, ids: IdLookup): boolean {
  const dot = address.indexOf('.')
  if (dot <= 0) return false
  const colId = address.charCodeAt(0) === 36 ? address.slice(1, dot) : address.slice(0, dot)
  const rowId = address.charCodeAt(dot + 1) === 36 ? address.slice(dot + 2) : address.slice(dot + 1)
  return colId !== '' && rowId !== '' && ids.hasCol(sheetId, colId) && ids.hasRow(sheetId, rowId)
}
