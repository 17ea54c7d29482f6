import { columnLetters, type FormulaLocale } from '@samplan/domain'
import { argumentSeparator } from './formula-context'

/** A rectangle of cells by 0-based grid position. */
export interface CellRect {
  top: number
  left: number
  bottom: number
  right: number
}

/** Text with a marked span: where a reference now stands. */
export interface EditedText {
  text: string
  start: number
  end: number
}

/** Quotes a sheet name as Excel does: only when it would not read as a plain name (`'Volym egen regi'`). */
function sheetPrefix(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) && !/^[A-Za-z]{1,3}[0-9]+$/.test(name)
  return plain ? `${name}!` : `'${name.replace(/'/g, "''")}'!`
}

/** `B2`, `B2:B5`, or with the sheet in front when it is another sheet's (`'Volym egen regi'!B2:B5`). */
export function referenceText(rect: CellRect, sheetName?: string): string {
  const top = Math.min(rect.top, rect.bottom)
  const bottom = Math.max(rect.top, rect.bottom)
  const left = Math.min(rect.left, rect.right)
  const right = Math.max(rect.left, rect.right)
  const from = `${columnLetters(left)}${top + 1}`
  const cells = top === bottom && left === right ? from : `${from}:${columnLetters(right)}${bottom + 1}`
  return sheetName === undefined ? cells : `${sheetPrefix(sheetName)}${cells}`
}

const AFTER = /[=(+\-*/^&<>]/

/**
 * Whether a reference may go at the caret of formula text: right after `=`, an operator, `(` or
 * the argument separator (spaces between do not count), as Excel's point mode.
 */
export function mayInsertReferenceAt(text: string, caret: number, locale: FormulaLocale): boolean {
  if (!text.startsWith('=')) return false
  if (
    text
      .slice(caret)
      .trimStart()
      .match(/^[\p{L}\p{N}$.]/u)
  )
    return false
  let i = caret - 1
  while (i > 0 && text[i] === ' ') i--
  const c = text[i]
  return c !== undefined && (AFTER.test(c) || c === argumentSeparator(locale))
}

/** Replaces `start..end` of `text` with `insert`; the marked span is the inserted text. */
export function replaceSpan(text: string, start: number, end: number, insert: string): EditedText {
  return { text: text.slice(0, start) + insert + text.slice(end), start, end: start + insert.length }
}

const CELL = String.raw`(\$?)([A-Za-z]{1,3})(\$?)(\d+)`
const SHEET = String.raw`(?:'(?:[^']|'')+'!|[\p{L}_][\p{L}\p{N}_.]*!)?`
const REFERENCE = new RegExp(`(${SHEET})${CELL}(?::${CELL})?`, 'gu')

/** Excel's F4 order of `$` on a reference: A1 → $A$1 → A$1 → $A1 → A1. */
function nextDollars(colAbs: boolean, rowAbs: boolean): [boolean, boolean] {
  if (!colAbs && !rowAbs) return [true, true]
  if (colAbs && rowAbs) return [false, true]
  if (!colAbs && rowAbs) return [true, false]
  return [false, false]
}

/**
 * F4 on formula text: the reference at (or just before) the caret gets its next `$` state; both
 * ends of a range move together, led by the first. Null when no reference touches the caret.
 */
export function cycleReference(text: string, caret: number): EditedText | null {
  if (!text.startsWith('=')) return null
  for (const m of text.matchAll(REFERENCE)) {
    const start = m.index
    const end = start + m[0].length
    const previous = text[start - 1] ?? ''
    const next = text[end] ?? ''
    // Part of a longer name (`SUMMA2`, `B2C`) or a function (`LOG10(`) is not a reference.
    if (/[\p{L}\p{N}_.]/u.test(previous) || /[\p{L}\p{N}_(]/u.test(next)) continue
    if (caret < start || caret > end) continue
    const [sheet = '', colAbs1, col1 = '', , row1 = '', , col2, , row2] = m.slice(1)
    const [colAbs, rowAbs] = nextDollars(colAbs1 === '$', m[4] === '$')
    const cell = (col: string, row: string) => `${colAbs ? '$' : ''}${col}${rowAbs ? '$' : ''}${row}`
    const second = col2 !== undefined && row2 !== undefined ? `:${cell(col2, row2)}` : ''
    return replaceSpan(text, start, end, `${sheet}${cell(col1, row1)}${second}`)
  }
  return null
}
