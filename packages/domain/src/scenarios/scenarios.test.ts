import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { setCellFromText, setCells } from '../operations/cells'
import { addSheet, deleteSheet } from '../operations/sheets'
import { deleteRows, insertColumns, insertRows, setRowSpec } from '../operations/structure'
import { setWorkbookStatus } from '../operations/workbook-info'
import { findSheetByName, getCellInput, getSheetGrid, listSheets } from '../model/read'
import { toEngineFormula } from '../input/text'
import { openWorkbook, type CellInput, type Workbook } from '../model/workbook'
import type { Actor } from '../rights/rights'
import {
  APPLY_BACK_BESLUTAD_DENIAL,
  APPLY_BACK_INSKICKAD_DENIAL,
  APPLY_BACK_ROLE_DENIAL,
  applyBackToPlan,
  planApplyBack,
} from './apply-back'
import { compareScenario, type ValueAt } from './comparison'
import { createScenarioView, resolveOverrides } from './overlay'
import { scenarioExportWorkbook, scenarioSheetName } from './export-workbook'
import { canManageScenario, canSeeScenario, overrideWriteDenial } from './scenario-access'
import {
  initScenario,
  listOverrides,
  readScenarioMeta,
  updateScenarioMeta,
  writeOverrides,
  type Override,
  type ScenarioMeta,
} from './scenario-doc'

const ekonom: Actor = { id: 'u-ekonom', role: 'ekonom', omrade: null }
const admin: Actor = { id: 'u-admin', role: 'admin', omrade: null }
const chefNorr: Actor = { id: 'u-norr', role: 'omradeschef', omrade: 'Norr' }
const lasare: Actor = { id: 'u-lasare', role: 'lasare', omrade: null }

/** A plan of three rows: Norr, Söder (tkr amounts and RSU places) and a label column. */
function plan() {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Budget', kind: 'budget', columns: [{ label: 'Område', type: 'text', editable: 'locked' }] })
  const [amount, places, locked] = insertColumns(wb, sheetId, 1, [
    { label: 'Budget 2024', type: 'number', unit: 'tkr', decimals: 0, editable: 'ekonom' },
    { label: 'RSU-platser', type: 'integer', unit: 'st', editable: 'omradeschef' },
    { label: 'Utfall', type: 'number', unit: 'tkr', editable: 'locked' },
  ]) as [string, string, string]
  const [label] = [getSheetLabelCol(wb, sheetId)]
  const rows = insertRows(wb, sheetId, 0, 3) as [string, string, string]
  setRowSpec(wb, sheetId, rows[0], { kind: 'data', omrade: 'Norr' })
  setRowSpec(wb, sheetId, rows[1], { kind: 'data', omrade: 'Söder' })
  setCells(wb, sheetId, [
    { rowId: rows[0], colId: label, input: 'Norr' },
    { rowId: rows[0], colId: amount, input: 20000 },
    { rowId: rows[0], colId: places, input: 50 },
    { rowId: rows[1], colId: label, input: 'Söder' },
    { rowId: rows[1], colId: amount, input: 30000 },
    { rowId: rows[1], colId: places, input: 70 },
    { rowId: rows[2], colId: label, input: 'Summa' },
  ])
  return { wb, sheetId, label, amount, places, locked, rows }
}

function getSheetLabelCol(wb: Workbook, sheetId: string): string {
  return wb.doc.getArray<string>(`cols:${sheetId}`).get(0)
}

/** Computed values of a tiny budget: inputs as they are, the last row sums the amounts above it. */
function valuesOf(wb: Workbook, sheetId: string, rows: readonly string[], amount: string): ValueAt {
  return (s, rowId, colId) => {
    const input = getCellInput(wb, s, rowId, colId) ?? null
    if (s === sheetId && rowId === rows[2] && colId === amount) {
      return rows.slice(0, 2).reduce((sum, r) => sum + Number(getCellInput(wb, s, r, amount) ?? 0), 0)
    }
    return typeof input === 'string' && input.startsWith('=') ? null : (input as Exclude<CellInput, undefined>)
  }
}

const meta: ScenarioMeta = {
  id: 'sc1',
  workbookId: 'vp-2024',
  name: 'Skolpeng +1 %',
  ownerId: 'u-ekonom',
  visibility: 'private',
  createdAt: '2026-11-29T12:00:00.000Z',
}

describe('scenarios', () => {
  it('[SC1] keeps metadata and overrides in its own doc, keyed by the plan cell ids', () => {
    const doc = new Y.Doc()
    initScenario(doc, meta)
    writeOverrides(doc, [{ sheetId: 's', rowId: 'r', colId: 'c', input: 5 }])
    updateScenarioMeta(doc, { name: 'Ny', visibility: 'shared' })
    expect(readScenarioMeta(doc)).toEqual({ ...meta, name: 'Ny', visibility: 'shared' })
    expect(listOverrides(doc)).toEqual([{ sheetId: 's', rowId: 'r', colId: 'c', input: 5 }])
    writeOverrides(doc, [], [{ sheetId: 's', rowId: 'r', colId: 'c' }])
    expect(listOverrides(doc)).toEqual([])
    expect(readScenarioMeta(new Y.Doc())).toBeNull()
  })

  it('[SC1] shows the plan with the overrides on top, and the plan edits of other cells and rows flow in', () => {
    const { wb, sheetId, amount, rows } = plan()
    const view = createScenarioView(wb, [{ sheetId, rowId: rows[0], colId: amount, input: 20200 }])
    let changes = 0
    view.onChange(() => changes++)
    expect(getCellInput(view.workbook, sheetId, rows[0], amount)).toBe(20200)
    setCells(wb, sheetId, [{ rowId: rows[1], colId: amount, input: 31000 }])
    expect(getCellInput(view.workbook, sheetId, rows[1], amount)).toBe(31000)
    const [added] = insertRows(wb, sheetId, 2, 1)
    setCells(wb, sheetId, [{ rowId: added!, colId: amount, input: 5 }])
    expect(getCellInput(view.workbook, sheetId, added!, amount)).toBe(5)
    expect(changes).toBe(3)
    view.destroy()
  })

  // Client ids at both ends, so the colleague's write sorts before and after the view's own in Yjs.
  for (const planClientId of [1, 2 ** 32 - 1]) {
    it(`[SC2] an override wins over the plan's later edit of the same cell (plan client id ${planClientId})`, () => {
      const { wb, sheetId, amount, rows } = plan()
      const view = createScenarioView(wb, [{ sheetId, rowId: rows[0], colId: amount, input: 20200 }])
      // A colleague's edit arrives from another replica, with a client id above or below the view's.
      const colleague = new Y.Doc()
      colleague.clientID = planClientId
      Y.applyUpdate(colleague, Y.encodeStateAsUpdate(wb.doc))
      setCells(openWorkbook(colleague), sheetId, [{ rowId: rows[0], colId: amount, input: 1 }])
      Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(colleague))
      expect(getCellInput(wb, sheetId, rows[0], amount)).toBe(1)
      expect(getCellInput(view.workbook, sheetId, rows[0], amount)).toBe(20200)
      view.destroy()
    })
  }

  for (const planClientId of [1, 2 ** 32 - 1]) {
    it(`[SC2] a cell no longer overridden shows the plan again, also after the plan changed it (client id ${planClientId})`, () => {
      const { wb, sheetId, amount, rows } = plan()
      const view = createScenarioView(wb, [{ sheetId, rowId: rows[0], colId: amount, input: 20200 }])
      const colleague = new Y.Doc()
      colleague.clientID = planClientId
      Y.applyUpdate(colleague, Y.encodeStateAsUpdate(wb.doc))
      const edit = (input: number) => {
        setCells(openWorkbook(colleague), sheetId, [{ rowId: rows[0], colId: amount, input }])
        Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(colleague))
      }
      edit(21000)
      view.setOverrides([])
      expect(getCellInput(view.workbook, sheetId, rows[0], amount)).toBe(21000)
      edit(22000)
      expect(getCellInput(view.workbook, sheetId, rows[0], amount)).toBe(22000)
      edit(23000)
      expect(getCellInput(view.workbook, sheetId, rows[0], amount)).toBe(23000)
      view.destroy()
    })
  }

  it('[SC3] an override of a row, column or sheet the plan deleted is dropped and reported', () => {
    const { wb, sheetId, amount, rows } = plan()
    const other = addSheet(wb, { name: 'Övrigt', kind: 'generic', columns: [{ label: 'A', type: 'number', editable: 'ekonom' }] })
    const [otherRow] = insertRows(wb, other, 0, 1)
    const otherCol = wb.doc.getArray<string>(`cols:${other}`).get(0)
    const overrides: Override[] = [
      { sheetId, rowId: rows[0], colId: amount, input: 1 },
      { sheetId, rowId: rows[1], colId: amount, input: 2 },
      { sheetId: other, rowId: otherRow!, colId: otherCol, input: 3 },
    ]
    const view = createScenarioView(wb, overrides)
    deleteRows(wb, sheetId, 0, 1)
    deleteSheet(wb, other)
    const resolved = view.resolved()
    expect(resolved.active).toEqual([overrides[1]])
    expect(resolved.dropped).toEqual([overrides[0], overrides[2]])
    expect(planApplyBack(wb, overrides, ekonom)).toMatchObject({
      ok: true,
      edits: [overrides[1]],
      skipped: [
        { override: overrides[0], kind: 'dropped' },
        { override: overrides[2], kind: 'dropped' },
      ],
    })
    view.destroy()
  })

  it('[SC4] an override equal to the plan input is no difference and is not applied back', () => {
    const { wb, sheetId, amount, rows } = plan()
    const same: Override = { sheetId, rowId: rows[0], colId: amount, input: 20000 }
    expect(resolveOverrides(wb, [same])).toEqual({ active: [], dropped: [], same: [same] })
    const view = createScenarioView(wb, [same])
    const compared = compareScenario(
      wb,
      view.workbook,
      [same],
      valuesOf(wb, sheetId, rows, amount),
      valuesOf(view.workbook, sheetId, rows, amount),
    )
    expect(compared.changed).toEqual([])
    expect(compared.moved).toEqual([])
    expect(planApplyBack(wb, [same], ekonom)).toEqual({
      ok: true,
      edits: [],
      skipped: [{ override: same, kind: 'same', reason: 'Planen har redan samma värde.' }],
    })
    view.destroy()
  })

  it('[SC5] lists the changed cells and every total they move, in mnkr for tkr columns and in percent', () => {
    const { wb, sheetId, amount, places, rows } = plan()
    const overrides: Override[] = [
      { sheetId, rowId: rows[0], colId: amount, input: 20200 },
      { sheetId, rowId: rows[0], colId: places, input: 100 },
    ]
    const view = createScenarioView(wb, overrides)
    const compared = compareScenario(
      wb,
      view.workbook,
      overrides,
      valuesOf(wb, sheetId, rows, amount),
      valuesOf(view.workbook, sheetId, rows, amount),
    )
    expect(compared.changed.map((d) => [d.a1, d.rowLabel, d.columnLabel, d.plan, d.scenario, d.difference, d.amount, d.percent])).toEqual([
      ['B1', 'Norr', 'Budget 2024', 20000, 20200, 200, { value: 0.2, unit: 'mnkr' }, 0.01],
      ['C1', 'Norr', 'RSU-platser', 50, 100, 50, { value: 50, unit: 'st' }, 1],
    ])
    expect(compared.moved.map((d) => [d.a1, d.rowLabel, d.plan, d.scenario, d.amount, d.percent])).toEqual([
      ['B3', 'Summa', 50000, 50200, { value: 0.2, unit: 'mnkr' }, 200 / 50000],
    ])
    expect(compared.dropped).toEqual([])
    view.destroy()
  })

  it('[SC6] judges overrides by the plan cell rules without the status lock', () => {
    const { wb, sheetId, amount, places, locked, rows } = plan()
    setWorkbookStatus(wb, 'beslutad')
    const norrPlaces = { sheetId, rowId: rows[0], colId: places, input: 60 }
    const soderPlaces = { sheetId, rowId: rows[1], colId: places, input: 60 }
    const norrAmount = { sheetId, rowId: rows[0], colId: amount, input: 1 }
    expect(overrideWriteDenial(wb, ekonom, [norrAmount, norrPlaces])).toBeNull()
    expect(overrideWriteDenial(wb, chefNorr, [norrPlaces])).toBeNull()
    expect(overrideWriteDenial(wb, chefNorr, [soderPlaces])).toBe('Du kan bara ändra RSU-platser för ditt eget område.')
    expect(overrideWriteDenial(wb, chefNorr, [norrAmount])).toBe('Du kan bara ändra RSU-platser för ditt eget område.')
    expect(overrideWriteDenial(wb, lasare, [norrPlaces])).toBe('Du har läsbehörighet och kan inte ändra celler.')
    expect(overrideWriteDenial(wb, ekonom, [{ sheetId, rowId: rows[0], colId: locked, input: 1 }])).toBe('Cellen är låst.')
    expect(overrideWriteDenial(wb, ekonom, [{ sheetId, rowId: 'saknas', colId: amount, input: 1 }])).toBe('Cellen finns inte i planen.')
  })

  it('[SC7] applies chosen overrides back as one undoable local edit, for ekonomer and admins only', () => {
    const { wb, sheetId, amount, places, rows } = plan()
    const overrides: Override[] = [
      { sheetId, rowId: rows[0], colId: amount, input: 20200 },
      { sheetId, rowId: rows[1], colId: places, input: 80 },
    ]
    expect(planApplyBack(wb, overrides, chefNorr)).toEqual({ ok: false, reason: APPLY_BACK_ROLE_DENIAL })
    expect(planApplyBack(wb, overrides, lasare)).toEqual({ ok: false, reason: APPLY_BACK_ROLE_DENIAL })
    const one = planApplyBack(wb, overrides, ekonom, [overrides[1]!])
    expect(one).toEqual({ ok: true, edits: [overrides[1]], skipped: [] })
    const all = planApplyBack(wb, overrides, ekonom)
    if (!all.ok) throw new Error(all.reason)
    const undo = new Y.UndoManager([wb.doc.getMap(`cells:${sheetId}`)], { trackedOrigins: new Set(['local-edit']) })
    const transactions: unknown[] = []
    wb.doc.on('afterTransaction', (t: Y.Transaction) => transactions.push(t.origin))
    applyBackToPlan(wb, all.edits)
    expect(transactions).toEqual(['local-edit'])
    expect(getCellInput(wb, sheetId, rows[0], amount)).toBe(20200)
    expect(getCellInput(wb, sheetId, rows[1], places)).toBe(80)
    undo.undo()
    expect(getCellInput(wb, sheetId, rows[0], amount)).toBe(20000)
    expect(getCellInput(wb, sheetId, rows[1], places)).toBe(70)
  })

  it('[SC7] an inskickad or beslutad plan never takes a scenario back, not even from an admin', () => {
    const { wb, sheetId, amount, rows } = plan()
    const overrides: Override[] = [{ sheetId, rowId: rows[0], colId: amount, input: 1 }]
    setWorkbookStatus(wb, 'inskickad')
    expect(planApplyBack(wb, overrides, admin)).toEqual({ ok: false, reason: APPLY_BACK_INSKICKAD_DENIAL })
    setWorkbookStatus(wb, 'beslutad')
    expect(planApplyBack(wb, overrides, ekonom)).toEqual({ ok: false, reason: APPLY_BACK_BESLUTAD_DENIAL })
    // A what-if of the decided plan is still shown and compared.
    const view = createScenarioView(wb, overrides)
    expect(getCellInput(view.workbook, sheetId, rows[0], amount)).toBe(1)
    view.destroy()
  })

  it("[SC8] a private scenario is its owner's; a shared one every member's; owners and admins manage", () => {
    const shared: ScenarioMeta = { ...meta, visibility: 'shared' }
    const ekonom2 = { ...ekonom, id: 'u-ekonom2' }
    expect(canSeeScenario({ ...ekonom, id: 'u-ekonom' }, meta)).toBe(true)
    expect(canSeeScenario({ ...ekonom2, id: 'u-ekonom2' }, meta)).toBe(false)
    expect(canSeeScenario({ ...admin, id: 'u-admin' }, meta)).toBe(false)
    expect(canSeeScenario({ ...lasare, id: 'u-lasare' }, shared)).toBe(true)
    expect(canSeeScenario({ ...ekonom, id: 'u-ekonom' }, { ...meta, deleted: true })).toBe(false)
    expect(canManageScenario({ ...ekonom, id: 'u-ekonom' }, meta)).toBe(true)
    expect(canManageScenario({ ...ekonom2, id: 'u-ekonom2' }, shared)).toBe(false)
    expect(canManageScenario({ ...admin, id: 'u-admin' }, shared)).toBe(true)
  })

  it('[SC9] exports both sets of formulas: the scenario copies point at each other, the plan sheets stay as they are', () => {
    const { wb, sheetId, amount, rows } = plan()
    const other = addSheet(wb, {
      name: 'Sammanställning',
      kind: 'generic',
      columns: [{ label: 'Summa', type: 'number', editable: 'ekonom' }],
    })
    const [row] = insertRows(wb, other, 0, 1)
    const col = wb.doc.getArray<string>(`cols:${other}`).get(0)
    setCellFromText(wb, other, row!, col, '=Budget!B1+Budget!B2', 'sv-SE')
    const view = createScenarioView(wb, [{ sheetId, rowId: rows[0], colId: amount, input: 20200 }])
    const both = scenarioExportWorkbook(wb, view.workbook)
    expect(listSheets(both).map((s) => s.name)).toEqual(['Budget', 'Sammanställning', 'Budget (scenario)', 'Sammanställning (scenario)'])
    const copy = findSheetByName(both, 'Sammanställning (scenario)')!
    const grid = getSheetGrid(both, copy.id)
    const formula = getCellInput(both, copy.id, grid.rowIds[0]!, grid.colIds[0]!) as string
    expect(toEngineFormula(both, copy.id, formula)).toBe("='Budget (scenario)'!B1+'Budget (scenario)'!B2")
    const budgetCopy = findSheetByName(both, 'Budget (scenario)')!
    const budgetGrid = getSheetGrid(both, budgetCopy.id)
    expect(getCellInput(both, budgetCopy.id, budgetGrid.rowIds[0]!, budgetGrid.colIds[1]!)).toBe(20200)
    expect(getCellInput(both, sheetId, rows[0], amount)).toBe(20000)
    // Excel takes 31 characters: long names are shortened before the suffix.
    expect(scenarioSheetName('Strukturellt underskott i budgeten')).toBe('Strukturellt undersk (scenario)')
    view.destroy()
  })
})
