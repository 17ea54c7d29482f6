/** A cell's text as the grid shows it, at its place in the workbook (sheets in tab order). */
export interface SearchCell {
  sheetId: string
  /** Position of the sheet among the tabs. */
  sheetIndex: number
  row: number
  col: number
  text: string
}

/** Where a search stands or starts from: a cell of a sheet by position. */
export interface SearchPlace {
  sheetIndex: number
  row: number
  col: number
}

// Swedish collation (CLDR sv): å, ä and ö are letters of their own, æ sorts as ä, ø as ö, ü as y;
// every other accent is ignored (é finds e).
const SWEDISH_LETTERS: Readonly<Record<string, string>> = { å: 'å', ä: 'ä', ö: 'ö', æ: 'ä', ø: 'ö', ü: 'y' }
const SPACES = /[\s\u00a0\u2007\u202f]+/g
const DIGIT_GROUPS = /(\d) (?=\d)/g

/**
 * The form text is compared in: lower case, accents off except Swedish letters, any space one
 * space, and no space between digits, so `20684` and `20 684` both find `20 684,1`.
 */
export function searchKey(text: string): string {
  let out = ''
  for (const c of text.toLocaleLowerCase('sv-SE')) out += SWEDISH_LETTERS[c] ?? c.normalize('NFD').replace(/\p{M}/gu, '')
  return out
    .replace(SPACES, ' ')
    .replace(DIGIT_GROUPS, '$1')
    .replace(/\u2212/g, '-')
}

/** The cells whose shown text contains the query (searchKey on both), in workbook order; none for a blank query. */
export function findMatches(cells: readonly SearchCell[], query: string): SearchCell[] {
  const wanted = searchKey(query.trim())
  if (!wanted) return []
  return cells.filter((cell) => cell.text !== '' && searchKey(cell.text).includes(wanted)).sort(compareCells)
}

function compareCells(a: SearchPlace, b: SearchPlace): number {
  return a.sheetIndex - b.sheetIndex || a.row - b.row || a.col - b.col
}

/**
 * The index of the match to go to from `current` (the match shown, or -1) or, before the first
 * move, from the selected cell `from` as Excel does: the first match after it going forward, the
 * last before it going back, wrapping around the workbook. -1 when there are no matches.
 */
export function stepMatch(matches: readonly SearchPlace[], current: number, from: SearchPlace | null, direction: 1 | -1): number {
  const count = matches.length
  if (count === 0) return -1
  if (current >= 0 && current < count) return (current + direction + count) % count
  if (!from) return direction === 1 ? 0 : count - 1
  if (direction === 1) {
    const after = matches.findIndex((m) => compareCells(m, from) > 0)
    return Math.max(after, 0)
  }
  const before = matches.findLastIndex((m) => compareCells(m, from) < 0)
  return before >= 0 ? before : count - 1
}
