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
    expect(await (await t.request('/api/health')).json()).toEqual({
      ok: true,
      version: 'test',
      database: 'ok',
      databaseKind: 'sqlite',
      redis: 'not-configured',
    })
  })
})

describe('the browser session: an httpOnly cookie that renews short tokens, and sessions you can end', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  /** Signs in with a password; the session cookie as the browser would send it back. */
  async function signIn(username: string): Promise<{ token: string; cookie: string; setCookie: string }> {
    const res = await t.request('/api/login', { json: { username, password: DEMO_PASSWORD } })
    const setCookie = res.headers.get('set-cookie') ?? ''
    const cookie = /samplan_session=[^;]+/.exec(setCookie)?.[0] ?? ''
    return { token: Api.LoginResponse.parse(await res.json()).token, cookie, setCookie }
  }
  const refresh = (cookie: string, headers: Record<string, string> = { 'x-samplan-session': '1' }) =>
    t.request('/api/session/refresh', { method: 'POST', headers: { cookie, ...headers } })

  it('sets the session as an httpOnly SameSite=Strict cookie that only /api/session sees', async () => {
    const { setCookie, cookie } = await signIn('ekonom')
    expect(cookie).toMatch(/^samplan_session=ey/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    expect(setCookie).toMatch(/Path=\/api\/session/)
  })

  it('renews a bearer token from the cookie, and refuses the cookie without the session header or as a bearer token', async () => {
    const { cookie, token } = await signIn('ekonom')
    const renewed = await refresh(cookie)
    expect(renewed.status).toBe(200)
    const body = Api.LoginResponse.parse(await renewed.json())
    expect(body.user.username).toBe('ekonom')
    expect((await t.app.request('/api/me', { headers: { authorization: `Bearer ${body.token}` } })).status).toBe(200)
    expect(token).not.toBe('')
    // A cross-site form cannot add the header: refused before the cookie is read.
    const forged = await refresh(cookie, {})
    expect(forged.status).toBe(403)
    // The session token itself never opens the API.
    const asBearer = await t.app.request('/api/me', { headers: { authorization: `Bearer ${cookie.split('=')[1]}` } })
    expect(await asBearer.json()).toEqual({ error: 'unauthorized', message: 'Ogiltig inloggning: logga in igen.' })
  })

  it('ends the session on sign-out: the cookie is cleared and renews nothing', async () => {
    const { cookie } = await signIn('lasare')
    const out = await t.request('/api/session/logout', { method: 'POST', headers: { cookie, 'x-samplan-session': '1' } })
    expect(Api.SignOutResponse.parse(await out.json())).toEqual({ endSessionUrl: null })
    expect(out.headers.get('set-cookie')).toMatch(/samplan_session=;/)
    expect((await refresh('')).status).toBe(401)
  })

  it('[A4] "Logga ut överallt" makes every token and session of the user fail, and no one else\'s', async () => {
    const first = await signIn('chef1')
    const second = await signIn('chef1')
    const other = await signIn('chef2')
    const ended = await t.app.request('/api/session/end-everywhere', {
      method: 'POST',
      headers: { authorization: `Bearer ${first.token}`, cookie: first.cookie, 'x-samplan-session': '1' },
    })
    expect(ended.status).toBe(200)
    for (const token of [first.token, second.token]) {
      const me = await t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })
      expect(await me.json()).toEqual({ error: 'unauthorized', message: 'Du har loggats ut på alla enheter: logga in igen.' })
    }
    expect((await refresh(second.cookie)).status).toBe(401)
    expect((await t.app.request('/api/me', { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(200)
    // Signing in again works at once, under the new generation.
    const again = await signIn('chef1')
    expect((await t.app.request('/api/me', { headers: { authorization: `Bearer ${again.token}` } })).status).toBe(200)
  })

  it('offers the password form when no identity provider is configured', async () => {
    expect(Api.SignInMethods.parse(await (await t.request('/api/session/methods')).json())).toEqual({ password: true, provider: null })
    expect((await t.request('/api/oidc/login')).status).toBe(404)
  })
})
