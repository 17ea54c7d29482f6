import { applyTemplate, getCellInput, getSheetGrid, listSheets, vp2024PrintedTotals, vp2024Template } from '@samplan/domain'
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

  it('[M1] computes every cell without an error', () => {
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

  it("[M7] renders every formula for the engine exactly as the domain's toEngineFormula does", () => {
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
