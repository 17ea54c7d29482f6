import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { getCellInput, getSheetGrid, listSheets } from '../model/read'
import { openWorkbook, type Workbook } from '../model/workbook'
import { setCellFromText } from '../operations/cells'
import { addSheet } from '../operations/sheets'
import { deleteRows, insertRows, setRowSpec } from '../operations/structure'
import { applyTemplate } from '../operations/template'
import { initWorkbook } from '../operations/workbook-info'
import type { ColumnSpec } from '../schema/sheet'
import { vp2024Template } from '../templates/vp2024'
import { cellAt } from '../testing'
import { textInSums } from './summed-text'

const NUM: ColumnSpec = { label: 'Tal', type: 'number', editable: 'ekonom' }

function setup(): { wb: Workbook; budget: string; volym: string } {
  const wb = openWorkbook(new Y.Doc())
  initWorkbook(wb, { title: 'Test' })
  const budget = addSheet(wb, { name: 'Budget', kind: 'budget', columns: Array(4).fill(NUM) })
  const volym = addSheet(wb, { name: 'Volym egen regi', kind: 'volym', columns: Array(4).fill(NUM) })
  insertRows(wb, budget, 0, 8)
  insertRows(wb, volym, 0, 8)
  return { wb, budget, volym }
}

function type(wb: Workbook, sheet: string, at: string, text: string): void {
  const { rowId, colId } = cellAt(wb, sheet, at)
  setCellFromText(wb, sheet, rowId, colId, text, 'sv-SE')
}

function warningAt(wb: Workbook, sheet: string, at: string) {
  const { rowId, colId } = cellAt(wb, sheet, at)
  return textInSums(wb, sheet, getCellInput(wb, sheet, rowId, colId))
}

describe('text inside summed ranges (V7)', () => {
  it('[V7] a total over a range with a text cell names the cell, in Swedish and English', () => {
    const { wb, budget } = setup()
    for (const [a, v] of [['B2', '100'], ['B3', '94'], ['B4', '200'], ['B5', '106']] as const) type(wb, budget, a, v)
    type(wb, budget, 'B6', '=SUMMA(B2:B5)')
    expect(warningAt(wb, budget, 'B6')).toBeUndefined()
    type(wb, budget, 'B3', 'nittiofyra')
    const w = warningAt(wb, budget, 'B6')
    expect(w?.functionName).toBe('SUM')
    expect(w?.cells.map((c) => [c.address, c.text])).toEqual([['B3', 'nittiofyra']])
    expect(w?.message).toBe('Text räknas inte med i SUMMA: B3 ("nittiofyra") ingår inte i resultatet. Skriv ett tal eller töm cellen.')
    expect(w?.messageEn).toBe('Text is not counted in SUM: B3 ("nittiofyra") is left out of the result. Enter a number or clear the cell.')
  })

  it('[V7] counts every text cell, on other sheets too, and lists the first three', () => {
    const { wb, budget, volym } = setup()
    type(wb, budget, 'B2', 'a')
    type(wb, budget, 'B3', '1.5')
    type(wb, volym, 'C4', 'saknas')
    type(wb, volym, 'C5', '-')
    type(wb, budget, 'D8', "=MEDEL(B2:B4)+SUMMA('Volym egen regi'!C2:C6)")
    const w = warningAt(wb, budget, 'D8')
    expect(w?.cells.map((c) => c.address)).toEqual(['B2', 'B3', "'Volym egen regi'!C4", "'Volym egen regi'!C5"])
    expect(w?.functionName).toBe('AVERAGE')
    expect(w?.message).toBe(
      'Text räknas inte med i MEDEL: 4 celler ingår inte i resultatet (B2 "a", B3 "1.5", \'Volym egen regi\'!C4 "saknas" …). Skriv tal eller töm cellerna.',
    )
  })

  it('[V7] only ranges a text-skipping function reads directly; not other functions, numbers or formulas', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'B2', 'text')
    type(wb, budget, 'B3', '=B2&"x"')
    type(wb, budget, 'C2', "'123")
    expect(warningAt(wb, budget, 'D2')).toBeUndefined()
    type(wb, budget, 'D2', '=ANTAL(B2:B3)+OM(B2="text";1;0)')
    expect(warningAt(wb, budget, 'D2')).toBeUndefined()
    type(wb, budget, 'D3', '=SUMMA(B3)')
    expect(warningAt(wb, budget, 'D3')).toBeUndefined()
    // Text kept with an apostrophe is text too: `'123` in a summed cell is not counted by SUMMA.
    type(wb, budget, 'D4', '=OM(SANT;SUMMA(C2:C3);0)')
    expect(warningAt(wb, budget, 'D4')?.cells.map((c) => c.address)).toEqual(['C2'])
    expect(textInSums(wb, budget, 42)).toBeUndefined()
  })

  it('[V7][V4] header, section and note rows inside a range are labels, not lost figures', () => {
    const { wb, budget } = setup()
    const rowId = getSheetGrid(wb, budget).rowIds[0]!
    setRowSpec(wb, budget, rowId, { kind: 'header' })
    type(wb, budget, 'B1', 'Budget 2024')
    type(wb, budget, 'B5', '=SUMMA(B1:B4)')
    expect(warningAt(wb, budget, 'B5')).toBeUndefined()
  })

  it('[V7] follows the range through row inserts and deletes, and ignores dangling references', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'B6', '=SUMMA(B2:B5)+B7')
    insertRows(wb, budget, 3, 1)
    type(wb, budget, 'B4', 'ny rad')
    expect(warningAt(wb, budget, 'B7')?.cells.map((c) => c.address)).toEqual(['B4'])
    deleteRows(wb, budget, 7, 1) // B8, the single reference, goes: #REFERENS!
    expect(warningAt(wb, budget, 'B7')?.cells.map((c) => c.address)).toEqual(['B4'])
  })

  it('[V7] the seeded VP 2024 workbook carries no warning', () => {
    const wb = openWorkbook(new Y.Doc())
    applyTemplate(wb, vp2024Template)
    const warnings: string[] = []
    for (const sheet of listSheets(wb)) {
      const grid = getSheetGrid(wb, sheet.id)
      for (const rowId of grid.rowIds) {
        for (const colId of grid.colIds) {
          const w = textInSums(wb, sheet.id, getCellInput(wb, sheet.id, rowId, colId))
          if (w) warnings.push(`${sheet.name}: ${w.message}`)
        }
      }
    }
    expect(warnings).toEqual([])
  })
})
