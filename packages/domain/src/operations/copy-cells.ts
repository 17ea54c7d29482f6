import { z } from 'zod'
import { qualifyFormula, shiftFormula } from '../formula/shift'
import { renderInput, storedFormula } from '../input/text'
import { getCellInput, getSheetGrid } from '../model/read'
import { isFormula, type CellInput, type SheetId, type Workbook } from '../model/workbook'
import { Origin } from '../origin'
import { setCells, type CellEdit } from './cells'

/** A rectangle of grid positions, 0-based and inclusive. */
export interface CellRect {
  top: number
  left: number
  bottom: number
  right: number
}

/** Most cells one clipboard block may carry (a whole VP sheet is a few thousand). */
export const MAX_COPIED_CELLS = 200_000

/**
 * Cells copied out of a workbook (SPEC F12): self-contained, so they paste into any
 * sheet or workbook. Inputs are plain JSON; a formula is canonical English A1 text
 * (`=SUM(B2:B4)`) read at the moment of copying, relative to the block's source
 * position `row`/`col` (top-left, 0-based) on sheet `sheetName`.
 */
export const CopiedBlock = z
  .object({
    format: z.literal('samplan-cells'),
    version: z.literal(1),
    mode: z.enum(['copy', 'cut']),
    sheetName: z.string().max(1000),
    row: z.number().int().min(0),
    col: z.number().int().min(0),
    cells: z.array(z.array(z.union([z.number(), z.string().max(100_000), z.boolean(), z.null()])).min(1)).min(1),
  })
  .refine((b) => b.cells.reduce((n, r) => n + r.length, 0) <= MAX_COPIED_CELLS, 'too many cells')
export type CopiedBlock = z.infer<typeof CopiedBlock>

/** What a paste or fill wrote: the rectangle it covered and how many cells it left alone (no right to write). */
export interface PasteResult {
  area: CellRect | undefined
  written: number
  skipped: number
}

export interface PasteOptions {
  /** Whether this person may write the cell at a grid position; cells they may not are left alone. */
  canWrite?: (row: number, col: number) => boolean
  origin?: unknown
}

/**
 * The cells of `rect` as a clipboard block (SPEC F12): values as stored, formulas as
 * canonical English A1 text of now (dangling references read `#REF!`, F5).
 * Throws SheetNotFoundError.
 */
export function copyCells(wb: Workbook, sheetId: SheetId, rect: CellRect, mode: 'copy' | 'cut' = 'copy'): CopiedBlock {
  const grid = getSheetGrid(wb, sheetId)
  const cells: CellInput[][] = []
  for (let r = rect.top; r <= rect.bottom; r++) {
    const row: CellInput[] = []
    for (let c = rect.left; c <= rect.right; c++) {
      const rowId = grid.rowIds[r]
      const colId = grid.colIds[c]
      const input = rowId !== undefined && colId !== undefined ? (getCellInput(wb, sheetId, rowId, colId) ?? null) : null
      row.push(isFormula(input) ? renderInput(wb, sheetId, input, 'en') : input)
    }
    cells.push(row)
  }
  return { format: 'samplan-cells', version: 1, mode, sheetName: grid.sheet.name, row: rect.top, col: rect.left, cells }
}

/** `n mod m`, never negative. */
function mod(n: number, m: number): number {
  return ((n % m) + m) % m
}

/**
 * Writes the block's cells at `positions`, each taken from the block cell it repeats
 * (the block tiled from `anchor`), formulas moved by their offset from that cell (F11)
 * or, for a cut, moved unchanged (F12). One transaction.
 */
function writeBlock(
  wb: Workbook,
  sheetId: SheetId,
  block: CopiedBlock,
  area: CellRect,
  anchor: { row: number; col: number },
  options: PasteOptions,
  leave: (row: number, col: number) => boolean = () => false,
): PasteResult {
  const grid = getSheetGrid(wb, sheetId)
  const height = block.cells.length
  const width = Math.max(...block.cells.map((r) => r.length))
  const bottom = Math.min(area.bottom, grid.rowIds.length - 1)
  const right = Math.min(area.right, grid.colIds.length - 1)
  if (bottom < area.top || right < area.left) return { area: undefined, written: 0, skipped: 0 }
  const otherSheet = block.sheetName.toLocaleLowerCase('sv-SE') !== grid.sheet.name.toLocaleLowerCase('sv-SE')
  const edits: CellEdit[] = []
  let skipped = 0
  for (let r = area.top; r <= bottom; r++) {
    for (let c = area.left; c <= right; c++) {
      const i = mod(r - anchor.row, height)
      const j = mod(c - anchor.col, width)
      if (leave(r, c)) continue
      if (options.canWrite && !options.canWrite(r, c)) {
        skipped++
        continue
      }
      const source = block.cells[i]?.[j] ?? null
      let input: CellInput = source
      if (typeof source === 'string' && isFormula(source)) {
        const text =
          block.mode === 'cut'
            ? otherSheet
              ? qualifyFormula(source, 'en', block.sheetName)
              : source
            : shiftFormula(source, 'en', r - (block.row + i), c - (block.col + j))
        input = storedFormula(wb, sheetId, text, 'en')
      }
      edits.push({ rowId: grid.rowIds[r]!, colId: grid.colIds[c]!, input })
    }
  }
  setCells(wb, sheetId, edits, options.origin ?? Origin.LocalEdit)
  return { area: { top: area.top, left: area.left, bottom, right }, written: edits.length, skipped }
}

/**
 * Pastes a clipboard block into `target` (the selection), as Excel does (SPEC F12):
 * a copy is repeated over a selection that is a whole multiple of the block, and
 * otherwise pasted once at its top-left cell; a cut is pasted once. Cells beyond the
 * sheet's grid are dropped; cells `canWrite` refuses are left alone and counted.
 * Throws SheetNotFoundError.
 */
export function pasteCells(wb: Workbook, sheetId: SheetId, target: CellRect, block: CopiedBlock, options: PasteOptions = {}): PasteResult {
  const height = block.cells.length
  const width = Math.max(...block.cells.map((r) => r.length))
  const rows = target.bottom - target.top + 1
  const cols = target.right - target.left + 1
  const tile = block.mode === 'copy' && rows % height === 0 && cols % width === 0
  const area = tile ? target : { top: target.top, left: target.left, bottom: target.top + height - 1, right: target.left + width - 1 }
  return writeBlock(wb, sheetId, block, area, { row: target.top, col: target.left }, options)
}

/**
 * Fills `target` from `source` on one sheet, as the fill handle, Ctrl+D and Ctrl+R
 * do (SPEC F11): the source pattern repeats in every direction from where it stands,
 * so each target cell copies the source cell in line with it, its formula's relative
 * references moved by the distance between the two. Cells of `target` inside
 * `source` are left as they are. Throws SheetNotFoundError.
 */
export function fillCells(wb: Workbook, sheetId: SheetId, source: CellRect, target: CellRect, options: PasteOptions = {}): PasteResult {
  const block = copyCells(wb, sheetId, source)
  const inSource = (r: number, c: number) => r >= source.top && r <= source.bottom && c >= source.left && c <= source.right
  return writeBlock(wb, sheetId, block, target, { row: source.top, col: source.left }, options, inSource)
}
