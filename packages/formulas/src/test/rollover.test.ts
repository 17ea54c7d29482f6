import {
  applyTemplate,
  getCellInput,
  getSheetGrid,
  isFormula,
  listSheets,
  openWorkbook,
  rollOver,
  vp2024Template,
  type RollOverPlan,
  type Workbook,
} from '@samplan/domain'
import { toA1 } from '@samplan/domain/testing'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createWorkbookMirror, type WorkbookMirror } from '../mirror/workbook-mirror'

// Next year's plan from this year's. The domain can't compute, so the arithmetic of the
// rolled VP 2025 (SPEC RO1-RO8) is checked here, through the same mirror the grid uses.

interface Computed {
  wb: Workbook
  mirror: WorkbookMirror
  plan?: RollOverPlan
}

function vp2024(): Computed {
  const wb = openWorkbook(new Y.Doc())
  applyTemplate(wb, vp2024Template)
  return { wb, mirror: createWorkbookMirror(wb) }
}

function rolled(source: Workbook, newBudget: 'copy' | 'empty'): Computed {
  const wb = openWorkbook(new Y.Doc())
  const plan = rollOver(source, wb, { newBudget, sourceWorkbookId: 'vp-2024' })
  return { wb, mirror: createWorkbookMirror(wb), plan }
}

function sheetId(wb: Workbook, name: string): string {
  const s = listSheets(wb).find((x) => x.name === name)
  if (!s) throw new Error(`no sheet ${name}`)
  return s.id
}

/** The computed value at a row label and column header of a sheet. */
function valueAt(c: Computed, sheet: string, rowLabel: string, header: string): unknown {
  const id = sheetId(c.wb, sheet)
  const grid = getSheetGrid(c.wb, id)
  const rowId = grid.rowIds.find((r) => getCellInput(c.wb, id, r, grid.colIds[0]!) === rowLabel)
  const col = grid.columns.findIndex((x) => x.label === header)
  if (rowId === undefined || col < 0) throw new Error(`no ${rowLabel} / ${header} on ${sheet}`)
  return c.mirror.getValue(id, rowId, grid.colIds[col]!).value
}

function errorsOf(c: Computed): string[] {
  const errors: string[] = []
  for (const sheet of listSheets(c.wb)) {
    c.mirror.getSheetValues(sheet.id).forEach((row, r) =>
      row.forEach((cell, col) => {
        if (cell.error) errors.push(`${sheet.name}!${toA1(col, r)} ${cell.error.display}`)
      }),
    )
  }
  return errors
}

/** Every formula cell of the columns `pick` chooses, with the source cell whose value it must equal. */
function formulaCells(target: Computed, pick: (roll: string, kind: string | undefined) => boolean) {
  const out: Array<{ sheet: string; sheetId: string; rowId: string; colId: string; from: string; where: string }> = []
  for (const s of target.plan!.sheets) {
    const grid = getSheetGrid(target.wb, s.sheetId)
    for (const c of s.columns) {
      if (!pick(c.roll, c.period?.kind) || c.inputsFrom === null) continue
      grid.rowIds.forEach((rowId, r) => {
        if (!isFormula(getCellInput(target.wb, s.sheetId, rowId, c.colId))) return
        out.push({ sheet: s.name, sheetId: s.sheetId, rowId, colId: c.colId, from: c.inputsFrom!, where: `${s.name}!${toA1(grid.colIds.indexOf(c.colId), r)} (${c.label})` })
      })
    }
  }
  return out
}

const close = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-9 : a === b)

describe('the VP 2024 rolled over to VP 2025, through the mirror', () => {
  const source = vp2024()
  const copy = rolled(source.wb, 'copy')
  const empty = rolled(source.wb, 'empty')

  it('[RO2] computes every formula of the rolled workbook without an error (newBudget copy)', () => {
    expect(errorsOf(source)).toEqual([])
    expect(errorsOf(copy)).toEqual([])
  })

  it('[RO2] with newBudget empty, computes every formula without an error: a share of a total not entered yet is empty', () => {
    expect(errorsOf(empty)).toEqual([])
    // Andel av totalt antal stockholmselever = egen regi VP 2025 / all pupils VP 2025 (Volym), 0 until entered.
    const andel = 'Andel av totalt antal stockholmselever'
    expect(valueAt(empty, 'Volym egen regi', 'varav hemkommun Stockholm', andel)).toBe('')
    expect(valueAt(copy, 'Volym egen regi', 'varav hemkommun Stockholm', andel)).toBeGreaterThan(0)
  })

  it('[RO3] computes in each moved column what the source computed for that period, with either choice', () => {
    for (const target of [copy, empty]) {
      const cells = formulaCells(target, (roll) => roll === 'moved')
      expect(cells.length).toBeGreaterThanOrEqual(15)
      for (const cell of cells) {
        const now = target.mirror.getValue(cell.sheetId, cell.rowId, cell.colId).value
        const before = source.mirror.getValue(cell.sheetId, cell.rowId, cell.from).value
        expect(close(now, before), `${cell.where}: ${String(now)} vs the source's ${String(before)}`).toBe(true)
      }
    }
  })

  it('[RO3] with copy, computes in the new budget year what the source computed for the previous one', () => {
    const cells = formulaCells(copy, (roll, kind) => roll === 'copied' && (kind === 'budget' || kind === 'plan'))
    expect(cells.length).toBeGreaterThanOrEqual(19)
    for (const cell of cells) {
      const now = copy.mirror.getValue(cell.sheetId, cell.rowId, cell.colId).value
      const before = source.mirror.getValue(cell.sheetId, cell.rowId, cell.from).value
      expect(close(now, before), `${cell.where}: ${String(now)} vs the source's ${String(before)}`).toBe(true)
    }
  })

  it('[RO2] keeps Förändring working against the rolled columns: Ökning = Budget 2025 − Budget 2024', () => {
    for (const target of [copy, empty]) {
      for (const row of ['Kostnader', 'Intäkter', 'Netto KF Budget', 'Investeringar']) {
        const b2024 = Number(valueAt(target, 'Budget', row, 'Budget 2024'))
        const b2025 = Number(valueAt(target, 'Budget', row, 'Budget 2025'))
        expect(valueAt(target, 'Budget', row, 'Ökning (+)/ minskning (-)')).toBeCloseTo(b2025 - b2024, 9)
      }
      expect(valueAt(target, 'Särskilt stöd', 'Totalt', 'Förändring 2025')).toBeCloseTo(
        Number(valueAt(target, 'Särskilt stöd', 'Totalt', 'Budget 2025')) - Number(valueAt(target, 'Särskilt stöd', 'Totalt', 'Budget 2024')),
        9,
      )
      expect(valueAt(target, 'Volym', 'Grundskola åk F-9', 'Förändring KF 2025 jfr KF 2024')).toBe(
        Number(valueAt(target, 'Volym', 'Grundskola åk F-9', 'KF 2025')) - Number(valueAt(target, 'Volym', 'Grundskola åk F-9', 'KF 2024')),
      )
    }
  })

  it('[RO3] shows the headline totals of the VP 2025', () => {
    const kontroll = 'Kontroll: Summa drift netto mot budgetramen (Budget), ska vara 0'
    // The source's figures for reference.
    expect(valueAt(source, 'Budget', 'Netto KF Budget', 'Budget 2024')).toBeCloseTo(20_387.1, 9)
    expect(valueAt(source, 'Verksamhetsområden', 'Summa drift netto', 'Budget 2024 (VP)')).toBeCloseTo(20_387.1, 9)

    // copy: the new budget year starts as the previous one.
    expect(valueAt(copy, 'Budget', 'Netto KF Budget', 'Budget 2024')).toBeCloseTo(20_387.1, 9)
    expect(valueAt(copy, 'Budget', 'Netto KF Budget', 'Budget 2025')).toBeCloseTo(20_387.1, 9)
    expect(valueAt(copy, 'Budget', 'Netto KF Budget', 'Ökning (+)/ minskning (-)')).toBeCloseTo(0, 9)
    expect(valueAt(copy, 'Verksamhetsområden', 'Summa drift netto', 'Utfall 2023')).toBe(0)
    expect(valueAt(copy, 'Verksamhetsområden', 'Summa drift netto', 'Budget 2024 (VP)')).toBeCloseTo(20_387.1, 9)
    expect(valueAt(copy, 'Verksamhetsområden', 'Summa drift netto', 'Prognos oktober 2024')).toBe(0)
    expect(valueAt(copy, 'Verksamhetsområden', 'Summa drift netto', 'Budget 2025 (VP)')).toBeCloseTo(20_387.1, 9)
    expect(valueAt(copy, 'Verksamhetsområden', kontroll, 'Budget 2024 (VP)')).toBeCloseTo(0, 9)
    expect(valueAt(copy, 'Verksamhetsområden', kontroll, 'Budget 2025 (VP)')).toBeCloseTo(0, 9)
    expect(valueAt(copy, 'Särskilt stöd', 'Totalt', 'Budget 2025')).toBe(500)
    expect(valueAt(copy, 'Särskilt stöd', 'Totalt', 'Budget 2024')).toBe(500)
    expect(valueAt(copy, 'Särskilt stöd', 'Totalt', 'Förändring 2025')).toBe(0)
    expect(valueAt(copy, 'Särskilt stöd', 'Totalt', 'Antal elever budget 2024')).toBe(2434)
    expect(valueAt(copy, 'Särskilt stöd', 'Totalt', 'Antal elever okt 2024')).toBe(0)
    expect(valueAt(copy, 'Särskilt stöd', 'Totalt', 'Antal elever budget 2025')).toBe(2434)
    expect(valueAt(copy, 'RSU-parametrar', 'RSU-bidrag totalt', '2025')).toBe(24_990)
    expect(valueAt(copy, 'Strukturellt underskott', 'Summa', 'Anslag 2025')).toBeCloseTo(18.3, 9)

    // empty: last year's figures moved to the 2024 columns, the new year's totals at 0.
    expect(valueAt(empty, 'Budget', 'Netto KF Budget', 'Budget 2024')).toBeCloseTo(20_387.1, 9)
    expect(valueAt(empty, 'Budget', 'Netto KF Budget', 'Budget 2025')).toBe(0)
    expect(valueAt(empty, 'Budget', 'Netto KF Budget', 'Ökning (+)/ minskning (-)')).toBeCloseTo(-20_387.1, 9)
    expect(valueAt(empty, 'Verksamhetsområden', 'Summa drift netto', 'Budget 2024 (VP)')).toBeCloseTo(20_387.1, 9)
    expect(valueAt(empty, 'Verksamhetsområden', 'Summa drift netto', 'Budget 2025 (VP)')).toBe(0)
    expect(valueAt(empty, 'Verksamhetsområden', kontroll, 'Budget 2024 (VP)')).toBeCloseTo(0, 9)
    expect(valueAt(empty, 'Verksamhetsområden', kontroll, 'Budget 2025 (VP)')).toBe(0)
    expect(valueAt(empty, 'Särskilt stöd', 'Totalt', 'Budget 2024')).toBe(500)
    expect(valueAt(empty, 'Särskilt stöd', 'Totalt', 'Budget 2025')).toBe(0)
    expect(valueAt(empty, 'Särskilt stöd', 'Totalt', 'Förändring 2025')).toBe(-500)
    expect(valueAt(empty, 'Strukturellt underskott', 'Summa', 'Anslag 2025')).toBe(0)
  })

  it('[RO6] leaves the source computing its own figures', () => {
    expect(valueAt(source, 'Särskilt stöd', 'Totalt', 'Budget 2024')).toBe(500)
    expect(valueAt(source, 'Budget', 'Netto KF Budget', 'Ökning (+)/ minskning (-)')).toBeCloseTo(1_425.3, 9)
  })
})
