import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { getSheetGrid } from './model/read'
import { openWorkbook } from './model/workbook'
import { setCells } from './operations/cells'
import { addSheet, renameSheet } from './operations/sheets'
import { deleteRows, insertColumns, insertRows, setColumnSpec } from './operations/structure'
import { initWorkbook } from './operations/workbook-info'
import { Origin } from './origin'
import { observeWorkbook, type WorkbookChange } from './observe'
import type { ColumnSpec } from './schema/sheet'

const NUM: ColumnSpec = { label: 'Tal', type: 'number', editable: 'ekonom' }

function setup() {
  const doc = new Y.Doc()
  const wb = openWorkbook(doc)
  initWorkbook(wb, { title: 'Flöde' })
  const sheet = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM, NUM] })
  insertRows(wb, sheet, 0, 3)
  const changes: WorkbookChange[] = []
  const stop = observeWorkbook(wb, (c) => changes.push(c))
  return { doc, wb, sheet, changes, stop }
}

describe('observeWorkbook', () => {
  it('[O1] reports one change per transaction with origin, row deltas and touched cells', () => {
    const { wb, sheet, changes } = setup()
    const [row] = insertRows(wb, sheet, 1, 1, undefined, Origin.Import)
    const g = getSheetGrid(wb, sheet)
    setCells(wb, sheet, [{ rowId: row!, colId: g.colIds[0]!, input: 5 }])
    expect(changes).toHaveLength(2)
    expect(changes[0]).toMatchObject({ origin: Origin.Import, local: true, sheetsChanged: false })
    expect(changes[0]!.structure).toEqual([{ sheetId: sheet, axis: 'rows', delta: [{ retain: 1 }, { insert: [row] }] }])
    expect(changes[1]!.cells).toEqual([{ sheetId: sheet, rowId: row, colId: g.colIds[0] }])
  })

  it('[O1] a delete reports the delta and the cells it removed or rewrote', () => {
    const { wb, sheet, changes } = setup()
    const g = getSheetGrid(wb, sheet)
    setCells(wb, sheet, [{ rowId: g.rowIds[0]!, colId: g.colIds[0]!, input: 1 }])
    deleteRows(wb, sheet, 0, 1)
    const last = changes.at(-1)!
    expect(last.structure).toEqual([{ sheetId: sheet, axis: 'rows', delta: [{ delete: 1 }] }])
    expect(last.cells).toEqual([{ sheetId: sheet, rowId: g.rowIds[0], colId: g.colIds[0] }])
  })

  it('[O2] sheet adds and renames set sheetsChanged; spec edits set specsChanged', () => {
    const { wb, sheet, changes } = setup()
    addSheet(wb, { name: 'Två', kind: 'generic', columns: [NUM] })
    renameSheet(wb, sheet, 'Första')
    const g = getSheetGrid(wb, sheet)
    setColumnSpec(wb, sheet, g.colIds[0]!, { ...NUM, label: 'Ny' })
    insertColumns(wb, sheet, 0, [NUM])
    expect(changes.map((c) => c.sheetsChanged)).toEqual([true, true, false, false])
    expect(changes[2]!.specsChanged).toEqual([sheet])
    expect(changes[3]!.structure[0]).toMatchObject({ sheetId: sheet, axis: 'cols' })
  })

  it('[O3] remote updates arrive as non-local changes with their deltas', () => {
    const { doc, wb, sheet, changes } = setup()
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    const remote = openWorkbook(other)
    const [row] = insertRows(remote, sheet, 3, 1)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), 'network')
    expect(changes.at(-1)).toMatchObject({ origin: 'network', local: false })
    expect(changes.at(-1)!.structure).toEqual([{ sheetId: sheet, axis: 'rows', delta: [{ retain: 3 }, { insert: [row] }] }])
    void wb
  })

  it('[O3] a fresh replica loading a whole workbook gets sheetsChanged, then deltas for later edits', () => {
    const { doc, sheet } = setup()
    const other = new Y.Doc()
    const remote = openWorkbook(other)
    const seen: WorkbookChange[] = []
    observeWorkbook(remote, (c) => seen.push(c))
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ sheetsChanged: true, structure: [] })
    insertRows(openWorkbook(doc), sheet, 0, 1)
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)))
    expect(seen[1]!.structure).toHaveLength(1)
  })

  it('[O1] unsubscribing stops the feed', () => {
    const { wb, sheet, changes, stop } = setup()
    stop()
    insertRows(wb, sheet, 0, 1)
    expect(changes).toHaveLength(0)
  })
})
