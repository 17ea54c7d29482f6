import { addSheet, getCellInput, getSheetGrid, insertRows, openWorkbook, type CellRef, type ColumnSpec } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { commitEdits } from './commit-edits'

const budget: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }

describe('edits from the grid', () => {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Budget', kind: 'generic', columns: [budget, budget] })
  insertRows(wb, sheetId, 0, 2)
  const grid = getSheetGrid(wb, sheetId)
  const input = (row: number, col: number) => getCellInput(wb, sheetId, grid.rowIds[row]!, grid.colIds[col]!)

  it('stores Swedish text as the domain reads it, in one transaction, and only where the user may write', () => {
    let transactions = 0
    const count = () => transactions++
    wb.doc.on('afterTransaction', count)
    const written: CellRef[] = []
    const only = commitEdits(
      wb,
      grid,
      [
        [0, 0, null, '1 234,5'],
        [0, 1, null, '=A1*2'],
        [1, 1, null, '7'],
      ],
      { locale: 'sv-SE', canEdit: (_grid, row) => row === 0, written: (cell) => written.push(cell) },
    )
    wb.doc.off('afterTransaction', count)
    expect(transactions).toBe(1)
    expect([input(0, 0), input(0, 1), input(1, 1)]).toEqual([1234.5, expect.stringMatching(/^=/), undefined])
    expect(written.map((c) => c.colId)).toEqual([grid.colIds[0], grid.colIds[1]])
    expect(only).toBeUndefined()
  })

  it('reports the cell of a single edit, and clears a cell emptied in the grid', () => {
    const only = commitEdits(wb, grid, [[0, '0', '1 234,5', null]], { locale: 'sv-SE', canEdit: () => true, written: () => {} })
    expect(only).toEqual({ sheetId, rowId: grid.rowIds[0], colId: grid.colIds[0] })
    expect(input(0, 0) ?? null).toBeNull()
  })
})
