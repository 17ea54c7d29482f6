import {
  addSheet,
  type Api,
  formulaFromA1,
  getCellInput,
  getSheetGrid,
  insertRows,
  isFormula,
  openWorkbook,
  setCells,
  type Workbook,
} from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { firstScreen } from './computed'

/** A sheet of 30 rows: A = the row number, B = A * 2 (a formula). */
function formulaSheet(): { wb: Workbook; sheetId: string } {
  const wb = openWorkbook(new Y.Doc())
  const number = { label: 'Belopp', type: 'number', editable: 'ekonom' } as const
  const sheetId = addSheet(wb, { name: 'Blad1', kind: 'generic', columns: [number, number] })
  insertRows(wb, sheetId, 0, 30)
  const { rowIds, colIds } = getSheetGrid(wb, sheetId)
  setCells(
    wb,
    sheetId,
    rowIds.flatMap((rowId, i) => [
      { rowId, colId: colIds[0]!, input: i + 1 },
      { rowId, colId: colIds[1]!, input: formulaFromA1(wb, sheetId, `=A${i + 1}*2`) },
    ]),
  )
  return { wb, sheetId }
}

/** What the server's engine answers for the sheet at the doc's state now. */
function valuesNow(wb: Workbook, sheetId: string): Api.ComputedSheet {
  const mirror = createWorkbookMirror(wb)
  const { rowIds, colIds } = getSheetGrid(wb, sheetId)
  const cells: Api.ComputedSheet['cells'] = []
  rowIds.forEach((rowId, r) => {
    colIds.forEach((colId, c) => {
      if (isFormula(getCellInput(wb, sheetId, rowId, colId))) cells.push([r, c, mirror.getValue(sheetId, rowId, colId)])
    })
  })
  mirror.destroy()
  return { sheetId, stateVector: Buffer.from(Y.encodeStateVector(wb.doc)).toString('base64'), rows: rowIds, cols: colIds, cells }
}

describe('the first screen', () => {
  it('[FM15] holds the first rows of the first sheet, their inputs and their formula values', () => {
    const { wb, sheetId } = formulaSheet()
    const screen = firstScreen(wb.doc, valuesNow(wb, sheetId), 10)
    expect(screen).not.toBeNull()
    expect(screen!.sheetId).toBe(sheetId)
    expect(screen!.rowCount).toBe(30)
    expect(screen!.rows).toHaveLength(10)
    expect(screen!.columns.map((c) => c.label)).toEqual(['Belopp', 'Belopp'])
    expect(screen!.inputs[0]![0]).toBe(1)
    expect(screen!.inputs[9]![1]).toMatch(/^=/)
    expect(screen!.values).toEqual(Array.from({ length: 10 }, (_, r) => [r, 1, { value: (r + 1) * 2 }]))
  })

  it('[FM15] leaves the values out when the doc has moved on since the engine computed them', () => {
    const { wb, sheetId } = formulaSheet()
    const values = valuesNow(wb, sheetId)
    const { rowIds, colIds } = getSheetGrid(wb, sheetId)
    setCells(wb, sheetId, [{ rowId: rowIds[0]!, colId: colIds[0]!, input: 100 }])
    const screen = firstScreen(wb.doc, values, 10)
    expect(screen!.inputs[0]![0]).toBe(100)
    expect(screen!.values).toEqual([])
  })

  it('has nothing for values of another sheet than the first', () => {
    const { wb, sheetId } = formulaSheet()
    expect(firstScreen(wb.doc, { ...valuesNow(wb, sheetId), sheetId: 'another' }, 10)).toBeNull()
  })
})
