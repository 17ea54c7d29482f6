import { getCellInput, getSheetGrid, isFormula, listSheets, toEngineFormula, type Workbook } from '@samplan/domain'
import { analyzeStoredFormula, type IdLookup } from '../mirror/stored-formula'

/**
 * Every formula of the workbook whose engine text the mirror renders itself, where that text differs
 * from the domain's toEngineFormula: must be empty, or the mirror and the domain disagree.
 */
export function engineTextMismatches(wb: Workbook): string[] {
  const sheets = listSheets(wb)
  const grids = new Map(sheets.map((s) => [s.id, getSheetGrid(wb, s.id)]))
  const index = (ids: readonly string[]) => new Map(ids.map((id, i) => [id, i]))
  const rows = new Map([...grids].map(([id, g]) => [id, index(g.rowIds)]))
  const cols = new Map([...grids].map(([id, g]) => [id, index(g.colIds)]))
  const lookup: IdLookup = {
    sheetName: (id) => sheets.find((s) => s.id === id)?.name,
    rowIndex: (sheetId, rowId) => rows.get(sheetId)?.get(rowId),
    colIndex: (sheetId, colId) => cols.get(sheetId)?.get(colId),
  }
  const mismatches: string[] = []
  for (const sheet of sheets) {
    const grid = grids.get(sheet.id)!
    for (const rowId of grid.rowIds) {
      for (const colId of grid.colIds) {
        const input = getCellInput(wb, sheet.id, rowId, colId)
        if (!isFormula(input)) continue
        const mine = analyzeStoredFormula(input, sheet.id, lookup).engineText
        const domain = toEngineFormula(wb, sheet.id, input)
        if (mine !== undefined && mine !== domain) mismatches.push(`${sheet.name}: ${input} -> ${mine} but the domain renders ${domain}`)
      }
    }
  }
  return mismatches
}
