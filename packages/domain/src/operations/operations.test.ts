import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { IndexOutOfRangeError, InvalidSheetNameError, RowNotFoundError, SheetNotFoundError } from '../errors'
import { findSheetByName, getCellInput, getSheetGrid, getWorkbookInfo, listSheets } from '../model/read'
import { openWorkbook } from '../model/workbook'
import { Origin } from '../origin'
import type { ColumnSpec } from '../schema/sheet'
import { setCellFromText, setCells } from './cells'
import { addSheet, deleteSheet, renameSheet } from './sheets'
import { renderInput } from '../input/text'
import { deleteRows, insertColumns, insertRows, setRowSpec } from './structure'
import { initWorkbook, setWorkbookStatus } from './workbook-info'

const NUM: ColumnSpec = { label: 'Tal', type: 'number', editable: 'ekonom' }

function fresh() {
  const doc = new Y.Doc()
  const wb = openWorkbook(doc)
  const origins: unknown[] = []
  doc.on('afterTransaction', (tr: Y.Transaction) => tr.changed.size > 0 && origins.push(tr.origin))
  return { doc, wb, origins }
}

describe('operations', () => {
  it('[C5] initWorkbook writes title, a fresh epoch and status utkast', () => {
    const { wb } = fresh()
    initWorkbook(wb, { title: 'VP 2024' })
    const first = getWorkbookInfo(wb)
    expect(first).toMatchObject({ title: 'VP 2024', status: 'utkast' })
    initWorkbook(wb, { title: 'VP 2024' })
    expect(getWorkbookInfo(wb).epoch).not.toBe(first.epoch)
    initWorkbook(wb, { title: 'x', epoch: 'given' })
    expect(getWorkbookInfo(wb).epoch).toBe('given')
    setWorkbookStatus(wb, 'beslutad')
    expect(getWorkbookInfo(wb).status).toBe('beslutad')
  })

  it('[C1][C2][C4] the doc holds only named root types with plain-JSON inputs, never computed values', () => {
    const { doc, wb } = fresh()
    initWorkbook(wb, { title: 't' })
    const s = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM, NUM] })
    const [r1, r2] = insertRows(wb, s, 0, 2)
    const [c1, c2] = getSheetGrid(wb, s).colIds
    setCells(wb, s, [{ rowId: r1!, colId: c1!, input: 2 }])
    setCellFromText(wb, s, r2!, c2!, '=A1*2', 'sv-SE')
    deleteRows(wb, s, 0, 1)
    const names = [...doc.share.keys()].sort()
    const allowed = /^(workbook|sheets|(sheet|rows|cols|colspec|rowspec|cells|notes):[0-9A-Za-z]+)$/
    for (const name of names) expect(name).toMatch(allowed)
    const json = doc.toJSON()
    // The formula's value (4, then #REF!) appears nowhere: only its input is stored.
    expect(Object.values(json[`cells:${s}`] as object)).toEqual([expect.stringMatching(/^=\{@/)])
  })

  it('[C7] every operation is one transaction carrying its origin (LocalEdit by default)', () => {
    const { wb, origins } = fresh()
    initWorkbook(wb, { title: 't' }, Origin.Seed)
    const s = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM] }, Origin.Import)
    const rows = insertRows(wb, s, 0, 3)
    const g = getSheetGrid(wb, s)
    setCells(wb, s, [{ rowId: rows[0]!, colId: g.colIds[0]!, input: 1 }, { rowId: rows[1]!, colId: g.colIds[0]!, input: 2 }], Origin.Restore)
    deleteRows(wb, s, 0, 2, Origin.Migration)
    expect(origins).toEqual([Origin.Seed, Origin.Import, Origin.LocalEdit, Origin.Restore, Origin.Migration])
  })

  it('[C6] ids are 10-character base62 and unique', () => {
    const { wb } = fresh()
    const s = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM] })
    const ids = insertRows(wb, s, 0, 500)
    expect(new Set(ids).size).toBe(500)
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{10}$/)
  })

  it('[C2] sheets keep tab order, kind, frozen rows and source', () => {
    const { wb } = fresh()
    const a = addSheet(wb, { name: 'Budget', kind: 'budget', columns: [NUM], frozenRows: 1, source: 'VP 2024 s. 80' })
    const b = addSheet(wb, { name: 'Volym', kind: 'volym', columns: [NUM], index: 0 })
    expect(listSheets(wb).map((s) => s.id)).toEqual([b, a])
    expect(findSheetByName(wb, 'budget')).toEqual({ id: a, name: 'Budget', kind: 'budget', frozenRows: 1, source: 'VP 2024 s. 80' })
  })

  it('[C8] row specs are stored for non-default rows only and read back with defaults', () => {
    const { wb } = fresh()
    const s = addSheet(wb, { name: 'RSU', kind: 'rsu', columns: [NUM] })
    const [r1, r2] = insertRows(wb, s, 0, 2, [{ kind: 'summa' }, { kind: 'data' }])
    setRowSpec(wb, s, r2!, { kind: 'data', omrade: 'Syd' })
    expect(getSheetGrid(wb, s).rows).toEqual([{ kind: 'summa' }, { kind: 'data', omrade: 'Syd' }])
    expect(() => setRowSpec(wb, s, 'nope', { kind: 'data' })).toThrow(RowNotFoundError)
    void r1
  })

  it('throws named errors for misuse', () => {
    const { wb } = fresh()
    const s = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM] })
    expect(() => insertRows(wb, 'missing', 0, 1)).toThrow(SheetNotFoundError)
    expect(() => insertRows(wb, s, 2, 1)).toThrow(IndexOutOfRangeError)
    expect(() => deleteRows(wb, s, 0, 1)).toThrow(IndexOutOfRangeError)
    expect(() => insertColumns(wb, s, -1, [NUM])).toThrow(IndexOutOfRangeError)
    expect(() => addSheet(wb, { name: 'ett', kind: 'generic', columns: [NUM] })).toThrow(InvalidSheetNameError)
    expect(() => addSheet(wb, { name: 'a/b', kind: 'generic', columns: [NUM] })).toThrow(InvalidSheetNameError)
    expect(() => addSheet(wb, { name: 'x'.repeat(32), kind: 'generic', columns: [NUM] })).toThrow(InvalidSheetNameError)
    expect(() => renameSheet(wb, s, '')).toThrow(InvalidSheetNameError)
    renameSheet(wb, s, 'ETT')
    expect(listSheets(wb)[0]!.name).toBe('ETT')
  })

  it('[F5] deleting a sheet empties it and turns references to it into #REF!', () => {
    const { wb } = fresh()
    const a = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM] })
    const b = addSheet(wb, { name: 'Två', kind: 'generic', columns: [NUM] })
    const [ra] = insertRows(wb, a, 0, 1)
    insertRows(wb, b, 0, 1)
    const col = getSheetGrid(wb, a).colIds[0]!
    setCellFromText(wb, a, ra!, col, '=Två!A1+1', 'sv-SE')
    deleteSheet(wb, b)
    expect(listSheets(wb).map((s) => s.id)).toEqual([a])
    expect(renderInput(wb, a, getCellInput(wb, a, ra!, col), 'sv-SE')).toBe('=#REFERENS!+1')
    expect(() => getSheetGrid(wb, b)).toThrow(SheetNotFoundError)
  })

  it('[R3] marks rows inserted without a spec as added, and leaves template specs as given', () => {
    const { wb } = fresh()
    const s = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM] })
    const [mine] = insertRows(wb, s, 0, 1)
    const [summa, plain] = insertRows(wb, s, 0, 2, [{ kind: 'summa' }, { kind: 'data' }])
    const grid = getSheetGrid(wb, s)
    const specOf = (id: string) => grid.rows[grid.rowIds.indexOf(id)]
    expect(specOf(mine!)).toMatchObject({ kind: 'data', added: true })
    expect(specOf(summa!)).toEqual({ kind: 'summa' })
    expect(specOf(plain!)?.added).toBeUndefined()
  })

  it('[I4] text typed into a number column is kept as typed', () => {
    const { wb } = fresh()
    const s = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM] })
    const [row] = insertRows(wb, s, 0, 1)
    const col = getSheetGrid(wb, s).colIds[0]!
    setCellFromText(wb, s, row!, col, 'ca 20 mnkr', 'sv-SE')
    expect(getCellInput(wb, s, row!, col)).toBe('ca 20 mnkr')
    setCellFromText(wb, s, row!, col, '', 'sv-SE')
    expect(getCellInput(wb, s, row!, col)).toBeUndefined()
  })
})
