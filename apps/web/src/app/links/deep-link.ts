/**
 * A link to a place in a workbook, as the address bar shows it: `/w/vp-2024/RSU!F3`. The sheet is
 * named as its tab shows it (URL-encoded: `Volym%20egen%20regi`), the cell in A1 form. Pure
 * functions: the app reads the link on open and writes it back as the user moves.
 */
export interface DeepLink {
  workbookId: string
  /** The sheet's name as its tab shows it. */
  sheet?: string
  /** An A1 address, upper case (`F3`). */
  cell?: string
}

const WORKBOOK_PATH = /^\/w\/([A-Za-z0-9_-]+)(?:\/([^/]*))?\/?$/
const A1 = /^([A-Z]{1,3})([1-9]\d{0,6})$/

/** Reads `/w/<workbook>[/<sheet>[!<cell>]]`; null for any other path. A cell part that is not A1 is kept, so the app can say why it was not found. */
export function parseWorkbookPath(pathname: string): DeepLink | null {
  const match = WORKBOOK_PATH.exec(pathname)
  const workbookId = match?.[1]
  if (!workbookId) return null
  const rest = match[2]
  if (!rest) return { workbookId }
  let decoded: string
  try {
    decoded = decodeURIComponent(rest)
  } catch {
    // A broken %-escape: the name as typed, so the notice can quote it.
    decoded = rest
  }
  // The last `!` separates the cell, as in a formula reference (a sheet name may hold one).
  const bang = decoded.lastIndexOf('!')
  if (bang < 0) return decoded ? { workbookId, sheet: decoded } : { workbookId }
  const sheet = decoded.slice(0, bang)
  const cell = decoded.slice(bang + 1).toUpperCase()
  return { workbookId, ...(sheet ? { sheet } : {}), ...(cell ? { cell } : {}) }
}

/** The path of a link: the sheet name URL-encoded, `!` and the cell appended when there is one. */
export function formatWorkbookPath(link: DeepLink): string {
  const base = `/w/${encodeURIComponent(link.workbookId)}`
  if (!link.sheet) return base
  return `${base}/${encodeURIComponent(link.sheet)}${link.cell ? `!${link.cell}` : ''}`
}

/** Zero-based row and column of an A1 address (`F3` -> row 2, col 5); null when it is not one. */
export function parseCellAddress(address: string): { row: number; col: number } | null {
  const match = A1.exec(address.toUpperCase())
  if (!match?.[1] || !match[2]) return null
  let col = 0
  for (const letter of match[1]) col = col * 26 + (letter.charCodeAt(0) - 64)
  return { row: Number(match[2]) - 1, col: col - 1 }
}

export type LinkTarget =
  | { ok: true; sheetId: string; cell?: { row: number; col: number } }
  | { ok: false; reason: 'unknown-sheet' | 'unknown-cell'; sheetId: string | null }

/**
 * Where a link leads in the open workbook: its sheet (by name, case kept; else ignoring case) and
 * cell. An unknown sheet or a cell outside the sheet leads to the first sheet, with the reason.
 */
export function resolveDeepLink(
  link: Pick<DeepLink, 'sheet' | 'cell'>,
  sheets: readonly { id: string; name: string }[],
  sizeOf: (sheetId: string) => { rows: number; cols: number },
): LinkTarget {
  const first = sheets[0]?.id ?? null
  if (!link.sheet) return first ? { ok: true, sheetId: first } : { ok: false, reason: 'unknown-sheet', sheetId: null }
  const wanted = link.sheet
  const sheet = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase())
  if (!sheet) return { ok: false, reason: 'unknown-sheet', sheetId: first }
  if (!link.cell) return { ok: true, sheetId: sheet.id }
  const cell = parseCellAddress(link.cell)
  const size = sizeOf(sheet.id)
  if (!cell || cell.row >= size.rows || cell.col >= size.cols) return { ok: false, reason: 'unknown-cell', sheetId: first }
  return { ok: true, sheetId: sheet.id, cell }
}
