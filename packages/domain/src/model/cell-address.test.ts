import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addSheet, insertRows, insertColumns, deleteRows } from '../index'
import { openWorkbook } from './workbook'
import { describeCell, resolveCellAddress } from './cell-address'

describe('cell addresses for people', () => {
  it('names a cell by sheet and A1 now, and resolves it back, following inserts and deletes', () => {
    const wb = openWorkbook(new Y.Doc())
    const sheetId = addSheet(wb, { name: 'Volym egen regi', kind: 'volym', columns: [{ label: 'A', type: 'text', editable: 'locked' }] })
    const [c2] = insertColumns(wb, sheetId, 1, [{ label: 'B', type: 'number', editable: 'ekonom' }])
    const rows = insertRows(wb, sheetId, 0, 3)
    const target = { rowId: rows[2]!, colId: c2! }
    expect(describeCell(wb, sheetId, target.rowId, target.colId)).toEqual({ sheetId, sheetName: 'Volym egen regi', a1: 'B3' })
    expect(resolveCellAddress(wb, "'Volym egen regi'!B3")).toEqual({ sheetId, ...target })
    insertRows(wb, sheetId, 0, 2)
    expect(describeCell(wb, sheetId, target.rowId, target.colId)?.a1).toBe('B5')
    deleteRows(wb, sheetId, 4, 1)
    expect(describeCell(wb, sheetId, target.rowId, target.colId)).toBeUndefined()
    expect(resolveCellAddress(wb, 'Saknas!A1')).toBeUndefined()
    expect(resolveCellAddress(wb, 'inte en adress')).toBeUndefined()
  })
})
