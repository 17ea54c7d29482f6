import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { formulaFromA1, toEngineFormula } from '../input/text'
import { findSheetByName, getCellInput, getSheetGrid, listSheets } from '../model/read'
import { undoScope } from '../model/undo-scope'
import { isFormula, openWorkbook, type CellInput, type SheetId, type Workbook } from '../model/workbook'
import { setCells } from '../operations/cells'
import { addSheet } from '../operations/sheets'
import { insertRows } from '../operations/structure'
import { applyTemplate } from '../operations/template'
import { initWorkbook, setWorkbookStatus } from '../operations/workbook-info'
import { Origin } from '../origin'
import type { ColumnSpec, RowKind } from '../schema/sheet'
import { vp2024Template } from '../templates/vp2024'
import { ImportPlanOutdatedError } from '../errors'
import { applyImportPlan } from './apply'
import { ImportPlan, type ImportCell, type ImportFile, type ImportFileSheet } from './import-plan'
import { planImport } from './plan'

const EKONOM = { role: 'ekonom', omrade: null } as const
const LABEL: ColumnSpec = { label: 'Mnkr', type: 'text', editable: 'locked' }
const NUM = (label: string, editable: ColumnSpec['editable'] = 'ekonom'): ColumnSpec => ({ label, type: 'number', unit: 'mnkr', editable })

/** A sheet from rows of A1 content (formulas in English A1); the first row is its header. */
function sheetOf(wb: Workbook, name: string, columns: ColumnSpec[], rows: CellInput[][], kinds: RowKind[] = []): SheetId {
  const id = addSheet(wb, { name, kind: 'budget', columns, frozenRows: 1 })
  insertRows(
    wb,
    id,
    0,
    rows.length,
    rows.map((_r, i) => ({ kind: i === 0 ? 'header' : (kinds[i] ?? 'data') })),
  )
  const grid = getSheetGrid(wb, id)
  rows.forEach((row, r) =>
    row.forEach((input, c) => {
      if (input === null) return
      const stored = isFormula(input) ? formulaFromA1(wb, id, input) : input
      setCells(wb, id, [{ rowId: grid.rowIds[r]!, colId: grid.colIds[c]!, input: stored }])
    }),
  )
  return id
}

function emptyWorkbook(): Workbook {
  const wb = openWorkbook(new Y.Doc())
  initWorkbook(wb, { title: 'Prov' })
  return wb
}

/** A file sheet as our xlsx export writes a sheet: every cell, formulas as English A1. */
function exportedSheet(wb: Workbook, sheetId: SheetId): ImportFileSheet {
  const grid = getSheetGrid(wb, sheetId)
  const rows = grid.rowIds.map((rowId) =>
    grid.colIds.map((colId): ImportCell => {
      const input = getCellInput(wb, sheetId, rowId, colId) ?? null
      return isFormula(input) ? { formula: toEngineFormula(wb, sheetId, input) } : input
    }),
  )
  return { name: grid.sheet.name, rows, columns: grid.columns, rowKinds: grid.rows.map((r) => r.kind), frozenRows: grid.sheet.frozenRows }
}

const exportedFile = (wb: Workbook): ImportFile => ({ sheets: listSheets(wb).map((s) => exportedSheet(wb, s.id)) })

const fileSheet = (name: string, rows: ImportCell[][]): ImportFileSheet => ({
  name,
  rows,
  columns: rows[0]!.map((_c, i) => (i === 0 ? LABEL : NUM(String(rows[0]![i])))),
  rowKinds: rows.map((_r, i) => (i === 0 ? 'header' : 'data')),
  frozenRows: 1,
})

function budget(): { wb: Workbook; id: SheetId } {
  const wb = emptyWorkbook()
  const id = sheetOf(
    wb,
    'Budget',
    [LABEL, NUM('Budget 2023'), NUM('Budget 2024'), NUM('Förändring', 'locked')],
    [
      ['Driftsbudget, mnkr', 'Budget 2023', 'Budget 2024', 'Förändring'],
      ['Kostnader', 100, 110, '=C2-B2'],
      ['Intäkter', 20, 25, '=C3-B3'],
      ['Summa', '=SUM(B2:B3)', '=SUM(C2:C3)', '=C4-B4'],
    ],
    ['header', 'data', 'data', 'summa'],
  )
  return { wb, id }
}

const engineAt = (wb: Workbook, id: SheetId, row: number, col: number) => {
  const grid = getSheetGrid(wb, id)
  const input = getCellInput(wb, id, grid.rowIds[row]!, grid.colIds[col]!) ?? null
  return isFormula(input) ? toEngineFormula(wb, id, input) : input
}

describe('xlsx import plan', () => {
  it("[IM5] the workbook's own export (VP 2024, every sheet) plans no change at all", () => {
    const wb = openWorkbook(new Y.Doc())
    applyTemplate(wb, vp2024Template)
    const plan = planImport(wb, exportedFile(wb), { actor: EKONOM })
    expect(plan.totals).toEqual({ cellsChanged: 0, rowsAdded: 0, sheetsAdded: 0, locked: 0 })
    expect(plan.sheets.map((s) => s.target.kind)).toEqual(listSheets(wb).map(() => 'sheet'))
    expect(plan.sheets.flatMap((s) => s.skippedColumns)).toEqual([])
    expect(ImportPlan.parse(plan)).toEqual(plan)
  })

  it('[IM1] a file sheet goes to the sheet of its name; others only where the user sends them, "new" makes a free name', () => {
    const { wb, id } = budget()
    const file: ImportFile = {
      sheets: [
        exportedSheet(wb, id),
        fileSheet('Okänt', [
          ['Rad', 'Tal'],
          ['Ett', 1],
        ]),
        { ...exportedSheet(wb, id), name: 'budget' },
      ],
    }
    const byDefault = planImport(wb, file, { actor: EKONOM })
    expect(byDefault.sheets.map((s) => s.target)).toEqual([
      { kind: 'sheet', sheetId: id, name: 'Budget', layout: expect.any(String) },
      { kind: 'skip' },
      // The second file sheet for the same workbook sheet would overwrite the first.
      { kind: 'skip' },
    ])
    const chosen = planImport(wb, file, { actor: EKONOM, targets: { '0': 'skip', '1': 'new', '2': 'new' } })
    expect(chosen.sheets.map((s) => s.target.kind === 'new' && s.target.name)).toEqual([false, 'Okänt', 'budget (2)'])
    expect(chosen.totals).toMatchObject({ sheetsAdded: 2, rowsAdded: 6 })
    expect(() => planImport(wb, file, { actor: EKONOM, targets: { '0': 'no-such-sheet' } })).toThrow(/no-such-sheet/)
  })

  it('[IM2] rows match by label, equal labels by their order, wherever they stand in the file', () => {
    const wb = emptyWorkbook()
    const id = sheetOf(
      wb,
      'Skolor',
      [LABEL, NUM('Elever')],
      [
        ['Skola', 'Elever'],
        ['Ekskolan', 100],
        ['Ekskolan', 200],
        ['Björkskolan', 300],
      ],
    )
    const plan = planImport(
      wb,
      {
        sheets: [
          fileSheet('Skolor', [
            ['Skola', 'Elever'],
            ['Björkskolan', 300],
            ['Ekskolan', 100],
            ['Ekskolan', 250],
          ]),
        ],
      },
      { actor: EKONOM },
    )
    const grid = getSheetGrid(wb, id)
    expect(plan.sheets[0]!.changes).toEqual([
      expect.objectContaining({
        rowId: grid.rowIds[2],
        row: 3,
        rowLabel: 'Ekskolan',
        column: 'Elever',
        old: 200,
        new: 250,
        write: 250,
        locked: false,
      }),
    ])
    expect(plan.totals).toMatchObject({ cellsChanged: 1, rowsAdded: 0 })
  })

  it('[IM3] columns match by header text; a column the sheet lacks is listed and skipped', () => {
    const { wb, id } = budget()
    const plan = planImport(
      wb,
      {
        sheets: [
          fileSheet('Budget', [
            ['Driftsbudget, mnkr', 'Kommentar', 'Budget 2024', 'Budget 2023'],
            ['Kostnader', 'dyrt', 111, 100],
            ['Intäkter', null, 25, 21],
          ]),
        ],
      },
      { actor: EKONOM },
    )
    const sheet = plan.sheets[0]!
    expect(sheet.skippedColumns).toEqual(['Kommentar'])
    expect(sheet.changes.map((c) => [c.rowLabel, c.column, c.old, c.new])).toEqual([
      ['Kostnader', 'Budget 2024', 110, 111],
      ['Intäkter', 'Budget 2023', 20, 21],
    ])
    // Rows missing from the file (Summa) are left alone.
    applyImportPlan(wb, plan)
    expect([engineAt(wb, id, 1, 2), engineAt(wb, id, 2, 1), engineAt(wb, id, 3, 1)]).toEqual([111, 21, '=SUM(B2:B3)'])
  })

  it('[IM4] formulas compare at the positions after the import: a range Excel widened over an added row is no change', () => {
    const { wb, id } = budget()
    const file = fileSheet('Budget', [
      ['Driftsbudget, mnkr', 'Budget 2023', 'Budget 2024', 'Förändring'],
      ['Kostnader', 100, 110, { formula: '=C2-B2' }],
      ['Övrigt', 5, 6, null],
      ['Intäkter', 20, 25, { formula: '=C4-B4' }],
      ['Summa', { formula: '=SUM(B2:B4)' }, { formula: '=SUM(C2:C4)*2' }, { formula: '=C5-B5' }],
    ])
    const plan = planImport(wb, { sheets: [file] }, { actor: EKONOM })
    const sheet = plan.sheets[0]!
    expect(sheet.addedRows).toEqual([
      expect.objectContaining({ afterRowId: getSheetGrid(wb, id).rowIds[1], label: 'Övrigt', cells: expect.any(Array) }),
    ])
    expect(sheet.changes.map((c) => [c.rowLabel, c.column, c.old, c.new, c.write])).toEqual([
      ['Summa', 'Budget 2024', '=SUM(C2:C3)', '=SUM(C2:C4)*2', '=SUM(C2:C4)*2'],
    ])
    expect(plan.totals).toEqual({ cellsChanged: 1, rowsAdded: 1, sheetsAdded: 0, locked: 0 })
    applyImportPlan(wb, plan)
    expect(getSheetGrid(wb, id).rowIds).toHaveLength(5)
    expect([engineAt(wb, id, 2, 0), engineAt(wb, id, 2, 1), engineAt(wb, id, 4, 1), engineAt(wb, id, 4, 2)]).toEqual([
      'Övrigt',
      5,
      '=SUM(B2:B4)',
      '=SUM(C2:C4)*2',
    ])
    expect(planImport(wb, { sheets: [file] }, { actor: EKONOM }).totals).toMatchObject({ cellsChanged: 0, rowsAdded: 0 })
  })

  it("[IM4] references to another sheet of the file follow that sheet's added rows", () => {
    const wb = emptyWorkbook()
    sheetOf(
      wb,
      'Data',
      [LABEL, NUM('Tal')],
      [
        ['Rad', 'Tal'],
        ['A', 1],
        ['B', 2],
      ],
    )
    const ref = sheetOf(
      wb,
      'Ref',
      [LABEL, NUM('Tal')],
      [
        ['Rad', 'Tal'],
        ['Summa', "=SUM('Data'!B2:B3)"],
      ],
    )
    const plan = planImport(
      wb,
      {
        sheets: [
          fileSheet('Data', [
            ['Rad', 'Tal'],
            ['Ny', 7],
            ['A', 1],
            ['B', 2],
          ]),
          fileSheet('Ref', [
            ['Rad', 'Tal'],
            ['Summa', { formula: '=SUM(Data!B2:B4)' }],
          ]),
        ],
      },
      { actor: EKONOM },
    )
    // Data gets a row before A, so the total's range now starts one row higher: a real change.
    expect(plan.sheets[1]!.changes.map((c) => c.write)).toEqual(["=SUM('Data'!B2:B4)"])
    applyImportPlan(wb, plan)
    expect(engineAt(wb, ref, 1, 1)).toBe("=SUM('Data'!B2:B4)")
  })

  it('[IM5] the exported form of a formula counts as the same formula', () => {
    const { wb } = budget()
    const file = fileSheet('Budget', [
      ['Driftsbudget, mnkr', 'Budget 2023', 'Budget 2024', 'Förändring'],
      ['Kostnader', 100, 110, { formula: '=C2-B2' }],
      ['Intäkter', 20, 25, { formula: '=C3-B3' }],
      ['Summa', { formula: '=_XLFN.SUM(B2:B3)' }, { formula: '= sum( C2:C3 )' }, { formula: '=C4-B4' }],
    ])
    const exportedFormula = (engine: string) => engine.replace('SUM', '_XLFN.SUM')
    expect(planImport(wb, { sheets: [file] }, { actor: EKONOM, exportedFormula }).totals.cellsChanged).toBe(0)
    expect(planImport(wb, { sheets: [file] }, { actor: EKONOM }).totals.cellsChanged).toBe(1)
  })

  it('[IM7] cells the user may not change are marked locked and never written; rows need the structure right', () => {
    const { wb, id } = budget()
    const file = fileSheet('Budget', [
      ['Driftsbudget, mnkr', 'Budget 2023', 'Budget 2024', 'Förändring'],
      ['Kostnader', 100, 120, 99],
      ['Nytt', 1, 2, 3],
    ])
    const plan = planImport(wb, { sheets: [file] }, { actor: EKONOM })
    expect(plan.sheets[0]!.changes.map((c) => [c.column, c.locked])).toEqual([
      ['Budget 2024', false],
      ['Förändring', true],
    ])
    // The label of a row people add is theirs to write (R3); the locked Förändring column is not.
    expect(plan.sheets[0]!.addedRows[0]!.cells.map((c) => [c.col, c.locked])).toEqual([
      [0, false],
      [1, false],
      [2, false],
      [3, true],
    ])
    expect(plan.totals).toEqual({ cellsChanged: 1, rowsAdded: 1, sheetsAdded: 0, locked: 2 })
    applyImportPlan(wb, plan)
    expect([engineAt(wb, id, 1, 2), engineAt(wb, id, 1, 3), engineAt(wb, id, 2, 0), engineAt(wb, id, 2, 3)]).toEqual([
      120,
      '=C2-B2',
      'Nytt',
      null,
    ])

    const chef = planImport(wb, { sheets: [file] }, { actor: { role: 'omradeschef', omrade: 'Område 1' } })
    expect(chef.totals).toMatchObject({ cellsChanged: 0, rowsAdded: 0 })
    setWorkbookStatus(wb, 'inskickad')
    expect(planImport(wb, { sheets: [file] }, { actor: EKONOM }).sheets[0]!.rowsLocked).toBe(true)
  })

  it('[IM8] applying is one transaction with the given origin: one undo takes all of it back', () => {
    const { wb, id } = budget()
    const before = getSheetGrid(wb, id).rowIds.map((_r, r) => [0, 1, 2, 3].map((c) => engineAt(wb, id, r, c)))
    const undo = new Y.UndoManager(undoScope(wb), { trackedOrigins: new Set([Origin.LocalEdit]) })
    const file = fileSheet('Budget', [
      ['Driftsbudget, mnkr', 'Budget 2023', 'Budget 2024', 'Förändring'],
      ['Kostnader', 101, 111, { formula: '=C2-B2' }],
      ['Intäkter', 20, 26, { formula: '=C3-B3' }],
      ['Summa', { formula: '=SUM(B2:B3)' }, { formula: '=SUM(C2:C3)' }, { formula: '=C4-B4' }],
      ['Nytt', 1, 2, null],
    ])
    const plan = planImport(wb, { sheets: [file] }, { actor: EKONOM })
    expect(plan.totals).toMatchObject({ cellsChanged: 3, rowsAdded: 1 })
    let transactions = 0
    wb.doc.on('afterTransaction', () => transactions++)
    expect(applyImportPlan(wb, plan)).toEqual({ cells: 6, rows: 1, sheets: 0 })
    expect(transactions).toBe(1)
    expect(engineAt(wb, id, 4, 0)).toBe('Nytt')
    undo.undo()
    expect(getSheetGrid(wb, id).rowIds.map((_r, r) => [0, 1, 2, 3].map((c) => engineAt(wb, id, r, c)))).toEqual(before)
    expect(findSheetByName(wb, 'Budget (2)')).toBeUndefined()
  })

  it('[IM8] a plan whose sheet has moved rows since the preview is refused whole, nothing written', () => {
    const { wb, id } = budget()
    const file = fileSheet('Budget', [
      ['Driftsbudget, mnkr', 'Budget 2023', 'Budget 2024', 'Förändring'],
      ['Kostnader', 100, 120, { formula: '=C2-B2' }],
    ])
    const plan = planImport(wb, { sheets: [file] }, { actor: EKONOM })
    insertRows(wb, id, 1, 1)
    let transactions = 0
    wb.doc.on('afterTransaction', () => transactions++)
    expect(() => applyImportPlan(wb, plan)).toThrow(ImportPlanOutdatedError)
    expect(transactions).toBe(0)
    expect(engineAt(wb, id, 2, 2)).toBe(110)
    expect(applyImportPlan(wb, planImport(wb, { sheets: [file] }, { actor: EKONOM }))).toMatchObject({ cells: 1 })
    expect(engineAt(wb, id, 2, 2)).toBe(120)
  })

  it('[IM9] a copy as a new sheet is followed by the other new sheets only, never by sheets imported in place', () => {
    const wb = emptyWorkbook()
    sheetOf(
      wb,
      'Data',
      [LABEL, NUM('Tal')],
      [
        ['Rad', 'Tal'],
        ['A', 1],
        ['B', 2],
      ],
    )
    sheetOf(
      wb,
      'Ref',
      [LABEL, NUM('Tal')],
      [
        ['Rad', 'Tal'],
        ['Summa', "=SUM('Data'!B2:B3)"],
      ],
    )
    const file: ImportFile = {
      sheets: [
        fileSheet('Data', [
          ['Rad', 'Tal'],
          ['A', 1],
          ['B', 2],
        ]),
        fileSheet('Ref', [
          ['Rad', 'Tal'],
          ['Summa', { formula: '=SUM(Data!B2:B3)' }],
        ]),
      ],
    }
    const dataAsNew = planImport(wb, file, { actor: EKONOM, targets: { '0': 'new' } })
    expect(dataAsNew.totals).toEqual({ cellsChanged: 0, rowsAdded: 3, sheetsAdded: 1, locked: 0 })
    const bothNew = planImport(wb, file, { actor: EKONOM, targets: { '0': 'new', '1': 'new' } })
    applyImportPlan(wb, bothNew)
    const copy = findSheetByName(wb, 'Ref (2)')!
    expect(engineAt(wb, copy.id, 1, 1)).toBe("=SUM('Data (2)'!B2:B3)")
  })

  it('[IM9] a new sheet takes the file sheet whole, with its columns and references', () => {
    const { wb } = budget()
    const plan = planImport(
      wb,
      {
        sheets: [
          fileSheet('Budget', [
            ['Rad', 'Tal'],
            ['A', 2],
            [null, null],
            ['Summa', { formula: '=B2*3' }],
          ]),
        ],
      },
      { actor: EKONOM, targets: { '0': 'new' } },
    )
    expect(plan.totals).toEqual({ cellsChanged: 0, rowsAdded: 4, sheetsAdded: 1, locked: 0 })
    expect(applyImportPlan(wb, plan)).toEqual({ cells: 6, rows: 4, sheets: 1 })
    const added = findSheetByName(wb, 'Budget (2)')!
    expect(engineAt(wb, added.id, 3, 1)).toBe('=B2*3')
    expect(getSheetGrid(wb, added.id).rows[0]!.kind).toBe('header')
  })
})
