import { tokenize } from '../formula/tokens'
import { getCellInput, getSheetGrid } from './read'
import { cellKey, isFormula, type ColId, type RowId, type SheetId, type Workbook } from './workbook'

/**
 * [I7] Formula cells a bilaga prints blank rather than as 0: those that refer
 * to at least one cell of their own sheet, where every cell of their own sheet
 * they refer to is empty or blank in turn. A total over rows nobody has filled
 * in yet (RSU-platser before the områdeschefer have planned) is not a zero.
 * References to other sheets (rates, parameters) do not make a cell planned.
 * Returns `rowId:colId` keys.
 */
export function unplannedFormulaCells(wb: Workbook, sheetId: SheetId): Set<string> {
  const grid = getSheetGrid(wb, sheetId)
  const rowIndex = new Map(grid.rowIds.map((id, i) => [id, i]))
  const colIndex = new Map(grid.colIds.map((id, i) => [id, i]))
  const memo = new Map<string, boolean>()
  const result = new Set<string>()

  const blank = (rowId: RowId, colId: ColId): boolean => {
    const key = cellKey(rowId, colId)
    const known = memo.get(key)
    if (known !== undefined) return known
    memo.set(key, false) // a cycle counts as planned
    const input = getCellInput(wb, sheetId, rowId, colId)
    let isBlank: boolean
    if (input === undefined || input === null || input === '') isBlank = true
    else if (!isFormula(input)) isBlank = false
    else {
      isBlank = formulaIsBlank(input)
      if (isBlank) result.add(key)
    }
    memo.set(key, isBlank)
    return isBlank
  }

  const formulaIsBlank = (input: string): boolean => {
    let ownRefs = 0
    for (const tok of tokenize(input.slice(1), 'stored')) {
      if (tok.t !== 'ref' || tok.sheet !== null || tok.a.kind !== 'id') continue
      const b = tok.b?.kind === 'id' ? tok.b : tok.a
      const [r1, r2, c1, c2] = [rowIndex.get(tok.a.rowId), rowIndex.get(b.rowId), colIndex.get(tok.a.colId), colIndex.get(b.colId)]
      // A reference to a deleted cell is an error, not a plan: print what the engine says.
      if (r1 === undefined || r2 === undefined || c1 === undefined || c2 === undefined) return false
      for (let r = Math.min(r1, r2); r <= Math.max(r1, r2); r++) {
        for (let c = Math.min(c1, c2); c <= Math.max(c1, c2); c++) {
          ownRefs++
          if (!blank(grid.rowIds[r]!, grid.colIds[c]!)) return false
        }
      }
    }
    return ownRefs > 0
  }

  grid.rowIds.forEach((rowId) => grid.colIds.forEach((colId) => blank(rowId, colId)))
  return result
}
