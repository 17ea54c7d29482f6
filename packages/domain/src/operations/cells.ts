import type { FormulaLocale } from '../formula/function-names'
import { parseUserInput } from '../input/text'
import { requireSheet } from '../model/read'
import { cellKey, sheetRoots, type CellInput, type ColId, type RowId, type SheetId, type Workbook } from '../model/workbook'
import { Origin } from '../origin'

/** One cell write; input null deletes the cell. */
export interface CellEdit {
  rowId: RowId
  colId: ColId
  input: CellInput
}

/** Writes raw inputs as one transaction (last writer wins per cell). Throws SheetNotFoundError. */
export function setCells(wb: Workbook, sheetId: SheetId, edits: readonly CellEdit[], origin: unknown = Origin.LocalEdit): void {
  requireSheet(wb, sheetId)
  const cells = sheetRoots(wb, sheetId).cells
  wb.doc.transact(() => {
    for (const { rowId, colId, input } of edits) {
      const key = cellKey(rowId, colId)
      if (input === null) cells.delete(key)
      else cells.set(key, input)
    }
  }, origin)
}

/** Parses what a user typed (parseUserInput) and stores it. Throws SheetNotFoundError. */
export function setCellFromText(
  wb: Workbook,
  sheetId: SheetId,
  rowId: RowId,
  colId: ColId,
  text: string,
  locale: FormulaLocale,
  origin: unknown = Origin.LocalEdit,
): void {
  const input = parseUserInput(wb, sheetId, text, locale)
  setCells(wb, sheetId, [{ rowId, colId, input }], origin)
}

/** Sets or (with an empty text) removes a cell's note. Throws SheetNotFoundError. */
export function setCellNote(
  wb: Workbook,
  sheetId: SheetId,
  rowId: RowId,
  colId: ColId,
  note: string,
  origin: unknown = Origin.LocalEdit,
): void {
  requireSheet(wb, sheetId)
  const notes = sheetRoots(wb, sheetId).notes
  wb.doc.transact(() => {
    if (note === '') notes.delete(cellKey(rowId, colId))
    else notes.set(cellKey(rowId, colId), note)
  }, origin)
}
