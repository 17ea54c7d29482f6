import { ImportPlanOutdatedError } from '../errors'
import { formulaFromA1 } from '../input/text'
import { findSheetByName, getSheetGrid, listSheets } from '../model/read'
import { isFormula, type CellInput, type Workbook } from '../model/workbook'
import type { CellEdit } from '../operations/cells'
import { setCells } from '../operations/cells'
import { addSheet } from '../operations/sheets'
import { insertRows } from '../operations/structure'
import { Origin } from '../origin'
import type { ImportPlan } from './import-plan'
import { layoutKey } from './remap'

export interface ImportApplied {
  cells: number
  rows: number
  sheets: number
}

interface Write {
  sheetId: string
  rowId: string
  colId: string
  input: CellInput
}

/** A free sheet name at the moment of applying: a colleague may have taken the planned one since. */
function freeName(wb: Workbook, name: string): string {
  let candidate = name
  for (let n = 2; findSheetByName(wb, candidate); n++) {
    const suffix = ` (${n})`
    candidate = name.slice(0, 31 - suffix.length) + suffix
  }
  return candidate
}

/**
 * Writes an import plan (SPEC IM8): new sheets, added rows, then values, then formulas (so a
 * formula can name a row or sheet the same import adds), all in one transaction with `origin`,
 * so the web's undo takes it back in one step. Locked cells and, without the structure right,
 * rows and sheets are left out, as the preview said. Throws ImportPlanOutdatedError, writing
 * nothing, when a target sheet was deleted or its rows or columns moved after the preview.
 */
export function applyImportPlan(wb: Workbook, plan: ImportPlan, origin: unknown = Origin.LocalEdit): ImportApplied {
  // Rows are named by id, but changed formulas by position: a moved row would shift them.
  const sheetIds = new Set(listSheets(wb).map((s) => s.id))
  for (const { target } of plan.sheets) {
    if (target.kind !== 'sheet') continue
    const grid = sheetIds.has(target.sheetId) ? getSheetGrid(wb, target.sheetId) : undefined
    if (!grid || layoutKey(grid.rowIds, grid.colIds) !== target.layout) throw new ImportPlanOutdatedError(target.name)
  }
  const applied: ImportApplied = { cells: 0, rows: 0, sheets: 0 }
  wb.doc.transact(() => {
    const writes: Write[] = []
    for (const sheet of plan.sheets) {
      const { target } = sheet
      if (target.kind === 'skip') continue
      if (target.kind === 'new') {
        if (sheet.rowsLocked) continue
        const sheetId = addSheet(
          wb,
          { name: freeName(wb, target.name), kind: 'generic', columns: target.columns, frozenRows: target.frozenRows },
          origin,
        )
        const rowIds = insertRows(
          wb,
          sheetId,
          0,
          sheet.addedRows.length,
          sheet.addedRows.map((row) => ({ kind: row.kind })),
          origin,
        )
        const colIds = getSheetGrid(wb, sheetId).colIds
        sheet.addedRows.forEach((row, r) => {
          for (const cell of row.cells) {
            const colId = colIds[cell.col]
            if (colId) writes.push({ sheetId, rowId: rowIds[r]!, colId, input: cell.write })
          }
        })
        applied.sheets++
        applied.rows += rowIds.length
        continue
      }
      const { sheetId } = target
      for (const change of sheet.changes)
        if (!change.locked) writes.push({ sheetId, rowId: change.rowId, colId: change.colId, input: change.write })
      if (sheet.rowsLocked) continue
      // Rows that follow the same row keep the file's order: each goes after the one added before it.
      const lastAfter = new Map<string | null, string>()
      for (const row of sheet.addedRows) {
        const grid = getSheetGrid(wb, sheetId)
        const anchor = lastAfter.get(row.afterRowId) ?? row.afterRowId
        const found = anchor === null ? -1 : grid.rowIds.indexOf(anchor)
        const index = anchor !== null && found < 0 ? grid.rowIds.length : found + 1
        const [rowId] = insertRows(wb, sheetId, index, 1, undefined, origin)
        lastAfter.set(row.afterRowId, rowId!)
        applied.rows++
        for (const cell of row.cells) {
          const colId = grid.colIds[cell.col]
          if (colId && !cell.locked) writes.push({ sheetId, rowId: rowId!, colId, input: cell.write })
        }
      }
    }
    for (const pass of ['value', 'formula'] as const) {
      const bySheet = new Map<string, CellEdit[]>()
      for (const w of writes) {
        const formula = isFormula(w.input)
        if (formula !== (pass === 'formula')) continue
        const input = formula ? formulaFromA1(wb, w.sheetId, w.input as string) : w.input
        const edits = bySheet.get(w.sheetId) ?? []
        edits.push({ rowId: w.rowId, colId: w.colId, input })
        bySheet.set(w.sheetId, edits)
      }
      for (const [sheetId, edits] of bySheet) {
        setCells(wb, sheetId, edits, origin)
        applied.cells += edits.length
      }
    }
  }, origin)
  return applied
}
