import { Api, ApiError, getSheetGrid, getWorkbookInfo, listSheets } from '@samplan/domain'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support'

describe('workbooks: membership decides what exists for a user (SPEC A2)', () => {
  let t: TestApp
  let private_: string
  beforeAll(async () => {
    t = await createTestApp()
    // A workbook only Eva is a member of.
    private_ = (await t.deps.workbooks.create('Evas utkast', 'empty')).id
    await t.deps.access.grant(private_, t.user('ekonom').id)
  })
  afterAll(() => t.close())

  it('lists the workbooks a user is a member of; an admin sees all', async () => {
    const ids = async (as: string) =>
      Api.WorkbookList.parse(await (await t.request('/api/workbooks', { as })).json()).workbooks.map((w) => w.id)
    expect(await ids('ekonom')).toEqual(['vp-2024', private_])
    expect(await ids('lasare')).toEqual(['vp-2024'])
    expect(await ids('admin')).toEqual(['vp-2024', private_])
  })

  it('answers a workbook of others exactly as a missing one: 404 not-found', async () => {
    const others = await t.request(`/api/workbooks/${private_}`, { as: 'lasare' })
    const missing = await t.request('/api/workbooks/finns-inte', { as: 'lasare' })
    expect([others.status, missing.status]).toEqual([404, 404])
    expect(ApiError.parse(await others.json()).error).toBe('not-found')
    expect(ApiError.parse(await missing.json()).error).toBe('not-found')
    for (const path of ['history', 'versions', 'export?format=csv', 'quarantine']) {
      expect((await t.request(`/api/workbooks/${private_}/${path}`, { as: 'chef1' })).status, path).toBe(404)
    }
    // Rolling over someone else's workbook is as impossible as reading it, whatever the role.
    const before = (await t.deps.store.listWorkbooks()).length
    // A workbook without dated columns has no year to move on: refused with a reason, nothing made.
    const undated = await t.request(`/api/workbooks/${private_}/rollover`, { as: 'admin', json: {} })
    expect(undated.status).toBe(400)
    expect(ApiError.parse(await undated.json()).message).toMatch(/budgetår/)
    const stranger = await t.request(`/api/workbooks/${private_}/rollover`, { as: 'lasare', json: {} })
    expect(stranger.status).toBe(404)
    expect((await t.deps.store.listWorkbooks()).length).toBe(before)
  })

  it('answers a member with the WorkbookInfo: title, epoch and status', async () => {
    const res = await t.request('/api/workbooks/vp-2024', { as: 'lasare' })
    expect(res.status).toBe(200)
    const info = Api.WorkbookInfo.parse(await res.json())
    expect(info).toMatchObject({ id: 'vp-2024', title: 'Verksamhetsplan 2024 – Utbildningsnämnden', status: 'utkast' })
    expect(info.epoch).not.toBe('')
  })

  it('creates a workbook for an ekonom, who becomes its member, and validates the body', async () => {
    const res = await t.request('/api/workbooks', { as: 'ekonom', json: { title: '  Budget 2025  ' } })
    expect(res.status).toBe(201)
    const created = Api.WorkbookSummary.parse(await res.json())
    expect(created.title).toBe('Budget 2025')
    expect((await t.request(`/api/workbooks/${created.id}`, { as: 'ekonom' })).status).toBe(200)
    expect((await t.request(`/api/workbooks/${created.id}`, { as: 'lasare' })).status).toBe(404)
    const invalid = await t.request('/api/workbooks', { as: 'ekonom', json: { title: 42 } })
    expect(invalid.status).toBe(400)
    expect(ApiError.parse(await invalid.json()).error).toBe('invalid-request')
  })

  it('rolls the plan over into next year for the same members, leaving the source as it was (RO1-RO8)', async () => {
    const source = (await t.deps.rooms.get('vp-2024')).doc
    const before = Y.encodeStateAsUpdate(source)
    const refused = await t.request('/api/workbooks/vp-2024/rollover', { as: 'lasare', json: {} })
    expect(refused.status).toBe(403)
    expect(ApiError.parse(await refused.json()).error).toBe('forbidden')

    const res = await t.request('/api/workbooks/vp-2024/rollover', { as: 'ekonom', json: { newBudget: 'empty' } })
    expect(res.status).toBe(201)
    const rolled = Api.WorkbookSummary.parse(await res.json())
    expect(rolled.title).toBe('Verksamhetsplan 2025 – Utbildningsnämnden')
    expect(Y.encodeStateAsUpdate(source)).toEqual(before)
    // Every member of the source may open next year's plan.
    const info = Api.WorkbookInfo.parse(await (await t.request(`/api/workbooks/${rolled.id}`, { as: 'lasare' })).json())
    expect(info.status).toBe('utkast')
    const wb = (await t.deps.rooms.get(rolled.id)).workbook
    expect(getWorkbookInfo(wb).source).toMatchObject({ workbookId: 'vp-2024', year: 2024 })
    const budget = listSheets(wb).find((s) => s.name === 'Budget')!
    expect(getSheetGrid(wb, budget.id).columns.map((c) => c.label)).toEqual(['Driftsbudget, mnkr', 'Budget 2024', 'Budget 2025', 'Ökning (+)/ minskning (-)'])
  })
})
