import { ACTION_DENIAL, Api, findSheetByName, getCellInput, getSheetGrid, type Workbook } from '@samplan/domain'
import ExcelJS from 'exceljs'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support'

/** A cell of a plan sheet by its row label and column header. */
function cellOf(wb: Workbook, sheetName: string, rowLabel: string, columnLabel: string) {
  const sheet = findSheetByName(wb, sheetName)
  if (!sheet) throw new Error(`no sheet ${sheetName}`)
  const grid = getSheetGrid(wb, sheet.id)
  const rowId = grid.rowIds.find((r) => getCellInput(wb, sheet.id, r, grid.colIds[0] as string) === rowLabel)
  const colId = grid.colIds.find((_, i) => grid.columns[i]?.label === columnLabel)
  if (!rowId || !colId) throw new Error(`no cell ${rowLabel} / ${columnLabel}`)
  return { sheetId: sheet.id, rowId, colId }
}

describe('scenario routes', () => {
  let t: TestApp
  let plan: Workbook
  const base = '/api/workbooks/vp-2024/scenarios'

  beforeAll(async () => {
    t = await createTestApp()
    plan = (await t.deps.rooms.get('vp-2024')).workbook
  })
  afterAll(() => t.close())

  async function create(as: string, name: string, visibility: 'private' | 'shared' = 'private'): Promise<Api.ScenarioDetail> {
    const res = await t.request(base, { as, json: { name, visibility } })
    expect(res.status).toBe(201)
    return Api.ScenarioDetail.parse(await res.json())
  }

  async function listed(as: string): Promise<string[]> {
    const res = await t.request(base, { as })
    expect(res.status).toBe(200)
    return Api.ScenarioList.parse(await res.json()).scenarios.map((s) => s.name)
  }

  it('[SC8] creates a private scenario that only its owner sees, and never as a workbook', async () => {
    const mine = await create('ekonom', 'Skolpeng +1 %')
    expect(mine).toMatchObject({ name: 'Skolpeng +1 %', ownerName: 'Eva Ekonom', visibility: 'private', overrides: [], overrideCount: 0 })
    expect(await listed('ekonom')).toContain('Skolpeng +1 %')
    expect(await listed('chef1')).not.toContain('Skolpeng +1 %')
    expect(await listed('admin')).not.toContain('Skolpeng +1 %')
    expect((await t.request(`${base}/${mine.id}`, { as: 'chef1' })).status).toBe(404)
    const workbooks = Api.WorkbookList.parse(await (await t.request('/api/workbooks', { as: 'admin' })).json()).workbooks
    expect(workbooks.map((w) => w.id)).toEqual(['vp-2024'])
    // Its stored doc is no workbook of its own, not even for an admin.
    expect((await t.request(`/api/workbooks/vp-2024~${mine.id}`, { as: 'admin' })).status).toBe(404)
    expect((await t.request(`/api/workbooks/vp-2024~${mine.id}/history`, { as: 'admin' })).status).toBe(404)
  })

  it('[SC8] refuses a läsare a new scenario with the reason, and a stranger sees no workbook', async () => {
    const res = await t.request(base, { as: 'lasare', json: { name: 'Prov' } })
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ error: 'forbidden', message: ACTION_DENIAL['create-scenario'] })
    expect((await t.request(base, { as: 'ekonom', json: { name: '' } })).status).toBe(400)
    expect((await t.request(base, {})).status).toBe(401)
  })

  it('[SC6] lets an områdeschef override the RSU places of their own område only', async () => {
    const chef = await create('chef1', 'Fler RSU-platser', 'shared')
    const own = { ...cellOf(plan, 'RSU', 'Område 1', 'RSU-platser'), input: 50 }
    const other = { ...cellOf(plan, 'RSU', 'Område 2', 'RSU-platser'), input: 50 }
    const budget = { ...cellOf(plan, 'Budget', 'Kostnader', 'Budget 2024'), input: 1 }
    const ok = await t.request(`${base}/${chef.id}/overrides`, { as: 'chef1', json: { set: [own] } })
    expect(ok.status).toBe(200)
    expect(Api.ScenarioDetail.parse(await ok.json()).overrides).toEqual([own])
    // A hand-built request for another område's cell, and for a budget figure: refused with the reason.
    for (const forged of [other, budget]) {
      const res = await t.request(`${base}/${chef.id}/overrides`, { as: 'chef1', json: { set: [forged] } })
      expect(res.status).toBe(403)
      expect(await res.json()).toEqual({ error: 'forbidden', message: 'Du kan bara ändra RSU-platser för ditt eget område.' })
    }
    const lasare = await t.request(`${base}/${chef.id}/overrides`, { as: 'lasare', json: { set: [own] } })
    expect(lasare.status).toBe(403)
    expect(await lasare.json()).toEqual({ error: 'forbidden', message: 'Du har läsbehörighet och kan inte ändra celler.' })
    const missing = await t.request(`${base}/${chef.id}/overrides`, { as: 'ekonom', json: { set: [{ ...own, rowId: 'saknas' }] } })
    expect(await missing.json()).toEqual({ error: 'forbidden', message: 'Cellen finns inte i planen.' })
    const after = Api.ScenarioDetail.parse(await (await t.request(`${base}/${chef.id}`, { as: 'ekonom' })).json())
    expect(after.overrides).toEqual([own])
  })

  it('[SC6] audits every override with its author, address and old and new value', async () => {
    const s = await create('ekonom', 'Granskad')
    const kostnader = cellOf(plan, 'Budget', 'Kostnader', 'Budget 2024')
    await t.request(`${base}/${s.id}/overrides`, { as: 'ekonom', json: { set: [{ ...kostnader, input: 20800 }] } })
    await t.request(`${base}/${s.id}/overrides`, { as: 'ekonom', json: { set: [{ ...kostnader, input: 20900 }] } })
    await t.request(`${base}/${s.id}/overrides`, { as: 'ekonom', json: { remove: [kostnader] } })
    const history = Api.HistoryResponse.parse(await (await t.request(`${base}/${s.id}/history`, { as: 'ekonom' })).json())
    expect(history.entries.map((e) => [e.userName, e.address, e.old, e.new])).toEqual([
      ['Eva Ekonom', 'Budget!C2', 20900, 20684.1],
      ['Eva Ekonom', 'Budget!C2', 20800, 20900],
      ['Eva Ekonom', 'Budget!C2', 20684.1, 20800],
    ])
    // The plan itself is untouched.
    expect(getCellInput(plan, kostnader.sheetId, kostnader.rowId, kostnader.colId)).toBe(20684.1)
  })

  it('[SC8] renaming, sharing and deleting are for the owner, and for an admin of a shared scenario', async () => {
    const s = await create('ekonom', 'Strukturtillägg −10 %', 'shared')
    expect(await listed('lasare')).toContain('Strukturtillägg −10 %')
    const refused = await t.request(`${base}/${s.id}`, { as: 'chef1', method: 'PATCH', json: { name: 'Mitt' } })
    expect(refused.status).toBe(403)
    const renamed = await t.request(`${base}/${s.id}`, { as: 'admin', method: 'PATCH', json: { name: 'Strukturtillägg −5 %' } })
    expect(Api.ScenarioDetail.parse(await renamed.json()).name).toBe('Strukturtillägg −5 %')
    const priv = await t.request(`${base}/${s.id}`, { as: 'ekonom', method: 'PATCH', json: { visibility: 'private' } })
    expect(Api.ScenarioDetail.parse(await priv.json()).visibility).toBe('private')
    expect(await listed('lasare')).not.toContain('Strukturtillägg −5 %')
    expect((await t.request(`${base}/${s.id}`, { as: 'ekonom', method: 'DELETE' })).status).toBe(204)
    expect(await listed('ekonom')).not.toContain('Strukturtillägg −5 %')
    expect((await t.request(`${base}/${s.id}`, { as: 'ekonom' })).status).toBe(404)
  })

  it('[SC10] answers 304 without a body while the scenario is unchanged, and the new scenario once a colleague changed it', async () => {
    const s = await create('ekonom', 'Följs live', 'shared')
    const first = await t.request(`${base}/${s.id}`, { as: 'admin' })
    const etag = first.headers.get('etag')
    expect(first.status).toBe(200)
    expect(etag).toMatch(/^"[\w-]+"$/)
    const same = await t.request(`${base}/${s.id}`, { as: 'admin', headers: { 'if-none-match': etag ?? '' } })
    expect(same.status).toBe(304)
    expect(await same.text()).toBe('')
    const cell = cellOf(plan, 'Budget', 'Kostnader', 'Budget 2024')
    const set = await t.request(`${base}/${s.id}/overrides`, { as: 'ekonom', json: { set: [{ ...cell, input: 21000 }] } })
    expect(set.status).toBe(200)
    const changed = await t.request(`${base}/${s.id}`, { as: 'admin', headers: { 'if-none-match': etag ?? '' } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(Api.ScenarioDetail.parse(await changed.json()).overrides).toEqual([{ ...cell, input: 21000 }])
    // Made private by its owner: the colleague's next ask is refused as for a missing scenario.
    await t.request(`${base}/${s.id}`, { as: 'ekonom', method: 'PATCH', json: { visibility: 'private' } })
    expect((await t.request(`${base}/${s.id}`, { as: 'admin', headers: { 'if-none-match': etag ?? '' } })).status).toBe(404)
  })

  it('[SC9] exports the comparison as a Konsekvensbeskrivning PDF and as xlsx with both sets of live formulas', async () => {
    const s = await create('ekonom', 'Kostnader +1 %', 'shared')
    const kostnader = cellOf(plan, 'Budget', 'Kostnader', 'Budget 2024')
    await t.request(`${base}/${s.id}/overrides`, { as: 'ekonom', json: { set: [{ ...kostnader, input: 20684.1 * 1.01 }] } })

    const pdf = await t.request(`${base}/${s.id}/export?format=pdf&date=2026-11-29`, { as: 'lasare' })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toContain("filename*=UTF-8''Konsekvensbeskrivning%20Kostnader%20%2B1%20%25.pdf")
    const dir = mkdtempSync(join(tmpdir(), 'samplan-konsekvens-'))
    try {
      const file = join(dir, 'k.pdf')
      writeFileSync(file, Buffer.from(await pdf.arrayBuffer()))
      const text = execFileSync('pdftotext', ['-layout', file, '-'])
        .toString()
        .replace(/\u00a0/g, ' ')
      expect(text).toContain('Konsekvensbeskrivning: Kostnader +1 %')
      expect(text).toMatch(/Budget!C2\s+Kostnader\s+Budget 2024\s+20 684,1\s+20 890,9\s+\+206,8 mnkr\s+\+1,0 %/)
      expect(text).toMatch(/Budget!C4\s+Netto KF Budget\s+Budget 2024\s+20 387,1\s+20 593,9\s+\+206,8 mnkr\s+\+1,0 %/)
      expect(text).toContain('Summor och formler som ändras')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }

    const xlsx = await t.request(`${base}/${s.id}/export?format=xlsx`, { as: 'ekonom' })
    expect(xlsx.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await xlsx.arrayBuffer())
    expect(book.worksheets.map((w) => w.name)).toContain('Budget (scenario)')
    const cached = (sheet: string, address: string) => {
      const value = book.getWorksheet(sheet)?.getCell(address).value as { formula?: string; result?: unknown } | number
      return typeof value === 'object' && value !== null ? value : { result: value }
    }
    expect(cached('Budget', 'C2').result).toBe(20684.1)
    expect(cached('Budget (scenario)', 'C2').result).toBeCloseTo(20890.941, 9)
    // Both sets of formulas are live: the scenario's netto sums the scenario's own figures.
    expect(cached('Budget', 'C4')).toMatchObject({ formula: 'C2-C3', result: 20387.1 })
    expect(cached('Budget (scenario)', 'C4').formula).toBe('C2-C3')
    expect(cached('Budget (scenario)', 'C4').result).toBeCloseTo(20593.941, 9)

    const bad = await t.request(`${base}/${s.id}/export?format=doc`, { as: 'ekonom' })
    expect(bad.status).toBe(400)
  })

  it('[SC6] keeps what-ifs of a beslutad plan open: the status lock does not apply in a scenario', async () => {
    for (const status of ['inskickad', 'beslutad']) {
      const res = await t.request('/api/workbooks/vp-2024/status', { as: 'admin', json: { status } })
      expect(res.status).toBe(200)
    }
    const s = await create('ekonom', 'Efter beslutet')
    const kostnader = { ...cellOf(plan, 'Budget', 'Kostnader', 'Budget 2024'), input: 21000 }
    const res = await t.request(`${base}/${s.id}/overrides`, { as: 'ekonom', json: { set: [kostnader] } })
    expect(res.status).toBe(200)
    expect(Api.ScenarioDetail.parse(await res.json()).overrides).toEqual([kostnader])
  })
})
