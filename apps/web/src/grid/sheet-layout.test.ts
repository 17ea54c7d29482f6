import { addSheet, getSheetGrid, insertRows, openWorkbook, setCellFromText, type ColumnSpec } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { editorTexts, sameIds, sheetLayout } from './sheet-layout'

const label: ColumnSpec = { label: 'Verksamhet', type: 'text', editable: 'locked', width: 240 }
const budget: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }

describe('the sheet as Handsontable shows it', () => {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Budget', kind: 'generic', columns: [label, budget], frozenRows: 1 })
  insertRows(wb, sheetId, 0, 3, [{ kind: 'header' }, { kind: 'data' }, { kind: 'note' }])
  const grid = () => getSheetGrid(wb, sheetId)

  it('freezes the header rows and the label column, keeps column widths and lets a note row span the sheet', () => {
    expect(sheetLayout(grid(), editorTexts(wb, grid(), 'sv-SE'))).toEqual({
      fixedRowsTop: 1,
      fixedColumnsStart: 1,
      colWidths: [240, 110],
      mergeCells: [{ row: 2, col: 0, rowspan: 1, colspan: 2 }],
    })
  })

  it('lets a section title span the sheet only while its other cells are empty', () => {
    const texts = [[''], ['Grundskola', ''], ['', '']]
    const withSection = { ...grid(), rows: [grid().rows[0]!, { kind: 'section' as const }, grid().rows[2]!] }
    expect(sheetLayout(withSection, texts).mergeCells.map((m) => m.row)).toEqual([1, 2])
    expect(sheetLayout(withSection, [[''], ['Grundskola', '12'], ['', '']]).mergeCells.map((m) => m.row)).toEqual([2])
  })

  it('freezes no column when column A holds numbers', () => {
    const numbersFirst = { ...grid(), columns: [budget, label] }
    expect(sheetLayout(numbersFirst, []).fixedColumnsStart).toBe(0)
  })

  it('gives the editor each input as typed in the UI language', () => {
    const [, data] = grid().rowIds
    const [a, b] = grid().colIds
    setCellFromText(wb, sheetId, data!, a!, 'Grundskola', 'sv-SE')
    setCellFromText(wb, sheetId, data!, b!, '=SUMMA(B1:B1)*1,5', 'sv-SE')
    expect(editorTexts(wb, grid(), 'sv-SE')[1]).toEqual(['Grundskola', '=SUMMA(B1:B1)*1,5'])
    expect(editorTexts(wb, grid(), 'en')[1]).toEqual(['Grundskola', '=SUM(B1:B1)*1.5'])
  })

  it('tells moved ids from the same ids', () => {
    expect(sameIds(['r1', 'r2'], ['r1', 'r2'])).toBe(true)
    expect(sameIds(['r1', 'r2'], ['r2', 'r1'])).toBe(false)
    expect(sameIds(['r1'], ['r1', 'r2'])).toBe(false)
  })
})
