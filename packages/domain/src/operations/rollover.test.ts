import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { addComment, cellThreads } from '../comments/comments'
import { PlanYearUnknownError, WorkbookNotEmptyError } from '../errors'
import { toEngineFormula } from '../input/text'
import { getCellInput, getCellNote, getSheetGrid, getWorkbookInfo, listSheets } from '../model/read'
import { isFormula, openWorkbook, sheetRoots, type Workbook } from '../model/workbook'
import { vp2024Template } from '../templates/vp2024'
import { planRollOver, rollOver, rollOverDoc, workbookPlanYear, type RollOverOptions } from './rollover'
import { setCellNote, setCells } from './cells'
import { addSheet } from './sheets'
import { deleteRows } from './structure'
import { applyTemplate } from './template'
import { initWorkbook } from './workbook-info'

function vp2024(): Workbook {
  const wb = openWorkbook(new Y.Doc())
  applyTemplate(wb, vp2024Template)
  return wb
}

function rolled(source: Workbook, options: RollOverOptions = { newBudget: 'copy' }): Workbook {
  const target = openWorkbook(new Y.Doc())
  rollOver(source, target, options)
  return target
}

function sheet(wb: Workbook, name: string) {
  const info = listSheets(wb).find((s) => s.name === name)
  if (!info) throw new Error(`no sheet ${name}`)
  return getSheetGrid(wb, info.id)
}

function headers(wb: Workbook, name: string): string[] {
  return sheet(wb, name).columns.map((c) => c.label)
}

function colOf(wb: Workbook, name: string, label: string): string {
  const grid = sheet(wb, name)
  const i = grid.columns.findIndex((c) => c.label === label)
  if (i < 0) throw new Error(`no column ${label} on ${name}`)
  return grid.colIds[i]!
}

const LABEL_ROWS = new Set(['header', 'section', 'note'])

/** Inputs (numbers and texts, not formulas) of a column by row id, outside header, section and note rows. */
function inputsOf(wb: Workbook, name: string, colId: string): Map<string, unknown> {
  const grid = sheet(wb, name)
  const out = new Map<string, unknown>()
  for (const [r, rowId] of grid.rowIds.entries()) {
    if (LABEL_ROWS.has(grid.rows[r]!.kind)) continue
    const input = getCellInput(wb, grid.sheet.id, rowId, colId)
    if (input !== undefined && !isFormula(input)) out.set(rowId, input)
  }
  return out
}

function rowLabelled(wb: Workbook, name: string, label: string): string {
  const grid = sheet(wb, name)
  const rowId = grid.rowIds.find((id) => getCellInput(wb, grid.sheet.id, id, grid.colIds[0]!) === label)
  if (!rowId) throw new Error(`no row ${label} on ${name}`)
  return rowId
}

describe('rollOver', () => {
  it('[RO1] takes the plan year from the latest budget period and plans without writing', () => {
    const source = vp2024()
    expect(workbookPlanYear(source)).toBe(2024)
    const before = Y.encodeStateVector(source.doc)
    const plan = planRollOver(source, { newBudget: 'copy' })
    expect(plan).toMatchObject({ fromYear: 2024, toYear: 2025, title: 'Verksamhetsplan 2025 – Utbildningsnämnden' })
    expect(plan.sheets.map((s) => s.name)).toEqual(listSheets(source).map((s) => s.name))
    expect(Y.encodeStateVector(source.doc)).toEqual(before)
  })

  it('[RO1] refuses a target that has sheets and a source without a dated budget column', () => {
    const source = vp2024()
    expect(() => rollOver(source, vp2024(), { newBudget: 'copy' })).toThrow(WorkbookNotEmptyError)
    const undated = openWorkbook(new Y.Doc())
    initWorkbook(undated, { title: 'Utan år' })
    addSheet(undated, { name: 'Blad', kind: 'generic', columns: [{ label: 'Belopp', type: 'number', editable: 'ekonom' }] })
    expect(() => rollOver(undated, openWorkbook(new Y.Doc()), { newBudget: 'copy' })).toThrow(PlanYearUnknownError)
  })

  it('[RO2] copies every sheet, row, row spec and formula with the same ids', () => {
    const source = vp2024()
    const target = rolled(source)
    expect(listSheets(target)).toEqual(listSheets(source))
    let formulas = 0
    for (const s of listSheets(source)) {
      const a = getSheetGrid(source, s.id)
      const b = getSheetGrid(target, s.id)
      expect(b.rowIds).toEqual(a.rowIds)
      expect(b.colIds).toEqual(a.colIds)
      expect(b.rows).toEqual(a.rows)
      expect(b.columns.map(({ label: _l, period: _p, ...rest }) => rest)).toEqual(a.columns.map(({ label: _l, period: _p, ...rest }) => rest))
      for (const rowId of a.rowIds) {
        for (const colId of a.colIds) {
          const input = getCellInput(source, s.id, rowId, colId)
          if (!isFormula(input)) continue
          formulas++
          expect(getCellInput(target, s.id, rowId, colId)).toBe(input)
          expect(toEngineFormula(target, s.id, input)).toBe(toEngineFormula(source, s.id, input))
        }
      }
    }
    expect(formulas).toBeGreaterThan(100)
  })

  it('[RO2] keeps the tombs of deleted rows, so a shrunk range stays shrunk', () => {
    const source = vp2024()
    const vo = sheet(source, 'Verksamhetsområden')
    deleteRows(source, vo.sheet.id, 1, 1) // the first verksamhetsområde: a corner of Summa drift netto's ranges
    const sumRow = rowLabelled(source, 'Verksamhetsområden', 'Summa drift netto')
    const formula = getCellInput(source, vo.sheet.id, sumRow, vo.colIds[4]!) as string
    const target = rolled(source)
    expect(toEngineFormula(target, vo.sheet.id, formula)).toBe(toEngineFormula(source, vo.sheet.id, formula))
    expect(toEngineFormula(target, vo.sheet.id, formula)).not.toContain('#REF!')
  })

  it('[RO3] moves every dated column on by one year, headers following', () => {
    const target = rolled(vp2024())
    expect(headers(target, 'Budget')).toEqual(['Driftsbudget, mnkr', 'Budget 2024', 'Budget 2025', 'Ökning (+)/ minskning (-)'])
    expect(headers(target, 'Verksamhetsområden')).toEqual([
      'Driftverksamhet, mnkr',
      'Utfall 2023',
      'Budget 2024 (VP)',
      'Prognos oktober 2024',
      'Budget 2025 (VP)',
    ])
    // KF 2024 takes the printed KF 2024 column's figures and header: it is no longer derived.
    expect(headers(target, 'Volym')).toEqual([
      'Antal barn/elever, hemkommun Stockholm',
      'KF 2024',
      'KF 2025',
      'Förändring KF 2025 jfr KF 2024',
      'VP 2025',
      'Förändring VP 2025 jfr KF 2025',
    ])
    expect(headers(target, 'Volym egen regi').slice(1, 4)).toEqual(['VP 2024', 'VP 2025', 'Förändring 2025'])
    expect(headers(target, 'Särskilt stöd').slice(1)).toEqual([
      'Budget 2025',
      'Budget 2024',
      'Antal elever budget 2024',
      'Antal elever okt 2024',
      'Antal elever budget 2025',
      'Förändring 2025',
    ])
    expect(headers(target, 'RSU-parametrar').slice(1, 3)).toEqual(['2024', '2025'])
    expect(headers(target, 'Strukturellt underskott').slice(1)).toEqual([
      'Intäkter 2025',
      'Intäkter 2026',
      'Intäkter 2027',
      'Kostnader 2025',
      'Kostnader 2026',
      'Kostnader 2027',
      'Strukturellt underskott',
      'Beräknat anslag 2025',
      'Anslag 2025',
    ])
    expect(headers(target, 'Skolpeng').slice(1, 6)).toEqual([
      'Förändring skolpeng 2025',
      'Förändring schablon 2025',
      'Skillnad mot schablon',
      'Andel av schablon 2025',
      'Lägsta andel enligt KF',
    ])
    expect(headers(target, 'Indikatorer').slice(3)).toEqual(['Årsmål', 'Enhet', 'KF:s årsmål år 2025', 'KF:s årsmål, text', 'Periodicitet', 'Utfall'])
    for (const s of listSheets(target)) {
      for (const c of getSheetGrid(target, s.id).columns) if (c.period && c.period.kind !== 'avser') expect(c.period.year).toBeGreaterThanOrEqual(2023)
    }
  })

  it('[RO3] shows the new headers in the header row too, whatever newBudget says', () => {
    for (const newBudget of ['copy', 'empty'] as const) {
      const target = rolled(vp2024(), { newBudget })
      for (const s of listSheets(target)) {
        const grid = getSheetGrid(target, s.id)
        expect(grid.rows[0]?.kind).toBe('header')
        const shown = grid.colIds.map((colId) => getCellInput(target, s.id, grid.rowIds[0]!, colId))
        expect(shown, s.name).toEqual(grid.columns.map((c) => c.label))
      }
    }
  })

  it('[P5] keeps avser headers, undated columns, row labels and sheet names as they are', () => {
    const source = vp2024()
    const target = rolled(source, { newBudget: 'empty' })
    expect(headers(target, 'Resultatenheter')).toEqual(headers(source, 'Resultatenheter'))
    expect(headers(target, 'Särskilt stöd belopp')).toEqual(['Belopp per elev 2024', 'Värde', 'Enhet'])
    for (const s of listSheets(source)) {
      const grid = getSheetGrid(source, s.id)
      grid.columns.forEach((c, i) => {
        if (c.period && c.period.kind !== 'avser') return
        const colId = grid.colIds[i]!
        expect(inputsOf(target, s.name, colId), `${s.name}: ${c.label}`).toEqual(inputsOf(source, s.name, colId))
      })
    }
  })

  it('[RO3] moves inputs with their period: each column takes the source column holding its new period', () => {
    const source = vp2024()
    for (const newBudget of ['copy', 'empty'] as const) {
      const target = openWorkbook(new Y.Doc())
      const plan = rollOver(source, target, { newBudget })
      let moved = 0
      for (const s of plan.sheets) {
        for (const c of s.columns.filter((col) => col.roll === 'moved')) {
          const expected = inputsOf(source, s.name, c.inputsFrom!)
          // Where the cell itself holds a formula, the formula stays (it is not an input of the period).
          for (const [rowId] of expected) if (isFormula(getCellInput(source, s.sheetId, rowId, c.colId))) expected.delete(rowId)
          expect(inputsOf(target, s.name, c.colId), `${s.name}: ${c.label} ← ${c.fromLabel}`).toEqual(expected)
          moved++
        }
      }
      expect(moved).toBe(11) // Budget, Verksamhetsområden, Volym, Volym egen regi: 1 each; Särskilt stöd 2, RSU-parametrar 1, Strukturellt underskott 4
    }
    const target = rolled(source)
    expect(inputsOf(target, 'Budget', colOf(target, 'Budget', 'Budget 2024'))).toEqual(inputsOf(source, 'Budget', colOf(source, 'Budget', 'Budget 2024')))
    expect(inputsOf(target, 'Verksamhetsområden', colOf(target, 'Verksamhetsområden', 'Budget 2024 (VP)'))).toEqual(
      inputsOf(source, 'Verksamhetsområden', colOf(source, 'Verksamhetsområden', 'Budget 2024 (VP)')),
    )
    expect(inputsOf(target, 'Volym', colOf(target, 'Volym', 'KF 2024'))).toEqual(inputsOf(source, 'Volym', colOf(source, 'Volym', 'KF 2024')))
  })

  it('[RO3] starts the new budget year from the previous budget (copy) or empty (empty), utfall and prognos empty', () => {
    const source = vp2024()
    const copy = rolled(source, { newBudget: 'copy' })
    const empty = rolled(source, { newBudget: 'empty' })
    const pairs: Array<[string, string, string]> = [
      ['Budget', 'Budget 2025', 'Budget 2024'],
      ['Verksamhetsområden', 'Budget 2025 (VP)', 'Budget 2024 (VP)'],
      ['Volym', 'KF 2025', 'KF 2024'],
      ['Volym', 'VP 2025', 'VP 2024'],
      ['Särskilt stöd', 'Budget 2025', 'Budget 2024'],
      ['Särskilt stöd', 'Antal elever budget 2025', 'Antal elever budget 2024'],
      ['Strukturellt underskott', 'Anslag 2025', 'Anslag 2024'],
      ['Schabloner', 'Förändring 2025', 'Förändring 2024'],
    ]
    for (const [name, to, from] of pairs) {
      const expected = inputsOf(source, name, colOf(source, name, from))
      expect(expected.size, `${name}: ${from}`).toBeGreaterThan(0)
      expect(inputsOf(copy, name, colOf(copy, name, to)), `${name}: ${to}`).toEqual(expected)
      expect(inputsOf(empty, name, colOf(empty, name, to)).size, `${name}: ${to}`).toBe(0)
    }
    for (const wb of [copy, empty]) {
      expect(inputsOf(wb, 'Verksamhetsområden', colOf(wb, 'Verksamhetsområden', 'Utfall 2023')).size).toBe(0)
      expect(inputsOf(wb, 'Verksamhetsområden', colOf(wb, 'Verksamhetsområden', 'Prognos oktober 2024')).size).toBe(0)
      expect(inputsOf(wb, 'Särskilt stöd', colOf(wb, 'Särskilt stöd', 'Antal elever okt 2024')).size).toBe(0)
    }
    // Formulas of an emptied column stay: the new year's totals are there, over empty inputs.
    const vo = sheet(empty, 'Verksamhetsområden')
    const sum = rowLabelled(empty, 'Verksamhetsområden', 'Summa drift netto')
    expect(getCellInput(empty, vo.sheet.id, sum, colOf(empty, 'Verksamhetsområden', 'Budget 2025 (VP)'))).toMatch(/^=SUM\(/)
  })

  it('[RO4] carries årsmål and KF:s årsmål to the new year and starts an empty utfall', () => {
    const source = vp2024()
    for (const newBudget of ['copy', 'empty'] as const) {
      const target = rolled(source, { newBudget })
      const arsmal = inputsOf(source, 'Indikatorer', colOf(source, 'Indikatorer', 'Årsmål'))
      expect(arsmal.size).toBeGreaterThan(40)
      expect(inputsOf(target, 'Indikatorer', colOf(target, 'Indikatorer', 'Årsmål'))).toEqual(arsmal)
      expect(inputsOf(target, 'Indikatorer', colOf(target, 'Indikatorer', 'KF:s årsmål år 2025'))).toEqual(
        inputsOf(source, 'Indikatorer', colOf(source, 'Indikatorer', 'KF:s årsmål år 2024')),
      )
      expect(inputsOf(target, 'Indikatorer', colOf(target, 'Indikatorer', 'KF:s årsmål, text'))).toEqual(
        inputsOf(source, 'Indikatorer', colOf(source, 'Indikatorer', 'KF:s årsmål, text')),
      )
      const utfall = sheet(target, 'Indikatorer').columns.find((c) => c.label === 'Utfall')
      expect(utfall?.period).toEqual({ kind: 'utfall', year: 2025, header: 'Utfall' })
      expect(inputsOf(target, 'Indikatorer', colOf(target, 'Indikatorer', 'Utfall')).size).toBe(0)
    }
  })

  it('[RO3] never moves a formula to another column: an input whose source cell is a formula leaves the cell empty', () => {
    const source = vp2024()
    const target = rolled(source)
    const rate = rowLabelled(source, 'RSU-parametrar', 'RSU-bidrag per placerad elev')
    const grid = sheet(target, 'RSU-parametrar')
    expect(getCellInput(target, grid.sheet.id, rate, colOf(target, 'RSU-parametrar', '2024'))).toBeUndefined()
    expect(getCellInput(target, grid.sheet.id, rate, colOf(target, 'RSU-parametrar', '2025'))).toMatch(/^=/)
  })

  it('[RO5] keeps notes with their inputs and starts without comments', () => {
    const source = vp2024()
    const budget = sheet(source, 'Budget')
    const kostnader = rowLabelled(source, 'Budget', 'Kostnader')
    const b2024 = colOf(source, 'Budget', 'Budget 2024')
    const b2023 = colOf(source, 'Budget', 'Budget 2023')
    setCellNote(source, budget.sheet.id, kostnader, b2024, 'Enligt KF:s beslut')
    setCellNote(source, budget.sheet.id, kostnader, b2023, 'Fjolårets ram')
    addComment(source, budget.sheet.id, { rowId: kostnader, colId: b2024, author: { id: 'u1', name: 'Eva' }, text: 'Stämmer?' })
    const target = rolled(source, { newBudget: 'empty' })
    // The new Budget 2024 is the old Budget 2023 column: the note of the 2024 figure went with it.
    expect(getCellNote(target, budget.sheet.id, kostnader, b2023)).toBe('Enligt KF:s beslut')
    expect(getCellNote(target, budget.sheet.id, kostnader, b2024)).toBeUndefined()
    const label = rowLabelled(source, 'Budget', 'Intäkter')
    expect(getCellNote(target, budget.sheet.id, label, budget.colIds[0]!)).toBe(getCellNote(source, budget.sheet.id, label, budget.colIds[0]!))
    expect(cellThreads(target, budget.sheet.id, kostnader, b2024)).toEqual([])
    expect(cellThreads(source, budget.sheet.id, kostnader, b2024)).toHaveLength(1)
  })

  it('[RO6] leaves the source untouched', () => {
    const source = vp2024()
    setCells(source, sheet(source, 'Budget').sheet.id, [])
    const vector = Y.encodeStateVector(source.doc)
    const state = Y.encodeStateAsUpdate(source.doc)
    const json = JSON.stringify(source.doc.toJSON())
    rolled(source, { newBudget: 'copy' })
    rolled(source, { newBudget: 'empty' })
    expect(Y.encodeStateVector(source.doc)).toEqual(vector)
    expect(Y.encodeStateAsUpdate(source.doc)).toEqual(state)
    expect(JSON.stringify(source.doc.toJSON())).toBe(json)
  })

  it('[RO7] says where the new workbook came from: title, utkast, a new epoch and its source', () => {
    const source = vp2024()
    const target = openWorkbook(new Y.Doc())
    rollOver(source, target, { newBudget: 'copy', sourceWorkbookId: 'vp-2024' })
    const info = getWorkbookInfo(target)
    expect(info).toMatchObject({
      title: 'Verksamhetsplan 2025 – Utbildningsnämnden',
      status: 'utkast',
      source: { workbookId: 'vp-2024', title: 'Verksamhetsplan 2024 – Utbildningsnämnden', year: 2024 },
    })
    expect(info.epoch).toMatch(/^[0-9A-Za-z]{20}$/)
    expect(info.epoch).not.toBe(getWorkbookInfo(source).epoch)
    expect(getWorkbookInfo(source).source).toBeUndefined()
    const named = openWorkbook(new Y.Doc())
    rollOver(source, named, { newBudget: 'empty', title: 'Förslag VP 2025' })
    expect(getWorkbookInfo(named)).toMatchObject({ title: 'Förslag VP 2025', source: { title: 'Verksamhetsplan 2024 – Utbildningsnämnden', year: 2024 } })
    expect(getWorkbookInfo(named).source?.workbookId).toBeUndefined()
  })

  it('[RO8] hands a route the new doc as one update', () => {
    const source = vp2024()
    let n = 0
    const { doc, update, plan } = rollOverDoc(source.doc, { newBudget: 'copy', sourceWorkbookId: 'vp-2024', newId: () => `id${String(n++).padStart(8, '0')}` })
    expect(plan.toYear).toBe(2025)
    const loaded = new Y.Doc()
    Y.applyUpdate(loaded, update)
    const wb = openWorkbook(loaded)
    expect(getWorkbookInfo(wb)).toEqual(getWorkbookInfo(openWorkbook(doc)))
    expect(getWorkbookInfo(wb).epoch).toBe('id00000000id00000001')
    expect(headers(wb, 'Budget')).toEqual(['Driftsbudget, mnkr', 'Budget 2024', 'Budget 2025', 'Ökning (+)/ minskning (-)'])
    // No comment roots: a fresh history.
    for (const s of listSheets(wb)) expect(loaded.share.has(`comments:${s.id}`)).toBe(false)
    expect(sheetRoots(wb, listSheets(wb)[0]!.id).cells.size).toBeGreaterThan(0)
  })

  it('[RO3] rolls a rolled plan again: VP 2026 from VP 2025', () => {
    const once = rolled(vp2024())
    const twice = rolled(once)
    expect(getWorkbookInfo(twice)).toMatchObject({ title: 'Verksamhetsplan 2026 – Utbildningsnämnden', source: { year: 2025 } })
    expect(headers(twice, 'Verksamhetsområden').slice(1)).toEqual(['Utfall 2024', 'Budget 2025 (VP)', 'Prognos oktober 2025', 'Budget 2026 (VP)'])
    expect(inputsOf(twice, 'Budget', colOf(twice, 'Budget', 'Budget 2025'))).toEqual(inputsOf(once, 'Budget', colOf(once, 'Budget', 'Budget 2025')))
  })
})
