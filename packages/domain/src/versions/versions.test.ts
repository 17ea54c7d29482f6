import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addSheet } from '../operations/sheets'
import { deleteColumns, insertColumns, insertRows } from '../operations/structure'
import { setCellFromText, setCells } from '../operations/cells'
import { getCellInput, getSheetGrid } from '../model/read'
import { openWorkbook, type Workbook } from '../model/workbook'
import { compareWorkbooks } from './compare'
import { planRestore } from './restore'

function snapshot(wb: Workbook): Workbook {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(wb.doc))
  return openWorkbook(doc)
}

const MNKR = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }

function budget() {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Budget', kind: 'budget', columns: [{ label: '', type: 'text', editable: 'locked' }] })
  const [colB] = insertColumns(wb, sheetId, 1, [{ label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }])
  const rows = insertRows(wb, sheetId, 0, 3)
  setCells(wb, sheetId, [
    { rowId: rows[0]!, colId: colB!, input: 10 },
    { rowId: rows[1]!, colId: colB!, input: 20 },
  ])
  setCellFromText(wb, sheetId, rows[2]!, colB!, '=SUMMA(B1:B2)', 'sv-SE')
  return { wb, sheetId, colB: colB!, rows }
}

describe('versions', () => {
  it('compares two states cell by cell, formulas in English A1', () => {
    const { wb, sheetId, colB, rows } = budget()
    const v1 = snapshot(wb)
    setCells(wb, sheetId, [{ rowId: rows[0]!, colId: colB, input: 15 }])
    insertRows(wb, sheetId, 0, 1)
    expect(compareWorkbooks(v1, wb)).toEqual([
      { sheetId, sheetName: 'Budget', rowId: rows[0], colId: colB, a1: 'B2', from: 10, to: 15, column: MNKR },
    ])
    setCellFromText(wb, sheetId, rows[2]!, colB, '=SUMMA(B2:B3)*2', 'sv-SE')
    expect(compareWorkbooks(v1, wb).map((d) => [d.a1, d.from, d.to])).toEqual([
      ['B2', 10, 15],
      ['B4', '=SUM(B1:B2)', '=SUM(B2:B3)*2'],
    ])
  })

  it("[V8] gives each difference its column's spec (the newer state's, else the older's) to format it as the grid does", () => {
    const { wb, sheetId, colB, rows } = budget()
    const [colC] = insertColumns(wb, sheetId, 2, [{ label: 'Platser', type: 'integer', unit: 'st', editable: 'ekonom' }])
    setCells(wb, sheetId, [{ rowId: rows[0]!, colId: colC!, input: 12 }])
    const v1 = snapshot(wb)
    setCells(wb, sheetId, [{ rowId: rows[1]!, colId: colB, input: -1234.5 }])
    deleteColumns(wb, sheetId, 2, 1)
    expect(compareWorkbooks(v1, wb).map((d) => [d.a1, d.from, d.to, d.column])).toEqual([
      ['B2', 20, -1234.5, MNKR],
      ['C1', 12, null, { label: 'Platser', type: 'integer', unit: 'st', editable: 'ekonom' }],
    ])
  })

  it('restores a version as a new change: values back, rows added since removed', () => {
    const { wb, sheetId, colB, rows } = budget()
    const v1 = snapshot(wb)
    setCells(wb, sheetId, [{ rowId: rows[1]!, colId: colB, input: 99 }])
    insertRows(wb, sheetId, 3, 2)
    const before = Y.encodeStateVector(wb.doc)
    const { apply, summary } = planRestore(wb, v1)
    apply()
    expect(summary).toMatchObject({ changedCells: 1, removedRows: 2, removedColumns: 0, missingRows: 0 })
    expect(getCellInput(wb, sheetId, rows[1]!, colB)).toBe(20)
    expect(getSheetGrid(wb, sheetId).rowIds).toEqual(rows)
    expect(compareWorkbooks(v1, wb)).toEqual([])
    // History is kept: the restore is new operations on top, not a reset.
    expect(Y.encodeStateVector(wb.doc)).not.toEqual(before)
  })
})
