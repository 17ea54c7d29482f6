import {
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
import { addChangedValues, addWorkbookChange, cellIds, hasChanges, indexSheet, noChanges } from './sheet-changes'

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
    expect(changes.values).toBe(true)
  })
})
