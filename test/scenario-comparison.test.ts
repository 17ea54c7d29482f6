import {
  applyTemplate,
  compareScenario,
  createScenarioView,
  findSheetByName,
  getCellInput,
  getSheetGrid,
  openWorkbook,
  setCells,
  vp2024Template,
  type Override,
  type ValueAt,
  type Workbook,
} from '@samplan/domain'
import { createWorkbookMirror, type WorkbookMirror } from '@samplan/formulas'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'

/** A cell of a VP 2024 sheet by its row label and column header. */
function cellOf(wb: Workbook, sheetName: string, rowLabel: string, columnLabel: string) {
  const sheet = findSheetByName(wb, sheetName)
  if (!sheet) throw new Error(`no sheet ${sheetName}`)
  const grid = getSheetGrid(wb, sheet.id)
  const rowId = grid.rowIds.find((r) => getCellInput(wb, sheet.id, r, grid.colIds[0] as string) === rowLabel)
  const colId = grid.colIds.find((_, i) => grid.columns[i]?.label === columnLabel)
  if (!rowId || !colId) throw new Error(`no cell ${rowLabel} / ${columnLabel}`)
  return { sheetId: sheet.id, rowId, colId }
}

const valuesOf =
  (mirror: WorkbookMirror): ValueAt =>
  (sheetId, rowId, colId) =>
    mirror.getValue(sheetId, rowId, colId).value

describe('a scenario of the VP 2024 workbook compared through two formula mirrors', () => {
  const cleanup: (() => void)[] = []
  afterEach(() => {
    for (const done of cleanup.splice(0)) done()
  })

  function scenarioOf(plan: Workbook, overrides: Override[]) {
    const view = createScenarioView(plan, overrides)
    const planMirror = createWorkbookMirror(plan)
    const scenarioMirror = createWorkbookMirror(view.workbook)
    cleanup.push(() => {
      scenarioMirror.destroy()
      planMirror.destroy()
      view.destroy()
    })
    return { view, compare: () => compareScenario(plan, view.workbook, overrides, valuesOf(planMirror), valuesOf(scenarioMirror)) }
  }

  function vp2024(): Workbook {
    const wb = openWorkbook(new Y.Doc())
    applyTemplate(wb, vp2024Template)
    return wb
  }

  it('[SC5] Kostnader +1 % in Budget 2024 moves the netto, its change and the kontroll row, by 206,8 mnkr', () => {
    const plan = vp2024()
    const kostnader = cellOf(plan, 'Budget', 'Kostnader', 'Budget 2024')
    const { compare } = scenarioOf(plan, [{ ...kostnader, input: 20684.1 * 1.01 }])
    const { changed, moved, dropped } = compare()
    expect(dropped).toEqual([])
    expect(changed.map((d) => [d.sheetName, d.a1, d.rowLabel, d.plan, d.amount?.unit])).toEqual([
      ['Budget', 'C2', 'Kostnader', 20684.1, 'mnkr'],
    ])
    expect(changed[0]?.percent).toBeCloseTo(0.01, 12)
    const summary = moved.map((d) => [d.sheetName, d.a1, d.rowLabel, d.columnLabel, Number(d.amount?.value.toFixed(3))])
    expect(summary).toEqual([
      ['Budget', 'D2', 'Kostnader', 'Ökning (+)/ minskning (-)', 206.841],
      ['Budget', 'C4', 'Netto KF Budget', 'Budget 2024', 206.841],
      ['Budget', 'D4', 'Netto KF Budget', 'Ökning (+)/ minskning (-)', 206.841],
      ['Verksamhetsområden', 'E7', 'Kontroll: Summa drift netto mot budgetramen (Budget), ska vara 0', 'Budget 2024 (VP)', -206.841],
    ])
    const netto = moved.find((d) => d.a1 === 'C4')
    expect(netto?.percent).toBeCloseTo(206.841 / 20387.1, 9)
    // The kontroll row was 0 in the plan: no percentage of nothing.
    expect(moved.at(-1)?.percent).toBeNull()
  })

  it('[SC5] skolpeng +1 % for grundskolan moves its gap to the schablon by one percentage point', () => {
    const plan = vp2024()
    const skolpeng = cellOf(plan, 'Skolpeng', 'Grundskola åk F-9', 'Förändring skolpeng 2024')
    const before = getCellInput(plan, skolpeng.sheetId, skolpeng.rowId, skolpeng.colId) as number
    const { compare } = scenarioOf(plan, [{ ...skolpeng, input: before + 0.01 }])
    const { changed, moved } = compare()
    expect(changed.map((d) => [d.a1, d.rowLabel])).toEqual([['B4', 'Grundskola åk F-9']])
    expect(moved.map((d) => [d.a1, d.columnLabel, d.amount?.unit])).toEqual([['D4', 'Skillnad mot schablon', '%']])
    expect(moved[0]?.difference).toBeCloseTo(0.01, 12)
  })

  it('[SC1] [SC2] the plan edits flow into the comparison live, except in the overridden cell', () => {
    const plan = vp2024()
    const kostnader = cellOf(plan, 'Budget', 'Kostnader', 'Budget 2024')
    const intakter = cellOf(plan, 'Budget', 'Intäkter', 'Budget 2024')
    const { view, compare } = scenarioOf(plan, [{ ...kostnader, input: 20700 }])
    setCells(plan, intakter.sheetId, [
      { rowId: intakter.rowId, colId: intakter.colId, input: 300 },
      { rowId: kostnader.rowId, colId: kostnader.colId, input: 20000 },
    ])
    expect(getCellInput(view.workbook, intakter.sheetId, intakter.rowId, intakter.colId)).toBe(300)
    const { changed, moved } = compare()
    expect(changed.map((d) => [d.plan, d.scenario])).toEqual([[20000, 20700]])
    // Intäkter is the same on both sides now, so the netto moves by the Kostnader gap alone.
    expect(moved.find((d) => d.a1 === 'C4')?.difference).toBeCloseTo(700, 9)
  })
})
