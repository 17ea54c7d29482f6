import { addSheet, getCellInput, getSheetGrid, insertRows, openWorkbook, setCellFromText, type ColumnSpec } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SummedTextCache } from './summed-text-cache'

const amount: ColumnSpec = { label: 'Belopp', type: 'number', editable: 'ekonom' }

/** Column A holds figures in rows 1-3 and their total in row 4. */
function setUp() {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Budget', kind: 'generic', columns: [amount, amount] })
  insertRows(wb, sheetId, 0, 4)
  const ids = () => getSheetGrid(wb, sheetId)
  const write = (row: number, col: number, text: string) =>
    setCellFromText(wb, sheetId, ids().rowIds[row]!, ids().colIds[col]!, text, 'sv-SE')
  write(0, 0, '10')
  write(1, 0, '20')
  write(2, 0, '30')
  write(3, 0, '=SUMMA(A1:A3)')
  let dropped = 0
  const cache = new SummedTextCache(wb, () => dropped++)
  // By ids, so the total stays the same cell when rows move.
  const rowId = ids().rowIds[3]!
  const colId = ids().colIds[0]!
  const total = () => cache.warningOf(sheetId, rowId, colId, getCellInput(wb, sheetId, rowId, colId))
  return { write, total, cache, wb, sheetId, ids, dropped: () => dropped }
}

describe('the V7 warnings the grid keeps', () => {
  it('[V7] follows a text typed into a summed cell, changed and removed again, and says when drawn warnings may be stale', () => {
    const { write, total, dropped } = setUp()
    expect(total()).toBeUndefined()
    write(1, 0, 'tjugo')
    expect(dropped()).toBe(1)
    expect(total()?.cells.map((c) => [c.address, c.text])).toEqual([['A2', 'tjugo']])
    write(1, 0, 'tjugoett')
    expect(total()?.cells.map((c) => c.text)).toEqual(['tjugoett'])
    write(1, 0, '21')
    expect(dropped()).toBe(3)
    expect(total()).toBeUndefined()
  })

  it('[V7] keeps a warning across number edits, and reads it again when rows move or the formula changes', () => {
    const { write, total, wb, sheetId, dropped } = setUp()
    write(0, 0, 'tio')
    const warning = total()
    const drops = dropped()
    write(2, 0, '31')
    write(0, 1, '5')
    expect(total()).toBe(warning)
    expect(dropped()).toBe(drops)
    insertRows(wb, sheetId, 0, 1)
    expect(total()?.cells.map((c) => c.address)).toEqual(['A2'])
    write(4, 0, '=SUMMA(A3:A4)')
    expect(total()).toBeUndefined()
  })

  it('gives no warning for a cell that holds no formula', () => {
    const { cache, sheetId, ids } = setUp()
    expect(cache.warningOf(sheetId, ids().rowIds[0]!, ids().colIds[0]!, 'text')).toBeUndefined()
  })
})
