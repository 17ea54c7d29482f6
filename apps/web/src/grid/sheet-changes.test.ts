import {
  addComment,
  addSheet,
  getSheetGrid,
  insertRows,
  observeWorkbook,
  openWorkbook,
  setCellFromText,
  type ColumnSpec,
  type WorkbookChange,
} from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addChangedValues,
  addWorkbookChange,
  cellIds,
  drawnChanges,
  hasChanges,
  indexSheet,
  noChanges,
  type DrawnArea,
} from './sheet-changes'

const label: ColumnSpec = { label: 'Verksamhet', type: 'text', editable: 'ekonom' }
const budget: ColumnSpec = { label: 'Budget 2024', type: 'number', editable: 'ekonom' }

function setUp() {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Budget', kind: 'generic', columns: [label, budget] })
  const other = addSheet(wb, { name: 'Volym', kind: 'generic', columns: [budget] })
  insertRows(wb, sheetId, 0, 3, [{ kind: 'data' }, { kind: 'section' }, { kind: 'data' }])
  insertRows(wb, other, 0, 1)
  const shown = indexSheet(getSheetGrid(wb, sheetId))
  const seen: WorkbookChange[] = []
  observeWorkbook(wb, (change) => seen.push(change))
  const changesOf = (write: () => void) => {
    seen.length = 0
    write()
    const changes = noChanges()
    for (const change of seen) addWorkbookChange(changes, change, shown)
    return changes
  }
  return { wb, sheetId, other, shown, changesOf }
}

describe('what a change asks of the shown sheet', () => {
  it('updates just the cells whose input changed', () => {
    const { wb, sheetId, shown, changesOf } = setUp()
    const [row] = shown.grid.rowIds
    const [, col] = shown.grid.colIds
    const changes = changesOf(() => setCellFromText(wb, sheetId, row!, col!, '12', 'sv-SE'))
    expect(changes.whole).toBe(false)
    expect([...changes.inputs]).toEqual([`${row}:${col}`])
    expect(cellIds(`${row}:${col}`)).toEqual({ rowId: row, colId: col })
  })

  it('ignores inputs of other sheets', () => {
    const { wb, other, changesOf } = setUp()
    const grid = getSheetGrid(wb, other)
    const changes = changesOf(() => setCellFromText(wb, other, grid.rowIds[0]!, grid.colIds[0]!, '7', 'sv-SE'))
    expect(hasChanges(changes)).toBe(false)
  })

  it('reloads the sheet when rows move or a section row is filled in (its title may stop spanning the sheet)', () => {
    const { wb, sheetId, shown, changesOf } = setUp()
    expect(changesOf(() => insertRows(wb, sheetId, 1, 1)).whole).toBe(true)
    const section = shown.grid.rowIds[1]!
    expect(changesOf(() => setCellFromText(wb, sheetId, section, shown.grid.colIds[1]!, '3', 'sv-SE')).whole).toBe(true)
  })

  it('repaints for changed values of the shown sheet only', () => {
    const { sheetId, other } = setUp()
    const changes = noChanges()
    addChangedValues(changes, [{ sheetId: other, rowId: 'r', colId: 'c' }], sheetId)
    expect(hasChanges(changes)).toBe(false)
    addChangedValues(
      changes,
      [
        { sheetId: other, rowId: 'r', colId: 'c' },
        { sheetId, rowId: 'r', colId: 'c' },
      ],
      sheetId,
    )
    expect(hasChanges(changes)).toBe(true)
  })

  it('marks the cells whose comments changed', () => {
    const { wb, sheetId, shown, changesOf } = setUp()
    const [row] = shown.grid.rowIds
    const [, col] = shown.grid.colIds
    const changes = changesOf(() =>
      addComment(wb, sheetId, { rowId: row!, colId: col!, text: 'Kolla beloppet', author: { id: 'u1', name: 'Eva Ekonom' } }),
    )
    expect(changes.whole).toBe(false)
    expect(changes.comments).toBe(true)
    expect([...changes.marks]).toEqual([`${row}:${col}`])
  })
})

describe('which drawn cells a change repaints', () => {
  // 100 rows x 4 columns: rows 40-60 and columns 1-2 drawn, one frozen row and one frozen column.
  function sheet() {
    const wb = openWorkbook(new Y.Doc())
    const sheetId = addSheet(wb, { name: 'Budget', kind: 'generic', columns: [label, budget, budget, budget] })
    insertRows(wb, sheetId, 0, 100)
    const shown = indexSheet(getSheetGrid(wb, sheetId))
    const area: DrawnArea = { firstRow: 40, lastRow: 60, firstCol: 1, lastCol: 2, frozenRows: 1, frozenCols: 1, spanningRows: new Set() }
    const at = (row: number, col: number) => ({ sheetId, rowId: shown.grid.rowIds[row]!, colId: shown.grid.colIds[col]! })
    const key = (row: number, col: number) => `${shown.grid.rowIds[row]}:${shown.grid.colIds[col]}`
    return { sheetId, shown, area, at, key }
  }

  it('lists each drawn cell once, from inputs, values and marks, and skips cells scrolled out', () => {
    const { shown, area, at, key } = sheet()
    const changes = noChanges()
    changes.inputs.add(key(45, 1))
    changes.marks.add(key(46, 2))
    addChangedValues(changes, [at(45, 1), at(50, 2), at(10, 2), at(70, 1), at(50, 3)], at(0, 0).sheetId)
    expect(drawnChanges(changes, shown, area)).toEqual({
      cells: [
        { row: 45, col: 1 },
        { row: 46, col: 2 },
        { row: 50, col: 2 },
      ],
      viewport: false,
    })
  })

  it('repaints frozen rows and the frozen column whatever the scroll', () => {
    const { shown, area, at } = sheet()
    const changes = noChanges()
    addChangedValues(changes, [at(0, 2), at(50, 0), at(0, 3), at(10, 0)], at(0, 0).sheetId)
    expect(drawnChanges(changes, shown, area)).toEqual({
      cells: [
        { row: 0, col: 2 },
        { row: 50, col: 0 },
      ],
      viewport: false,
    })
  })

  it('draws the viewport for a cell of the frozen corner or a row spanning the sheet', () => {
    const { shown, area, at } = sheet()
    const corner = noChanges()
    addChangedValues(corner, [at(0, 0)], at(0, 0).sheetId)
    expect(drawnChanges(corner, shown, area).viewport).toBe(true)
    const spanning = noChanges()
    addChangedValues(spanning, [at(48, 1)], at(0, 0).sheetId)
    expect(drawnChanges(spanning, shown, { ...area, spanningRows: new Set([48]) }).viewport).toBe(true)
  })

  it('ignores values of other sheets and cells the sheet no longer has', () => {
    const { shown, area, at } = sheet()
    const changes = noChanges()
    addChangedValues(changes, [at(45, 1), { ...at(46, 1), sheetId: 'other' }, { ...at(47, 1), rowId: 'gone' }], at(0, 0).sheetId)
    expect(drawnChanges(changes, shown, area).cells).toEqual([{ row: 45, col: 1 }])
  })
})
