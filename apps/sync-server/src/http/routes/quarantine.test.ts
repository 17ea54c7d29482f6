import { Api } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support'

describe('quarantine: what would not load is shown to an administrator', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  it('sets a bad log row aside when the workbook loads and lists it as a QuarantineResponse', async () => {
    const id = await t.newWorkbook()
    // Bytes Yjs throws on, as if written by a broken client before the rights check existed.
    await t.deps.store.appendUpdate(id, new Uint8Array([1, 1, 200, 1, 0, 8, 0]), t.user('ekonom').id)
    const res = await t.request(`/api/workbooks/${id}/quarantine`, { as: 'admin' })
    expect(res.status).toBe(200)
    const { entries } = Api.QuarantineResponse.parse(await res.json())
    expect(entries).toEqual([expect.objectContaining({ kind: 'update', userId: t.user('ekonom').id, bytes: 7 })])
  })
})
