import { columnLetters, quoteSheetName, sheetNameNeedsQuotes } from '../formula/a1'
import { functionNameToLocale } from '../formula/function-names'
import { tokenize, type Token } from '../formula/tokens'
import { formulaContext } from '../model/formula-context'
import { positionsOf } from '../model/positions'
import { getSheetGrid, hasSheet } from '../model/read'
import { cellKey, isFormula, sheetRoots, splitCellKey, type CellInput, type SheetId, type Workbook } from '../model/workbook'

/**
 * Functions that skip text in the cells they are given, so a word typed into a summed
 * range silently drops out of the result (SPEC V7). Canonical names.
 */
export const TEXT_SKIPPING_FUNCTIONS: ReadonlySet<string> = new Set(['SUM', 'AVERAGE', 'MIN', 'MAX', 'PRODUCT'])

/** A text cell inside a range that a text-skipping function reads. */
export interface SummedTextCell {
  sheetId: SheetId
  rowId: string
  colId: string
  /** `B3`, or `Volym!B3` on another sheet, as now. */
  address: string
  text: string
}

/** V7: the text cells a formula's totals skip, with a Swedish (and English) warning for the cell. */
export interface SummedTextWarning {
  /** Canonical name of the first function that skips text (`SUM`). */
  functionName: string
  cells: SummedTextCell[]
  message: string
  messageEn: string
}

// Rows whose cells are labels, never figures (V4): a header or section label inside a range is not a lost number.
const LABEL_ROWS = new Set(['header', 'section', 'note'])
// Above this many cells a range is checked by walking the sheet's cells instead of the rectangle.
const WALK_LIMIT = 20_000

interface Rect {
  sheetId: SheetId
  r1: number
  r2: number
  c1: number
  c2: number
}

/** Positions a reference token covers now, or undefined when it points nowhere (F5, F6). */
function rectOf(wb: Workbook, formulaSheet: SheetId, tok: Extract<Token, { t: 'ref' }>): Rect | undefined {
  const ctx = formulaContext(wb, formulaSheet)
  let sheetId = formulaSheet
  if (tok.sheet) {
    const id = tok.sheet.by === 'id' ? tok.sheet.id : ctx.sheetIdByName(tok.sheet.name)
    if (id === undefined || !hasSheet(wb, id)) return undefined
    sheetId = id
  }
  const { a, b } = tok
  if (a.kind === 'a1') {
    const end = b && b.kind === 'a1' ? b : a
    return { sheetId, r1: Math.min(a.row, end.row), r2: Math.max(a.row, end.row), c1: Math.min(a.col, end.col), c2: Math.max(a.col, end.col) }
  }
  if (b === null) {
    const r = ctx.rowIndex(sheetId, a.rowId)
    const c = ctx.colIndex(sheetId, a.colId)
    return r === undefined || c === undefined ? undefined : { sheetId, r1: r, r2: r, c1: c, c2: c }
  }
  if (b.kind !== 'id') return undefined
  const r1 = ctx.edgeIndex(sheetId, 'rows', a.rowId, 'start')
  const r2 = ctx.edgeIndex(sheetId, 'rows', b.rowId, 'end')
  const c1 = ctx.edgeIndex(sheetId, 'cols', a.colId, 'start')
  const c2 = ctx.edgeIndex(sheetId, 'cols', b.colId, 'end')
  if (r1 === undefined || r2 === undefined || c1 === undefined || c2 === undefined || r1 > r2 || c1 > c2) return undefined
  return { sheetId, r1, r2, c1, c2 }
}

/** The reference tokens of a stored formula body that a text-skipping function reads directly, with that function. */
function skippedRefs(body: string): Array<{ fn: string; tok: Extract<Token, { t: 'ref' }> }> {
  const out: Array<{ fn: string; tok: Extract<Token, { t: 'ref' }> }> = []
  // One entry per open parenthesis: the canonical function it calls, or null for grouping.
  const open: Array<string | null> = []
  let pendingFunction: string | null = null
  for (const tok of tokenize(body, 'stored')) {
    if (tok.t === 'func') {
      pendingFunction = tok.text.toUpperCase()
      continue
    }
    if (tok.t === 'op' && tok.text === '(') {
      open.push(pendingFunction)
      pendingFunction = null
      continue
    }
    pendingFunction = null
    if (tok.t === 'op' && tok.text === ')') open.pop()
    else if (tok.t === 'ref') {
      const fn = open[open.length - 1]
      if (fn && TEXT_SKIPPING_FUNCTIONS.has(fn)) out.push({ fn, tok })
    }
  }
  return out
}

function shortText(text: string): string {
  return text.length > 24 ? `${text.slice(0, 23)}…` : text
}

function warning(fn: string, cells: SummedTextCell[]): Pick<SummedTextWarning, 'message' | 'messageEn'> {
  const sv = functionNameToLocale(fn, 'sv-SE')
  const en = fn
  const listed = cells.slice(0, 3).map((c) => `${c.address} "${shortText(c.text)}"`)
  const more = cells.length > 3 ? ' …' : ''
  if (cells.length === 1) {
    const [c] = cells
    return {
      message: `Text räknas inte med i ${sv}: ${c!.address} ("${shortText(c!.text)}") ingår inte i resultatet. Skriv ett tal eller töm cellen.`,
      messageEn: `Text is not counted in ${en}: ${c!.address} ("${shortText(c!.text)}") is left out of the result. Enter a number or clear the cell.`,
    }
  }
  return {
    message: `Text räknas inte med i ${sv}: ${cells.length} celler ingår inte i resultatet (${listed.join(', ')}${more}). Skriv tal eller töm cellerna.`,
    messageEn: `Text is not counted in ${en}: ${cells.length} cells are left out of the result (${listed.join(', ')}${more}). Enter numbers or clear the cells.`,
  }
}

/**
 * SPEC V7: the text inputs inside the ranges and cells that a formula's text-skipping
 * functions (`SUMMA`/`SUM`, `MEDEL`, `MIN`, `MAX`, `PRODUKT`) read directly, on any sheet,
 * leaving out header, section and note rows (V4). Undefined when there are none or the
 * input is no formula; otherwise the cells and a warning for the formula's cell.
 * Only inputs are judged (a formula that computes text is not an input).
 */
export function textInSums(wb: Workbook, sheetId: SheetId, input: CellInput | undefined): SummedTextWarning | undefined {
  if (!isFormula(input) || !hasSheet(wb, sheetId)) return undefined
  const refs = skippedRefs(input.slice(1))
  if (refs.length === 0) return undefined
  const found = new Map<string, SummedTextCell>()
  let firstFunction: string | undefined
  const grids = new Map<SheetId, ReturnType<typeof getSheetGrid>>()
  const gridOf = (id: SheetId) => {
    let g = grids.get(id)
    if (!g) {
      g = getSheetGrid(wb, id)
      grids.set(id, g)
    }
    return g
  }
  for (const { fn, tok } of refs) {
    const rect = rectOf(wb, sheetId, tok)
    if (!rect) continue
    const grid = gridOf(rect.sheetId)
    const cells = sheetRoots(wb, rect.sheetId).cells
    const prefix = rect.sheetId === sheetId ? '' : `${sheetNameNeedsQuotes(grid.sheet.name) ? quoteSheetName(grid.sheet.name) : grid.sheet.name}!`
    const consider = (r: number, c: number, value: CellInput | undefined) => {
      if (typeof value !== 'string' || isFormula(value)) return
      if (LABEL_ROWS.has(grid.rows[r]?.kind ?? 'data')) return
      const rowId = grid.rowIds[r]!
      const colId = grid.colIds[c]!
      const key = `${rect.sheetId}|${cellKey(rowId, colId)}`
      if (found.has(key)) return
      found.set(key, { sheetId: rect.sheetId, rowId, colId, address: `${prefix}${columnLetters(c)}${r + 1}`, text: value })
      firstFunction ??= fn
    }
    const r2 = Math.min(rect.r2, grid.rowIds.length - 1)
    const c2 = Math.min(rect.c2, grid.colIds.length - 1)
    if ((r2 - rect.r1 + 1) * (c2 - rect.c1 + 1) <= WALK_LIMIT) {
      for (let r = rect.r1; r <= r2; r++) {
        for (let c = rect.c1; c <= c2; c++) consider(r, c, cells.get(cellKey(grid.rowIds[r]!, grid.colIds[c]!)))
      }
    } else {
      const roots = sheetRoots(wb, rect.sheetId)
      const rowIndex = positionsOf(wb, roots.rows).index
      const colIndex = positionsOf(wb, roots.cols).index
      cells.forEach((value, key) => {
        const { rowId, colId } = splitCellKey(key)
        const r = rowIndex.get(rowId)
        const c = colIndex.get(colId)
        if (r !== undefined && c !== undefined && r >= rect.r1 && r <= r2 && c >= rect.c1 && c <= c2) consider(r, c, value)
      })
    }
  }
  if (found.size === 0 || firstFunction === undefined) return undefined
  const cells = [...found.values()].sort((x, y) => (x.sheetId === y.sheetId ? 0 : x.sheetId === sheetId ? -1 : 1))
  return { functionName: firstFunction, cells, ...warning(firstFunction, cells) }
}
