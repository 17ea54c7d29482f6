import {
  addComment,
  addSheet,
  deleteColumns,
  deleteRows,
  formulaFromA1,
  insertColumns,
  insertRows,
  openWorkbook,
  renameSheet,
  setCellFromText,
  setCells,
  type CellRef,
  type Workbook,
} from '@samplan/domain'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addGridSheet, createWorkbook, idsAt, NUMBER_COLUMN } from '../test/workbook-fixture'
import { createWorkbookMirror, type WorkbookMirror } from './workbook-mirror'

const mirrors: WorkbookMirror[] = []
function mirrorOf(wb: Workbook): WorkbookMirror {
  const mirror = createWorkbookMirror(wb)
  mirrors.push(mirror)
  return mirror
}
afterEach(() => {
  for (const mirror of mirrors.splice(0)) mirror.destroy()
})

/** Writes A1-addressed inputs; strings starting with '=' are canonical English A1 formulas. */
function put(wb: Workbook, sheetId: string, cells: Record<string, number | string | boolean>): void {
  const edits = Object.entries(cells).map(([address, input]) => {
    const m = /^([A-Z])(\d+)$/.exec(address)
    if (!m) throw new Error(address)
    const ids = idsAt(wb, sheetId, Number(m[2]) - 1, m[1]!.charCodeAt(0) - 65)
    return { ...ids, input: typeof input === 'string' && input.startsWith('=') ? formulaFromA1(wb, sheetId, input) : input }
  })
  setCells(wb, sheetId, edits)
}

function valueAt(mirror: WorkbookMirror, wb: Workbook, sheetId: string, row: number, col: number) {
  const { rowId, colId } = idsAt(wb, sheetId, row, col)
  return mirror.getValue(sheetId, rowId, colId)
}

describe('createWorkbookMirror', () => {
  it('computes a workbook built before it', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 4, 3)
    put(wb, s, { A1: 1, A2: 2, A3: 3, A4: '=SUM(A1:A3)', B1: 'text', C1: '=RSUGRANT(170,147)' })
    const mirror = mirrorOf(wb)
    expect(valueAt(mirror, wb, s, 3, 0)).toEqual({ value: 6 })
    expect(valueAt(mirror, wb, s, 0, 1)).toEqual({ value: 'text' })
    expect(valueAt(mirror, wb, s, 0, 2)).toEqual({ value: 24_990 })
    expect(valueAt(mirror, wb, s, 1, 1)).toEqual({ value: null })
    const values = mirror.getSheetValues(s)
    expect(values).toHaveLength(4)
    expect(values.every((row) => row.length === 3)).toBe(true)
    expect(values[3]?.[0]).toEqual({ value: 6 })
  })

  it('[FM5] follows cell edits and reports the edited cell and its dependents', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 4, 2)
    put(wb, s, { A1: 1, A2: 2, A4: '=SUM(A1:A3)', B4: '=A4*2' })
    const mirror = mirrorOf(wb)
    const reports: CellRef[][] = []
    mirror.onRecalculated((changed) => reports.push(changed))
    put(wb, s, { A3: 10 })
    expect(valueAt(mirror, wb, s, 3, 0)).toEqual({ value: 13 })
    expect(valueAt(mirror, wb, s, 3, 1)).toEqual({ value: 26 })
    expect(reports).toHaveLength(1)
    const reported = new Set(reports[0]!.map((c) => `${c.rowId}:${c.colId}`))
    for (const [row, col] of [[2, 0], [3, 0], [3, 1]] as const) {
      const ids = idsAt(wb, s, row, col)
      expect(reported.has(`${ids.rowId}:${ids.colId}`)).toBe(true)
    }
  })

  it('[FM5] a transaction that only changes comments reports nothing and recomputes nothing', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 2, 1)
    put(wb, s, { A1: '=RAND()' })
    const mirror = mirrorOf(wb)
    const before = valueAt(mirror, wb, s, 0, 0)
    const reports: CellRef[][] = []
    mirror.onRecalculated((changed) => reports.push(changed))
    addComment(wb, s, { ...idsAt(wb, s, 0, 0), author: { id: 'u1', name: 'Eva' }, text: 'Slumpat?' })
    // A volatile function recomputes on any engine batch, so its value shows whether the engine was touched.
    expect(valueAt(mirror, wb, s, 0, 0)).toEqual(before)
    expect(reports).toEqual([])
  })

  it('computes boolean literals typed as SANT/FALSKT or TRUE/FALSE (the engine knows them only as functions)', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Blad', 3, 1)
    const { rowId: r1, colId } = idsAt(wb, s, 0, 0)
    setCellFromText(wb, s, r1, colId, '=OM(1>0;SANT;FALSKT)', 'sv-SE')
    setCellFromText(wb, s, idsAt(wb, s, 1, 0).rowId, colId, '=IF(1>2,TRUE,FALSE)', 'en')
    setCellFromText(wb, s, idsAt(wb, s, 2, 0).rowId, colId, '=A1=SANT()', 'sv-SE')
    const mirror = mirrorOf(wb)
    expect(valueAt(mirror, wb, s, 0, 0)).toEqual({ value: true })
    expect(valueAt(mirror, wb, s, 1, 0)).toEqual({ value: false })
    expect(valueAt(mirror, wb, s, 2, 0)).toEqual({ value: true })
  })

  it('[FM6] keeps text that looks like a number as text', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Blad', 2, 1)
    put(wb, s, { A1: '12', A2: '=ISTEXT(A1)' })
    const mirror = mirrorOf(wb)
    expect(valueAt(mirror, wb, s, 0, 0)).toEqual({ value: '12' })
    expect(valueAt(mirror, wb, s, 1, 0)).toEqual({ value: true })
  })

  it('follows row and column inserts: ranges grow and values stay with their ids', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 3, 2)
    put(wb, s, { A1: 1, A2: 2, A3: '=SUM(A1:A2)', B1: '=A2' })
    const mirror = mirrorOf(wb)
    const total = idsAt(wb, s, 2, 0)
    insertRows(wb, s, 1, 1)
    put(wb, s, { A2: 40 })
    expect(mirror.getValue(s, total.rowId, total.colId)).toEqual({ value: 43 })
    insertColumns(wb, s, 0, [NUMBER_COLUMN])
    put(wb, s, { A1: 5 })
    expect(mirror.getValue(s, total.rowId, total.colId)).toEqual({ value: 43 })
    expect(valueAt(mirror, wb, s, 0, 2)).toEqual({ value: 2 })
  })

  it('follows row deletes: ranges shrink and references to a deleted row become #REFERENS!', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 5, 2)
    put(wb, s, { A1: 1, A2: 2, A3: 4, A4: '=SUM(A1:A3)', B1: '=A3*10' })
    const mirror = mirrorOf(wb)
    const total = idsAt(wb, s, 3, 0)
    const b1 = idsAt(wb, s, 0, 1)
    deleteRows(wb, s, 2, 1)
    expect(mirror.getValue(s, total.rowId, total.colId)).toEqual({ value: 3 })
    expect(mirror.getValue(s, b1.rowId, b1.colId)).toMatchObject({ value: null, error: { type: 'REF', display: '#REFERENS!' } })
    deleteColumns(wb, s, 1, 1)
    expect(mirror.getSheetValues(s)[0]).toHaveLength(1)
  })

  it('follows sheet adds and renames across sheet references', () => {
    const wb = createWorkbook()
    const budget = addGridSheet(wb, 'Budget', 2, 1)
    put(wb, budget, { A1: 7 })
    const mirror = mirrorOf(wb)
    const rsu = addGridSheet(wb, 'RSU', 2, 1)
    put(wb, rsu, { A1: "='Budget'!A1*3" })
    expect(valueAt(mirror, wb, rsu, 0, 0)).toEqual({ value: 21 })
    renameSheet(wb, budget, 'Budget 2024')
    put(wb, budget, { A1: 8 })
    expect(valueAt(mirror, wb, rsu, 0, 0)).toEqual({ value: 24 })
    // Names can be swapped in one transaction without the engine seeing a clash.
    wb.doc.transact(() => {
      renameSheet(wb, budget, 'Tmp')
      renameSheet(wb, rsu, 'Budget 2024')
      renameSheet(wb, budget, 'RSU')
    })
    put(wb, budget, { A1: 9 })
    expect(valueAt(mirror, wb, rsu, 0, 0)).toEqual({ value: 27 })
  })

  it('[FM2] follows a sheet added together with edits elsewhere in one transaction', () => {
    const wb = createWorkbook()
    const a = addGridSheet(wb, 'A', 2, 1)
    const mirror = mirrorOf(wb)
    let b = ''
    wb.doc.transact(() => {
      insertRows(wb, a, 0, 1)
      put(wb, a, { A1: 3 })
      b = addSheet(wb, { name: 'B', kind: 'generic', columns: [NUMBER_COLUMN] })
      insertRows(wb, b, 0, 1)
      put(wb, b, { A1: "='A'!A1+1" })
    })
    expect(valueAt(mirror, wb, b, 0, 0)).toEqual({ value: 4 })
    expect(mirror.getSheetValues(a)).toHaveLength(3)
  })

  it('follows remote updates and Swedish input', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 3, 1)
    const remote = openWorkbook(new Y.Doc())
    Y.applyUpdate(remote.doc, Y.encodeStateAsUpdate(wb.doc))
    const mirror = mirrorOf(remote)
    const ids = idsAt(wb, s, 2, 0)
    setCellFromText(wb, s, ids.rowId, ids.colId, '=RSUBIDRAG(170;147,0)', 'sv-SE')
    Y.applyUpdate(remote.doc, Y.encodeStateAsUpdate(wb.doc))
    expect(mirror.getValue(s, ids.rowId, ids.colId)).toEqual({ value: 24_990 })
  })

  it('[FM3] never writes into the doc', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 2, 1)
    put(wb, s, { A1: 1, A2: '=A1+1' })
    let writes = 0
    wb.doc.on('update', () => writes++)
    const mirror = mirrorOf(wb)
    mirror.getSheetValues(s)
    expect(writes).toBe(0)
    put(wb, s, { A1: 2 })
    expect(writes).toBe(1)
  })

  it('[FM4] stops following after destroy and throws on use', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 1, 1)
    const mirror = createWorkbookMirror(wb)
    mirror.destroy()
    put(wb, s, { A1: 1 })
    expect(() => mirror.getSheetValues(s)).toThrow('destroyed')
  })

  it('[FM4] returns empty values for unknown ids', () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 1, 1)
    const mirror = mirrorOf(wb)
    expect(mirror.getValue('nope', 'r', 'c')).toEqual({ value: null })
    expect(mirror.getValue(s, 'r', 'c')).toEqual({ value: null })
    expect(mirror.getSheetValues('nope')).toEqual([])
  })
})
