/** Column letters of a 0-based column index: 0 -> A, 26 -> AA. */
export function columnLetters(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** 0-based column index of letters (case-insensitive): A -> 0, AA -> 26. */
export function columnIndex(letters: string): number {
  let n = 0
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

/** Largest column index Excel and HyperFormula address (XFD). */
export const MAX_COLUMN = 16383
/** Largest row index Excel addresses. */
export const MAX_ROW = 1048575

/** A1 text of a 0-based position with optional `$` flags. */
export function a1Text(col: number, row: number, colAbs = false, rowAbs = false): string {
  return `${colAbs ? '$' : ''}${columnLetters(col)}${rowAbs ? '$' : ''}${row + 1}`
}

/** Whether a sheet name must be quoted in a reference (`'Volym egen regi'!C4`). */
export function sheetNameNeedsQuotes(name: string): boolean {
  // Latin letters (å, ä, ö, é, …) read fine unquoted, as in Excel; the engine always gets quotes anyway.
  if (!/^[A-Za-z_\u00C0-\u024F][A-Za-z0-9_\u00C0-\u024F]*$/.test(name)) return true
  // A name that reads as a cell address or boolean would be misparsed.
  return /^[A-Za-z]{1,3}[0-9]+$/.test(name) || /^(TRUE|FALSE)$/i.test(name)
}

/** `'It''s'` quoting of a sheet name. */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`
}
