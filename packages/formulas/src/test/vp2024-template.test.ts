import { applyTemplate, getCellInput, getSheetGrid, listSheets, setCells, vp2024PrintedTotals, vp2024Template } from '@samplan/domain'
import { toA1 } from '@samplan/domain/testing'
import { describe, expect, it } from 'vitest'
import { createWorkbookMirror } from '../mirror/workbook-mirror'
import { engineTextMismatches } from './engine-text'
import { createWorkbook } from './workbook-fixture'

// The VP 2024 template (written with the domain) applies Samplan's functions; computed through the
// mirror it must reproduce the figures printed in the document.
describe('VP 2024 template through the mirror', () => {
  const wb = createWorkbook()
  applyTemplate(wb, vp2024Template)
  const mirror = createWorkbookMirror(wb)

  it('[FM1] computes every cell without an error', () => {
    const errors: string[] = []
    for (const sheet of listSheets(wb)) {
      mirror.getSheetValues(sheet.id).forEach((row, r) =>
        row.forEach((cell, c) => {
          if (cell.error) errors.push(`${sheet.name}!${toA1(c, r)} ${cell.error.display} ${cell.error.message ?? ''}`)
        }),
      )
    }
    expect(errors).toEqual([])
  })

  it("[FM7] renders every formula for the engine exactly as the domain's toEngineFormula does", () => {
    expect(engineTextMismatches(wb)).toEqual([])
  })

  it('reproduces the printed totals of the VP 2024', () => {
    const checked: string[] = []
    for (const p of vp2024PrintedTotals) {
      const sheet = listSheets(wb).find((s) => s.name === p.sheet)
      expect(sheet, p.sheet).toBeDefined()
      const m = /^([A-Z]+)(\d+)$/.exec(p.cell)!
      const grid = getSheetGrid(wb, sheet!.id)
      const col = m[1]!.split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1
      const computed = mirror.getValue(sheet!.id, grid.rowIds[Number(m[2]) - 1]!, grid.colIds[col]!).value
      expect(typeof computed, `${p.sheet}!${p.cell}`).toBe('number')
      const decimals = (String(p.printed).split('.')[1] ?? '').length
      const halfUnit = 0.5 * 10 ** -decimals
      // The print's own rounding may be one unit of its last digit (the domain notes those cases).
      const tolerance = (p.note?.includes('avrundning') ? 2 * halfUnit : halfUnit) + 1e-9
      expect(Math.abs((computed as number) - p.printed), `${p.sheet}!${p.cell}: ${String(computed)} vs ${p.printed}`).toBeLessThanOrEqual(tolerance)
      checked.push(`${p.sheet}!${p.cell}`)
    }
    expect(checked.length).toBe(vp2024PrintedTotals.length)
  })

  it('links the figure the VP prints twice: the Kontroll row is 0, and shows the difference when one side changes', () => {
    const sheets = listSheets(wb)
    const vo = sheets.find((s) => s.name === 'Verksamhetsområden')!
    const budget = sheets.find((s) => s.name === 'Budget')!
    const rowLabelled = (sheetId: string, prefix: string) => {
      const grid = getSheetGrid(wb, sheetId)
      return grid.rowIds.find((id) => String(getCellInput(wb, sheetId, id, grid.colIds[0]!) ?? '').startsWith(prefix))!
    }
    const voGrid = getSheetGrid(wb, vo.id)
    const kontroll = rowLabelled(vo.id, 'Kontroll')
    expect(voGrid.rows[voGrid.rowIds.indexOf(kontroll)]?.kind).toBe('kontroll')
    const check = (col: number) => mirror.getValue(vo.id, kontroll, voGrid.colIds[col]!).value as number
    expect(Math.abs(check(2))).toBeLessThan(1e-9) // Budget 2023
    expect(Math.abs(check(4))).toBeLessThan(1e-9) // Budget 2024
    const budgetGrid = getSheetGrid(wb, budget.id)
    setCells(wb, budget.id, [{ rowId: rowLabelled(budget.id, 'Kostnader'), colId: budgetGrid.colIds[2]!, input: 20_700.1 }])
    expect(check(4)).toBeCloseTo(-16, 6)
    setCells(wb, budget.id, [{ rowId: rowLabelled(budget.id, 'Kostnader'), colId: budgetGrid.colIds[2]!, input: 20_684.1 }])
  })

  it('computes the RSU-bidrag total with RSUGRANT: 170 x 147,0 tkr = 24 990 tkr', () => {
    const labelled = (sheetId: string) =>
      getSheetGrid(wb, sheetId).rowIds.find((id) => getCellInput(wb, sheetId, id, getSheetGrid(wb, sheetId).colIds[0]!) === 'RSU-bidrag totalt')
    const rsu = listSheets(wb).find((s) => labelled(s.id) !== undefined)!
    const grid = getSheetGrid(wb, rsu.id)
    const rowId = labelled(rsu.id)!
    const input = getCellInput(wb, rsu.id, rowId, grid.colIds[2]!)
    expect(String(input)).toContain('RSUGRANT(')
    expect(mirror.getValue(rsu.id, rowId, grid.colIds[2]!)).toEqual({ value: 24_990 })
  })
})
