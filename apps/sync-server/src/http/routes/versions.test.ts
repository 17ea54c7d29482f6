import {
  Api,
  ApiError,
  canMoveStatus,
  findSheetByName,
  getSheetGrid,
  setCells,
  WorkbookStatusSchema,
  type WorkbookStatus,
} from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support'

describe('named versions: save, compare, restore', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  const budgetC3 = async () => {
    const room = await t.deps.rooms.get('vp-2024')
    const sheet = findSheetByName(room.workbook, 'Budget')!
    const grid = getSheetGrid(room.workbook, sheet.id)
    return { room, sheetId: sheet.id, rowId: grid.rowIds[2]!, colId: grid.colIds[2]! }
  }

  it('saves a version, lists it, compares it with now (CompareResponse with column specs) and restores it', async () => {
    const saved = await t.request('/api/workbooks/vp-2024/versions', { as: 'ekonom', json: { name: 'Förvaltningens förslag' } })
    expect(saved.status).toBe(201)
    const version = Api.VersionRecord.parse(await saved.json())
    expect(version).toMatchObject({ name: 'Förvaltningens förslag', createdByName: 'Eva Ekonom' })
    const list = Api.VersionList.parse(await (await t.request('/api/workbooks/vp-2024/versions', { as: 'lasare' })).json())
    expect(list.versions.map((v) => v.id)).toEqual([version.id])

    const { room, sheetId, rowId, colId } = await budgetC3()
    await room.changeAsServer(t.user('ekonom'), (workbook) => ({
      cells: [{ sheetId, rowId, colId }],
      apply: () => setCells(workbook, sheetId, [{ rowId, colId, input: 123.4 }]),
    }))
    const compared = await t.request(`/api/workbooks/vp-2024/versions/compare?from=${version.id}`, { as: 'lasare' })
    const { differences, to } = Api.CompareResponse.parse(await compared.json())
    expect(to).toBe('current')
    expect(differences).toEqual([expect.objectContaining({ sheetName: 'Budget', a1: 'C3', rowId, colId, to: 123.4 })])
    expect(differences[0]!.column).toMatchObject({ type: 'number', unit: 'mnkr' })

    const restored = await t.request(`/api/workbooks/vp-2024/versions/${version.id}/restore`, { as: 'admin', method: 'POST' })
    expect(Api.RestoreResponse.parse(await restored.json())).toEqual({ changedCells: 1, removedRows: 0, removedColumns: 0, missingRows: 0 })
  })

  it('answers a missing version with 404 not-found on compare, restore and export alike', async () => {
    for (const [path, method] of [
      ['versions/compare?from=v-saknas', 'GET'],
      ['versions/compare?from=v-saknas&to=v-saknas', 'GET'],
      ['versions/v-saknas/restore', 'POST'],
      ['export?format=csv&version=v-saknas', 'GET'],
    ] as const) {
      const res = await t.request(`/api/workbooks/vp-2024/${path}`, { as: 'admin', method })
      expect(res.status, path).toBe(404)
      expect(ApiError.parse(await res.json()), path).toEqual({ error: 'not-found', message: 'Versionen v-saknas finns inte.' })
    }
    const noFrom = await t.request('/api/workbooks/vp-2024/versions/compare', { as: 'admin' })
    expect(noFrom.status).toBe(400)
    expect(ApiError.parse(await noFrom.json()).error).toBe('invalid-request')
  })
})

describe('[A3] the status workflow', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  const setStatus = (id: string, status: string, versionName?: string) =>
    t.request(`/api/workbooks/${id}/status`, { as: 'admin', json: { status, versionName } })

  /** A fresh workbook moved along allowed steps to `status`. */
  const workbookAt = async (status: WorkbookStatus) => {
    const id = await t.newWorkbook()
    const path: WorkbookStatus[] = status === 'utkast' ? [] : status === 'inskickad' ? ['inskickad'] : ['inskickad', 'beslutad']
    for (const step of path) expect((await setStatus(id, step)).status).toBe(200)
    return id
  }

  for (const from of WorkbookStatusSchema.options) {
    for (const to of WorkbookStatusSchema.options) {
      const allowed = canMoveStatus(from, to)
      it(`${allowed ? 'moves' : 'refuses with 409'} ${from} -> ${to}`, async () => {
        const id = await workbookAt(from)
        const res = await setStatus(id, to)
        if (allowed) {
          expect(res.status).toBe(200)
          expect(Api.StatusChangeResponse.parse(await res.json()).status).toBe(to)
        } else {
          expect(res.status).toBe(409)
          expect(await res.json()).toEqual({ error: 'invalid-transition', message: `Status kan inte gå från ${from} till ${to}.` })
        }
      })
    }
  }

  it('saves the decided version under the given name, and a decided workbook cannot be restored', async () => {
    const id = await workbookAt('inskickad')
    const decided = Api.StatusChangeResponse.parse(await (await setStatus(id, 'beslutad', 'Beslutad 2023-12-14, dnr UBN 2023/1234')).json())
    expect(decided.version).toMatchObject({ name: 'Beslutad 2023-12-14, dnr UBN 2023/1234', createdByName: 'Anna Admin' })
    const restore = await t.request(`/api/workbooks/${id}/versions/${decided.version!.id}/restore`, { as: 'admin', method: 'POST' })
    expect(restore.status).toBe(403)
    expect(await restore.json()).toEqual({ error: 'forbidden', message: 'Arbetsboken är beslutad och kan inte återställas.' })
  })
})
