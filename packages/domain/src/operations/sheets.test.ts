import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { readChartData } from '../charts/chart-data'
import { listCharts } from '../charts/charts'
import { IndexOutOfRangeError, InvalidSheetNameError } from '../errors'
import { renderInput } from '../input/text'
import { findSheetByName, getCellInput, getCellNote, getSheetGrid, listSheets } from '../model/read'
import { undoScope } from '../model/undo-scope'
import { isFormula, openWorkbook, sheetRoots, type SheetId, type Workbook } from '../model/workbook'
import { observeWorkbook } from '../observe'
import { Origin } from '../origin'
import type { ColumnSpec } from '../schema/sheet'
import { vp2024Template } from '../templates/vp2024'
import { setCellFromText } from './cells'
import { addSheet, checkSheetName, deleteSheet, duplicateSheet, moveSheet, nextSheetName, renameSheet } from './sheets'
import { deleteRows, insertRows } from './structure'
import { applyTemplate } from './template'

const NUM: ColumnSpec = { label: 'Tal', type: 'number', editable: 'ekonom' }

function vp(): Workbook {
  const wb = openWorkbook(new Y.Doc())
  applyTemplate(wb, vp2024Template)
  return wb
}

const names = (wb: Workbook) => listSheets(wb).map((s) => s.name)
const idOf = (wb: Workbook, name: string): SheetId => {
  const sheet = findSheetByName(wb, name)
  if (!sheet) throw new Error(`no sheet ${name}`)
  return sheet.id
}

/** Every cell of a sheet as the grid shows it (sv-SE input text), by position. */
function shown(wb: Workbook, sheetId: SheetId): string[][] {
  const g = getSheetGrid(wb, sheetId)
  return g.rowIds.map((r) => g.colIds.map((c) => renderInput(wb, sheetId, getCellInput(wb, sheetId, r, c), 'sv-SE')))
}

/** The web client's undo: a Y.UndoManager on `undoScope`, widened when sheets change. */
function undoOf(wb: Workbook) {
  const manager = new Y.UndoManager(undoScope(wb), { trackedOrigins: new Set([Origin.LocalEdit]), captureTimeout: 0 })
  observeWorkbook(wb, (change) => {
    if (change.sheetsChanged) manager.addToScope(undoScope(wb))
  })
  return manager
}

describe('sheet names', () => {
  it('[S1] refuses empty, too long, forbidden characters and taken names, with the reason', () => {
    const wb = vp()
    const reason = (name: string) => {
      try {
        checkSheetName(wb, name)
        return null
      } catch (e) {
        return e instanceof InvalidSheetNameError ? e.reason : 'other'
      }
    }
    expect(reason('  ')).toBe('empty')
    expect(reason('x'.repeat(32))).toBe('too-long')
    expect(reason('a/b')).toBe('forbidden-character')
    expect(reason("'Budget")).toBe('forbidden-character')
    expect(reason('budget')).toBe('taken')
    expect(reason('x'.repeat(31))).toBeNull()
    expect(() => renameSheet(wb, idOf(wb, 'Volym'), 'Budget')).toThrow(InvalidSheetNameError)
  })

  it('[S2] a new sheet is named Blad 1, Blad 2, … (the first free number)', () => {
    const wb = vp()
    expect(nextSheetName(wb, 'Blad')).toBe('Blad 1')
    addSheet(wb, { name: 'Blad 2', kind: 'generic', columns: [NUM] })
    expect(nextSheetName(wb, 'Blad')).toBe('Blad 1')
    addSheet(wb, { name: 'blad 1', kind: 'generic', columns: [NUM] })
    expect(nextSheetName(wb, 'Blad')).toBe('Blad 3')
  })

  it('[S3] a rename keeps formulas elsewhere pointing at the sheet', () => {
    const wb = vp()
    const vo = idOf(wb, 'Verksamhetsområden')
    const before = shown(wb, vo)
      .flat()
      .filter((t) => t.includes("'Budget'!"))
    expect(before.length).toBeGreaterThan(0)
    renameSheet(wb, idOf(wb, 'Budget'), 'Ram')
    const after = shown(wb, vo)
      .flat()
      .filter((t) => t.includes("'Ram'!"))
    expect(after).toEqual(before.map((t) => t.replaceAll("'Budget'!", "'Ram'!")))
  })
})

describe('moveSheet', () => {
  it('[S4] moves a tab to the index it has afterwards, and refuses an index outside the tabs', () => {
    const wb = vp()
    const start = names(wb)
    moveSheet(wb, idOf(wb, start[0]!), 2)
    expect(names(wb)).toEqual([start[1], start[2], start[0], ...start.slice(3)])
    moveSheet(wb, idOf(wb, start[0]!), 0)
    expect(names(wb)).toEqual(start)
    const last = start.length - 1
    moveSheet(wb, idOf(wb, start[1]!), last)
    expect(names(wb).at(-1)).toBe(start[1])
    expect(() => moveSheet(wb, idOf(wb, start[1]!), start.length)).toThrow(IndexOutOfRangeError)
  })

  it('[S4] two people moving one sheet at once: it shows once, at its first place, and a delete removes it whole', () => {
    const a = vp()
    const b = openWorkbook(new Y.Doc())
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc))
    const start = names(a)
    const budget = idOf(a, 'Budget')
    moveSheet(a, budget, 2)
    moveSheet(b, budget, 4)
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc))
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc))
    expect(names(a)).toEqual(names(b))
    expect(names(a).filter((n) => n === 'Budget')).toHaveLength(1)
    expect(names(a)).toHaveLength(start.length)
    moveSheet(a, budget, 0)
    expect(
      sheetRoots(a, budget) &&
        a.doc
          .getArray('sheets')
          .toArray()
          .filter((id) => id === budget),
    ).toHaveLength(1)
    moveSheet(b, budget, 1)
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc))
    deleteSheet(a, budget)
    expect(names(a)).not.toContain('Budget')
    expect(a.doc.getArray('sheets').toArray()).not.toContain(budget)
  })
  it('[S4][S6] a move concurrent with a deletion of the same sheet does not bring it back', () => {
    const a = vp()
    const b = openWorkbook(new Y.Doc())
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc))
    const start = names(a)
    const volym = idOf(a, 'Volym')
    deleteSheet(a, volym)
    moveSheet(b, volym, 0)
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc))
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc))
    const expected = start.filter((n) => n !== 'Volym')
    expect(names(a)).toEqual(expected)
    expect(names(b)).toEqual(expected)
    expect(() => moveSheet(a, idOf(a, 'Budget'), expected.length - 1)).not.toThrow()
    expect(names(a).at(-1)).toBe('Budget')
  })
})

describe('duplicateSheet', () => {
  it('[S5] copies columns, specs, rows, cells and notes after the source, named like Excel', () => {
    const wb = vp()
    const budget = idOf(wb, 'Budget')
    const copy = duplicateSheet(wb, budget)
    expect(names(wb)[names(wb).indexOf('Budget') + 1]).toBe('Budget (2)')
    const src = getSheetGrid(wb, budget)
    const dup = getSheetGrid(wb, copy)
    expect(dup.columns).toEqual(src.columns)
    expect(dup.rows).toEqual(src.rows)
    expect(dup.sheet).toMatchObject({ kind: src.sheet.kind, frozenRows: src.sheet.frozenRows })
    const srcIds = new Set([...src.rowIds, ...src.colIds])
    expect([...dup.rowIds, ...dup.colIds].filter((id) => srcIds.has(id))).toEqual([])
    expect(shown(wb, copy)).toEqual(shown(wb, budget))
    const notes = (id: SheetId) => {
      const g = getSheetGrid(wb, id)
      return g.rowIds.flatMap((r) => g.colIds.map((c) => getCellNote(wb, id, r, c) ?? ''))
    }
    expect(notes(copy)).toEqual(notes(budget))
    expect(notes(copy).some((n) => n !== '')).toBe(true)
    expect(names(wb)).toContain('Budget (2)')
    duplicateSheet(wb, budget)
    duplicateSheet(wb, copy)
    expect(names(wb).filter((n) => n.startsWith('Budget'))).toEqual(['Budget', 'Budget (3)', 'Budget (2)', 'Budget (4)'])
  })

  it('[S5] formulas of the copy refer to the copy (also when they name the source); formulas elsewhere keep the source', () => {
    const wb = vp()
    const budget = idOf(wb, 'Budget')
    const g = getSheetGrid(wb, budget)
    const firstRow = g.rowIds[0]
    setCellFromText(wb, budget, firstRow!, g.colIds[3]!, '=Budget!B2+SUMMA(B2:C3)', 'sv-SE')
    const vo = idOf(wb, 'Verksamhetsområden')
    const voBefore = shown(wb, vo)
    const copy = duplicateSheet(wb, budget)
    const d = getSheetGrid(wb, copy)
    expect(renderInput(wb, copy, getCellInput(wb, copy, d.rowIds[0]!, d.colIds[3]!), 'sv-SE')).toBe("='Budget (2)'!B2+SUMMA(B2:C3)")
    const stored = d.rowIds.flatMap((r) => d.colIds.map((c) => getCellInput(wb, copy, r, c))).filter(isFormula)
    expect(stored.length).toBeGreaterThan(3)
    for (const f of stored) {
      for (const id of [...g.rowIds, ...g.colIds, budget]) expect(f).not.toContain(id)
    }
    // A change to the copy's rows leaves the source's formulas alone, and the other way round.
    const budgetBefore = shown(wb, budget)
    deleteRows(wb, copy, 1, 1)
    expect(shown(wb, budget)).toEqual(budgetBefore)
    expect(shown(wb, vo)).toEqual(voBefore)
    expect(voBefore.flat().join()).toContain("'Budget'!")
  })

  it('[S5] copies tombs, so a range whose corner row was deleted reads the same in the copy', () => {
    const wb = openWorkbook(new Y.Doc())
    const s = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM] })
    const rows = insertRows(wb, s, 0, 5)
    const col = getSheetGrid(wb, s).colIds[0]!
    setCellFromText(wb, s, rows[4]!, col, '=SUMMA(A1:A3)', 'sv-SE')
    deleteRows(wb, s, 0, 1)
    const copy = duplicateSheet(wb, s)
    const formulaIn = (id: SheetId) =>
      shown(wb, id)
        .flat()
        .find((t) => t.startsWith('='))
    expect(formulaIn(s)).toBe('=SUMMA(A1:A2)')
    expect(formulaIn(copy)).toBe('=SUMMA(A1:A2)')
  })
  it("[S5] copies the sheet's charts onto the copy, over the copy's own rows and columns", () => {
    const wb = vp()
    const volym = idOf(wb, 'Volym')
    const [chart] = listCharts(wb, volym)
    expect(chart).toBeDefined()
    const copy = duplicateSheet(wb, volym)
    const copied = listCharts(wb, copy)
    expect(copied).toHaveLength(1)
    const inCopy = copied[0]!
    expect(inCopy.id).not.toBe(chart!.id)
    expect(inCopy.title).toBe(chart!.title)
    const copyGrid = getSheetGrid(wb, copy)
    expect(copyGrid.rowIds).toContain(inCopy.range.firstRow)
    expect(copyGrid.colIds).toContain(inCopy.range.lastCol)
    // Same stored inputs at the same positions, so a reader of stored inputs sees the same series.
    const inputAt = (sheet: SheetId) => (rowId: string, colId: string) => {
      const input = getCellInput(wb, sheet, rowId, colId)
      return typeof input === 'number' || typeof input === 'string' ? input : null
    }
    const strip = ({ chartId: _id, ...rest }: ReturnType<typeof readChartData>) => rest
    expect(strip(readChartData(wb, copy, inCopy, inputAt(copy)))).toEqual(strip(readChartData(wb, volym, chart!, inputAt(volym))))
    // The source keeps its own chart, unchanged.
    expect(listCharts(wb, volym)).toEqual([chart])
  })
})

describe('undo of sheet changes (Y.UndoManager on undoScope)', () => {
  it('[S6] undoing a delete brings the sheet back in its place with rows, cells, formulas and specs, and references to it work again', () => {
    const wb = vp()
    const undo = undoOf(wb)
    const budget = idOf(wb, 'Budget')
    const vo = idOf(wb, 'Verksamhetsområden')
    const before = { names: names(wb), grid: getSheetGrid(wb, budget), cells: shown(wb, budget), vo: shown(wb, vo) }
    deleteSheet(wb, budget)
    expect(names(wb)).not.toContain('Budget')
    expect(shown(wb, vo).flat().join()).toContain('#REFERENS!')
    undo.undo()
    expect(names(wb)).toEqual(before.names)
    expect(getSheetGrid(wb, budget)).toEqual(before.grid)
    expect(shown(wb, budget)).toEqual(before.cells)
    expect(shown(wb, vo)).toEqual(before.vo)
  })

  it('[S6] a sheet added or duplicated after undo started is tracked too: delete, undo, and undo of the add', () => {
    const wb = vp()
    const undo = undoOf(wb)
    const start = names(wb)
    const copy = duplicateSheet(wb, idOf(wb, 'Budget'))
    const cells = shown(wb, copy)
    deleteSheet(wb, copy)
    undo.undo()
    expect(shown(wb, copy)).toEqual(cells)
    undo.undo()
    expect(names(wb)).toEqual(start)
    expect(Object.keys(sheetRoots(wb, copy).cells.toJSON())).toHaveLength(0)
    const added = addSheet(wb, { name: nextSheetName(wb, 'Blad'), kind: 'generic', columns: [NUM] })
    moveSheet(wb, added, 0)
    undo.undo()
    expect(names(wb).at(-1)).toBe('Blad 1')
    undo.undo()
    expect(names(wb)).toEqual(start)
  })
})
