import { Api, ApiError } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../auth/demo-users'
import { createTestApp, type TestApp } from '../test-support'

describe('sign-in and the signed-in user', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  it('signs in with the right password and answers the contract LoginResponse, presence colour included', async () => {
    const res = await t.request('/api/login', { json: { username: 'ekonom', password: DEMO_PASSWORD } })
    expect(res.status).toBe(200)
    const body = Api.LoginResponse.parse(await res.json())
    expect(body.user).toMatchObject({ username: 'ekonom', role: 'ekonom', name: 'Eva Ekonom' })
    expect(body.user.color).toMatch(/^#[0-9a-f]{6}$/)
    // The token it gives opens the API.
    const me = await t.app.request('/api/me', { headers: { authorization: `Bearer ${body.token}` } })
    expect(Api.Me.parse(await me.json())).toEqual(body.user)
  })

  it('refuses a wrong password with 401 bad-credentials and the same message as an unknown user', async () => {
    const wrong = await t.request('/api/login', { json: { username: 'ekonom', password: 'fel' } })
    const unknown = await t.request('/api/login', { json: { username: 'ingen', password: 'fel' } })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const wrongBody = ApiError.parse(await wrong.json())
    expect(wrongBody).toEqual({ error: 'bad-credentials', message: 'Fel användarnamn eller lösenord.' })
    expect(ApiError.parse(await unknown.json())).toEqual(wrongBody)
  })

  it('answers a body that is not JSON, or not a LoginRequest, with 400 invalid-request', async () => {
    const notJson = await t.request('/api/login', { body: '{"username": ', headers: { 'content-type': 'application/json' } })
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toEqual({ error: 'invalid-request', message: 'Förfrågan måste vara giltig JSON.' })
    const missing = await t.request('/api/login', { json: { username: 'ekonom' } })
    expect(missing.status).toBe(400)
    expect(ApiError.parse(await missing.json()).error).toBe('invalid-request')
  })

  it('answers /api/me and every workbook route without a valid token with 401 unauthorized', async () => {
    for (const path of ['/api/me', '/api/workbooks', '/api/workbooks/vp-2024/history', '/api/workbooks/vp-2024/nothing-here']) {
      const res = await t.request(path)
      expect(res.status, path).toBe(401)
      expect(await res.json(), path).toEqual({ error: 'unauthorized', message: 'Du är inte inloggad.' })
    }
    const forged = await t.request('/api/me', { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x' } })
    expect(await forged.json()).toEqual({ error: 'unauthorized', message: 'Ogiltig inloggning: logga in igen.' })
  })

  it('answers an unknown API path with 404 not-found, and health without signing in', async () => {
    const unknown = await t.request('/api/nothing', { as: 'ekonom' })
    expect(unknown.status).toBe(404)
    expect(ApiError.parse(await unknown.json()).error).toBe('not-found')
    expect(await (await t.request('/api/health')).json()).toEqual({ ok: true, version: 'test' })
  })
})
