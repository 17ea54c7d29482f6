import { ApiError } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support'

describe('export route', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  it('gives a läsare the sheet as Swedish csv with a download name, by sheet name', async () => {
    const res = await t.request('/api/workbooks/vp-2024/export?format=csv&sheet=Budget', { as: 'lasare' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Budget.csv"; filename*=UTF-8''Budget.csv`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the BOM Swedish Excel needs for UTF-8
    expect(new TextDecoder().decode(bytes)).toMatch(/^Kostnader;/m)
  })

  it('answers an unknown sheet with 404 unknown-sheet and a bad query with 400 invalid-request', async () => {
    const sheet = await t.request('/api/workbooks/vp-2024/export?format=csv&sheet=Finns%20inte', { as: 'lasare' })
    expect(sheet.status).toBe(404)
    expect(ApiError.parse(await sheet.json())).toEqual({ error: 'unknown-sheet', message: 'Bladet Finns inte finns inte i arbetsboken.' })
    const format = await t.request('/api/workbooks/vp-2024/export?format=docx', { as: 'lasare' })
    expect(format.status).toBe(400)
    expect(ApiError.parse(await format.json()).error).toBe('invalid-request')
  })

  it('takes the token from the query for plain download links', async () => {
    const { token } = await t.deps.tokens.issue(t.user('lasare'))
    const res = await t.app.request(`/api/workbooks/vp-2024/export?format=csv&token=${encodeURIComponent(token)}`)
    expect(res.status).toBe(200)
  })
})
