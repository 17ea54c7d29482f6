import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { setCells } from '../operations/cells'
import { addSheet } from '../operations/sheets'
import { insertRows } from '../operations/structure'
import { cellWriterClientId, getSheetGrid } from './read'
import { openWorkbook } from './workbook'

describe('cellWriterClientId', () => {
  it('names the client that wrote the value a cell shows now, and nobody for an empty cell', () => {
    const a = new Y.Doc()
    const wb = openWorkbook(a)
    const s = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [{ label: 'B', type: 'number', editable: 'ekonom' }] })
    const [row] = insertRows(wb, s, 0, 1)
    const cell = { sheetId: s, rowId: row!, colId: getSheetGrid(wb, s).colIds[0]! }
    expect(cellWriterClientId(wb, cell)).toBeUndefined()
    setCells(wb, s, [{ ...cell, input: 1 }])
    expect(cellWriterClientId(wb, cell)).toBe(a.clientID)
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    setCells(openWorkbook(b), s, [{ ...cell, input: 2 }])
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    expect(cellWriterClientId(wb, cell)).toBe(b.clientID)
  })
})
