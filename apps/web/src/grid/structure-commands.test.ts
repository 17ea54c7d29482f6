import { addSheet, getSheetGrid, insertRows, openWorkbook, setCellFromText, type ColumnSpec, type Workbook } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { runStructureCommand, selectionBounds } from './structure-commands'

const label: ColumnSpec = { label: 'Verksamhet', type: 'text', editable: 'locked' }
const budget: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }

function sheetWithRows(rows: number): { wb: Workbook; sheetId: string } {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Budget', kind: 'generic', columns: [label, budget] })
  insertRows(wb, sheetId, 0, rows)
  return { wb, sheetId }
}

const range = (top: number, left: number, bottom = top, right = left) => ({ from: { row: top, col: left }, to: { row: bottom, col: right } })

describe('the context menu’s row and column commands', () => {
  it('reads a selection dragged upwards, and a header click’s -1 corner, as the rows and columns it covers', () => {
    expect(selectionBounds(range(4, 2, 1, 0))).toEqual({ top: 1, bottom: 4, left: 0, right: 2 })
    expect(selectionBounds({ from: { row: -1, col: 1 }, to: { row: 9, col: 1 } })).toEqual({ top: 0, bottom: 9, left: 1, right: 1 })
  })

  it('inserts a row above or below the selection and deletes the selected rows, as domain operations', () => {
    const { wb, sheetId } = sheetWithRows(3)
    const [first, second, third] = getSheetGrid(wb, sheetId).rowIds
    runStructureCommand(wb, getSheetGrid(wb, sheetId), range(1, 1), 'row-above')
    expect(getSheetGrid(wb, sheetId).rowIds.indexOf(second!)).toBe(2)
    runStructureCommand(wb, getSheetGrid(wb, sheetId), range(3, 1), 'row-below')
    expect(getSheetGrid(wb, sheetId).rowIds).toHaveLength(5)
    runStructureCommand(wb, getSheetGrid(wb, sheetId), range(1, 0, 2, 0), 'remove-rows')
    expect(getSheetGrid(wb, sheetId).rowIds.filter((id) => [first, second, third].includes(id))).toEqual([first, third])
  })

  it('inserts a column like its neighbour but without its label, and deletes the selected columns', () => {
    const { wb, sheetId } = sheetWithRows(1)
    runStructureCommand(wb, getSheetGrid(wb, sheetId), range(0, 1), 'col-right')
    expect(getSheetGrid(wb, sheetId).columns[2]).toEqual({ ...budget, label: '' })
    runStructureCommand(wb, getSheetGrid(wb, sheetId), range(0, 0), 'col-left')
    expect(getSheetGrid(wb, sheetId).columns.map((c) => c.label)).toEqual(['', 'Verksamhet', 'Budget 2024', ''])
    const grid = getSheetGrid(wb, sheetId)
    setCellFromText(wb, sheetId, grid.rowIds[0]!, grid.colIds[2]!, '5', 'sv-SE')
    runStructureCommand(wb, grid, range(0, 2, 0, 3), 'remove-cols')
    expect(getSheetGrid(wb, sheetId).columns.map((c) => c.label)).toEqual(['', 'Verksamhet'])
  })
})
