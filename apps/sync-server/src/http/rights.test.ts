import { ACTION_DENIAL, mayTakeAction, RoleSchema, type ApiAction } from '@samplan/domain'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type RequestOptions, type TestApp } from './test-support'

/**
 * [A1] One request per API action, made so that an allowed role is never refused for another
 * reason with 403 (a transition that is not allowed is 409, a file that is not xlsx 400).
 * Comments have no route: they travel in the document and the rights check judges them (R9);
 * nor has applying a scenario back, which is the browser's own edit of the plan (SC7).
 */
const REQUESTS: ReadonlyArray<[Exclude<ApiAction, 'comment'>, (versionId: string) => [string, RequestOptions]]> = [
  ['open-workbook', () => ['/api/workbooks/vp-2024', {}]],
  ['export', () => ['/api/workbooks/vp-2024/export?format=csv', {}]],
  ['save-version', () => ['/api/workbooks/vp-2024/versions', { json: { name: 'Prov' } }]],
  ['restore-version', (v) => [`/api/workbooks/vp-2024/versions/${v}/restore`, { method: 'POST' }]],
  ['change-status', () => ['/api/workbooks/vp-2024/status', { json: { status: 'utkast' } }]],
  ['create-workbook', () => ['/api/workbooks', { json: { title: 'Prov' } }]],
  ['import-xlsx', () => ['/api/workbooks/vp-2024/import', { body: 'inte en xlsx-fil' }]],
  ['view-quarantine', () => ['/api/workbooks/vp-2024/quarantine', {}]],
  ['create-scenario', () => ['/api/workbooks/vp-2024/scenarios', { json: { name: 'Prov' } }]],
]

describe('[A1] who may take each API action', () => {
  let t: TestApp
  let versionId: string
  beforeAll(async () => {
    t = await createTestApp()
    const doc = (await t.deps.rooms.get('vp-2024')).doc
    versionId = (await t.deps.versions.create('vp-2024', 'Start', t.user('admin').id, Y.encodeStateAsUpdate(doc))).id
  })
  afterAll(() => t.close())

  for (const [action, request] of REQUESTS) {
    for (const role of RoleSchema.options) {
      const allowed = mayTakeAction(role, action)
      it(`${allowed ? 'lets' : 'refuses'} ${role}: ${action}`, async () => {
        const [path, options] = request(versionId)
        const res = await t.request(path, { ...options, as: t.userWithRole(role).username })
        if (allowed) expect(res.status).not.toBe(403)
        else {
          expect(res.status).toBe(403)
          expect(await res.json()).toEqual({ error: 'forbidden', message: ACTION_DENIAL[action] })
        }
      })
    }
  }
})
