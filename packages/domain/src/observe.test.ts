import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { addComment, deleteComment } from './comments/comments'
import { getSheetGrid } from './model/read'
import { openWorkbook, sheetRootNames } from './model/workbook'
import { setCells } from './operations/cells'
import { addSheet, renameSheet } from './operations/sheets'
import { deleteRows, insertColumns, insertRows, setColumnSpec } from './operations/structure'
import { initWorkbook, setWorkbookStatus } from './operations/workbook-info'
import { Origin } from './origin'
import { observeWorkbook, type WorkbookChange } from './observe'
import type { ColumnSpec } from './schema/sheet'

const NUM: ColumnSpec = { label: 'Tal', type: 'number', editable: 'ekonom' }
const author = { id: 'u1', name: 'Eva Ekonom' }

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

  it('[O4] a comment and a reply are reported with their cell, and nothing else changes', () => {
    const { wb, sheet, changes } = setup()
    const g = getSheetGrid(wb, sheet)
    const cell = { rowId: g.rowIds[1]!, colId: g.colIds[0]! }
    const root = addComment(wb, sheet, { ...cell, author, text: 'Stämmer summan?' })
    const reply = addComment(wb, sheet, { ...cell, parentId: root, author, text: 'Ja' })
    expect(changes).toHaveLength(2)
    expect(changes[0]).toMatchObject({ local: true, sheetsChanged: false, infoChanged: false, structure: [], cells: [] })
    expect(changes[0]!.comments).toEqual([{ sheetId: sheet, ...cell, commentId: root }])
    expect(changes[1]!.comments).toEqual([{ sheetId: sheet, ...cell, commentId: reply }])
  })

  it('[O4] deleting a thread reports each removed comment with the cell it was on', () => {
    const { wb, sheet, changes } = setup()
    const g = getSheetGrid(wb, sheet)
    const cell = { rowId: g.rowIds[2]!, colId: g.colIds[1]! }
    const root = addComment(wb, sheet, { ...cell, author, text: 'Fråga' })
    const reply = addComment(wb, sheet, { ...cell, parentId: root, author, text: 'Svar' })
    deleteComment(wb, sheet, root)
    const removed = changes.at(-1)!.comments
    expect(removed).toHaveLength(2)
    expect(removed).toEqual(expect.arrayContaining([{ sheetId: sheet, ...cell, commentId: root }, { sheetId: sheet, ...cell, commentId: reply }]))
  })

  it('[O4] an overwrite that moves a comment lists both cells; one that stays lists its cell once', () => {
    const { doc, wb, sheet, changes } = setup()
    const g = getSheetGrid(wb, sheet)
    const from = { rowId: g.rowIds[0]!, colId: g.colIds[0]! }
    const to = { rowId: g.rowIds[1]!, colId: g.colIds[1]! }
    const id = addComment(wb, sheet, { ...from, author, text: 'Här' })
    const comments = doc.getMap<Record<string, unknown>>(sheetRootNames(sheet).comments)
    doc.transact(() => comments.set(id, { ...comments.get(id)!, text: 'Ändrad' }))
    expect(changes.at(-1)!.comments).toEqual([{ sheetId: sheet, ...from, commentId: id }])
    doc.transact(() => comments.set(id, { ...comments.get(id)!, ...to }))
    expect(changes.at(-1)!.comments).toEqual([
      { sheetId: sheet, ...from, commentId: id },
      { sheetId: sheet, ...to, commentId: id },
    ])
  })

  it('[O4] comments from a remote replica arrive as non-local changes, also on a replica that loaded the workbook later', () => {
    const { doc, wb, sheet } = setup()
    const other = new Y.Doc()
    const remote = openWorkbook(other)
    const seen: WorkbookChange[] = []
    observeWorkbook(remote, (c) => seen.push(c))
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc), 'network')
    expect(seen.at(-1)!.comments).toEqual([])
    const g = getSheetGrid(wb, sheet)
    const cell = { rowId: g.rowIds[0]!, colId: g.colIds[1]! }
    const id = addComment(wb, sheet, { ...cell, author, text: 'Från en kollega' })
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), 'network')
    expect(seen.at(-1)).toMatchObject({ origin: 'network', local: false, cells: [] })
    expect(seen.at(-1)!.comments).toEqual([{ sheetId: sheet, ...cell, commentId: id }])
    deleteComment(wb, sheet, id)
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), 'network')
    expect(seen.at(-1)!.comments).toEqual([{ sheetId: sheet, ...cell, commentId: id }])
  })

  it('[O3] a sheet added with its comments in one transaction reports no comments: it is read whole', () => {
    const { doc, wb, changes } = setup()
    doc.transact(() => {
      const added = addSheet(wb, { name: 'Två', kind: 'generic', columns: [NUM] })
      const g = getSheetGrid(wb, added)
      addComment(wb, added, { rowId: 'r', colId: g.colIds[0]!, author, text: 'Ny' })
    })
    expect(changes.at(-1)).toMatchObject({ sheetsChanged: true, comments: [] })
  })

  it('[O2] a status change sets infoChanged only', () => {
    const { wb, changes } = setup()
    setWorkbookStatus(wb, 'inskickad')
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ infoChanged: true, sheetsChanged: false, cells: [], comments: [], specsChanged: [] })
  })
})
