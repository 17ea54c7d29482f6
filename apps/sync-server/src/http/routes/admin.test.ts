import { ACTION_DENIAL, Api, ApiError, CloseCode, getWorkbookInfo } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../auth/demo-users'
import { DEACTIVATED_MESSAGE } from '../../auth/users'
import { createTestApp, type TestApp } from '../test-support'
import { MEMBERSHIP_ENDED_MESSAGE } from '../../auth/open-sessions'
import { RIGHTS_CHANGED_MESSAGE } from './admin'

const CSRF = { 'x-samplan-session': '1' }

/** Every admin route with a body that would pass validation, so only the role decides. */
const ADMIN_ROUTES: ReadonlyArray<{ method: string; path: string; json?: unknown; action: keyof typeof ACTION_DENIAL }> = [
  { method: 'GET', path: '/api/admin/people', action: 'manage-people' },
  {
    method: 'POST',
    path: '/api/admin/people',
    json: { signIn: 'password', username: 'x', name: 'X', role: 'lasare' },
    action: 'manage-people',
  },
  { method: 'PATCH', path: '/api/admin/people/u-lasare-3', json: { role: 'ekonom' }, action: 'manage-people' },
  { method: 'GET', path: '/api/admin/workbooks/vp-2024/members', action: 'manage-members' },
  { method: 'PUT', path: '/api/admin/workbooks/vp-2024/members/u-lasare-3', action: 'manage-members' },
  { method: 'DELETE', path: '/api/admin/workbooks/vp-2024/members/u-lasare-3', action: 'manage-members' },
  { method: 'POST', path: '/api/admin/workbooks', json: { from: 'template', title: 'Ny' }, action: 'administer-workbooks' },
  { method: 'GET', path: '/api/admin/audit', action: 'view-admin-audit' },
]

async function signIn(t: TestApp, username: string, password: string): Promise<Response> {
  return t.request('/api/login', { json: { username, password } })
}

function sessionCookieOf(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('samplan_session='))
  if (!cookie) throw new Error('no session cookie')
  return cookie.split(';')[0] as string
}

/** A socket stand-in registered as the sync endpoint registers one: what closed it, and the live user its room reads. */
function openSocket(t: TestApp, username: string, workbookId?: string) {
  const closed: Array<{ code: number; reason: string }> = []
  const user = { ...t.user(username) }
  t.deps.openSessions!.add(user.id, { close: (code, reason) => closed.push({ code, reason }) }, user, null, workbookId)
  return { closed, user }
}

describe('[A6] administration', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  it('[A6] refuses every admin route to every other role with 403 and the reason, and to no one signed in with 401', async () => {
    for (const as of ['ekonom', 'chef1', 'lasare']) {
      for (const route of ADMIN_ROUTES) {
        const res = await t.request(route.path, { as, method: route.method, json: route.json })
        expect(res.status, `${as} ${route.method} ${route.path}`).toBe(403)
        expect(await res.json()).toEqual({ error: 'forbidden', message: ACTION_DENIAL[route.action] })
      }
    }
    for (const route of ADMIN_ROUTES) {
      const res = await t.request(route.path, { method: route.method, json: route.json })
      expect(res.status, `${route.method} ${route.path}`).toBe(401)
    }
    // Nothing was created or changed on the way.
    expect((await t.deps.audit.adminHistory()).length).toBe(0)
    expect(await t.deps.users.person(t.user('lasare').id)).toMatchObject({ role: 'lasare', active: true })
  })

  it('[A6] creates a local person with a generated password shown once, who signs in with it; the audit names who and what', async () => {
    const res = await t.request('/api/admin/people', {
      as: 'admin',
      json: { signIn: 'password', username: 'Nora', name: 'Nora Ny', role: 'lasare' },
    })
    expect(res.status).toBe(201)
    const body = Api.CreatePersonResponse.parse(await res.json())
    expect(body.person).toMatchObject({ username: 'Nora', name: 'Nora Ny', role: 'lasare', omrade: null, active: true, signIn: 'password' })
    expect(body.password).toMatch(/^[A-Za-z0-9_-]{16}$/)
    expect((await signIn(t, 'nora', body.password!)).status).toBe(200)
    const list = Api.AdminPeople.parse(await (await t.request('/api/admin/people', { as: 'admin' })).json())
    expect(list.people.find((p) => p.username === 'Nora')).toEqual(body.person)
    const [entry] = (await t.deps.audit.adminHistory(1)) as [Api.AdminAuditEntry]
    expect(entry).toMatchObject({
      actorId: t.user('admin').id,
      actorName: 'Anna Admin',
      action: 'create-person',
      target: 'Nora',
      new: 'lasare',
    })
    // The password is never stored or answered again.
    expect(JSON.stringify(list)).not.toContain(body.password)
  })

  it('[A6] refuses a taken username, a short given password and an områdeschef without område, saying why', async () => {
    const taken = await t.request('/api/admin/people', {
      as: 'admin',
      json: { signIn: 'password', username: 'EKONOM', name: 'E', role: 'ekonom' },
    })
    expect(await taken.json()).toEqual({ error: 'invalid-request', message: 'Användarnamnet EKONOM är redan upptaget.' })
    const short = await t.request('/api/admin/people', {
      as: 'admin',
      json: { signIn: 'password', username: 'kort', name: 'K', role: 'ekonom', password: 'elva tecken' },
    })
    expect(short.status).toBe(400)
    expect(ApiError.parse(await short.json()).message).toContain('minst 12 tecken')
    const noOmrade = await t.request('/api/admin/people', {
      as: 'admin',
      json: { signIn: 'password', username: 'chef3', name: 'C', role: 'omradeschef' },
    })
    expect(await noOmrade.json()).toEqual({
      error: 'invalid-request',
      message: 'En områdeschef behöver ett område (till exempel Område 1).',
    })
  })

  it('[A6] pre-registers a provider account by issuer and subject, which has no password to sign in with', async () => {
    const res = await t.request('/api/admin/people', {
      as: 'admin',
      json: {
        signIn: 'oidc',
        username: 'olle@stad.se',
        name: 'Olle',
        role: 'omradeschef',
        omrade: 'Område 2',
        issuer: 'https://idp.stad.se',
        subject: 'sub-olle',
      },
    })
    expect(res.status).toBe(201)
    const body = Api.CreatePersonResponse.parse(await res.json())
    expect(body).toMatchObject({ person: { signIn: 'oidc', role: 'omradeschef', omrade: 'Område 2' }, password: null })
    const signedIn = await t.deps.users.signInWithProvider(
      { issuer: 'https://idp.stad.se', subject: 'sub-olle', username: 'olle@stad.se', name: 'Olle', role: null, omrade: null },
      null,
    )
    expect(signedIn).toMatchObject({ ok: true, created: false, user: { id: body.person.id, role: 'omradeschef', omrade: 'Område 2' } })
  })

  it('[A6] changes role and område: open sockets judge with the new role at once and reconnect; audited old -> new', async () => {
    const lasare = t.user('lasare')
    const socket = openSocket(t, 'lasare')
    const res = await t.request(`/api/admin/people/${lasare.id}`, {
      as: 'admin',
      method: 'PATCH',
      json: { role: 'omradeschef', omrade: 'Område 1' },
    })
    expect(res.status).toBe(200)
    expect(Api.AdminPerson.parse(await res.json())).toMatchObject({ role: 'omradeschef', omrade: 'Område 1' })
    expect(socket.user).toMatchObject({ role: 'omradeschef', omrade: 'Område 1' })
    expect(socket.closed).toEqual([{ code: CloseCode.Unauthorized, reason: RIGHTS_CHANGED_MESSAGE }])
    // The next request with the same token already carries the new role.
    expect(Api.Me.parse(await (await t.request('/api/me', { as: 'lasare' })).json())).toMatchObject({ role: 'omradeschef' })
    const [omrade, role] = await t.deps.audit.adminHistory(2)
    expect(role).toMatchObject({ action: 'change-role', target: 'lasare', old: 'lasare', new: 'omradeschef' })
    expect(omrade).toMatchObject({ action: 'change-omrade', target: 'lasare', old: null, new: 'Område 1' })
    await t.request(`/api/admin/people/${lasare.id}`, { as: 'admin', method: 'PATCH', json: { role: 'lasare' } })
    expect(await t.deps.users.person(lasare.id)).toMatchObject({ role: 'lasare', omrade: null })
  })

  it('[A6] refuses an admin taking away their own admin rights', async () => {
    const admin = t.user('admin')
    for (const json of [{ role: 'ekonom' }, { active: false }]) {
      const res = await t.request(`/api/admin/people/${admin.id}`, { as: 'admin', method: 'PATCH', json })
      expect(res.status).toBe(403)
      expect(ApiError.parse(await res.json()).message).toContain('din egen administratörsbehörighet')
    }
  })

  it('[A6] deactivates a person: sockets close with the reason, tokens and session fail, sign-in is refused; reactivation lets them in again', async () => {
    const created = Api.CreatePersonResponse.parse(
      await (
        await t.request('/api/admin/people', {
          as: 'admin',
          json: { signIn: 'password', username: 'dora', name: 'Dora', role: 'ekonom', password: 'ett långt lösenord' },
        })
      ).json(),
    )
    const login = await signIn(t, 'dora', 'ett långt lösenord')
    const { token } = Api.LoginResponse.parse(await login.json())
    const cookie = sessionCookieOf(login)
    const closed: Array<{ code: number; reason: string }> = []
    t.deps.openSessions!.add(created.person.id, { close: (code, reason) => closed.push({ code, reason }) })

    const res = await t.request(`/api/admin/people/${created.person.id}`, { as: 'admin', method: 'PATCH', json: { active: false } })
    expect(Api.AdminPerson.parse(await res.json()).active).toBe(false)
    expect(closed).toEqual([{ code: CloseCode.Unauthorized, reason: DEACTIVATED_MESSAGE }])
    const me = await t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(401)
    expect(await me.json()).toEqual({ error: 'unauthorized', message: DEACTIVATED_MESSAGE })
    const refresh = await t.app.request('/api/session/refresh', { method: 'POST', headers: { ...CSRF, cookie } })
    expect(await refresh.json()).toEqual({ error: 'unauthorized', message: DEACTIVATED_MESSAGE })
    const again = await signIn(t, 'dora', 'ett långt lösenord')
    expect(again.status).toBe(403)
    expect(await again.json()).toEqual({ error: 'forbidden', message: DEACTIVATED_MESSAGE })
    // A wrong password still gets the usual answer, so a guesser learns nothing.
    expect((await signIn(t, 'dora', 'fel lösenord här')).status).toBe(401)

    await t.request(`/api/admin/people/${created.person.id}`, { as: 'admin', method: 'PATCH', json: { active: true } })
    expect((await signIn(t, 'dora', 'ett långt lösenord')).status).toBe(200)
    // Tokens from before the deactivation stay dead.
    expect((await t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
    const [reactivate, deactivate] = await t.deps.audit.adminHistory(2)
    expect(deactivate).toMatchObject({ action: 'deactivate', target: 'dora', old: 'aktiv', new: 'inaktiv' })
    expect(reactivate).toMatchObject({ action: 'reactivate', target: 'dora', old: 'inaktiv', new: 'aktiv' })
  })

  it('[A6] lists, adds and removes members; a removed member cannot open the workbook; audited', async () => {
    const id = await t.newWorkbook('Medlemmar')
    const chef2 = t.user('chef2')
    const members = async () =>
      Api.WorkbookMembers.parse(await (await t.request(`/api/admin/workbooks/${id}/members`, { as: 'admin' })).json()).members.map(
        (m) => m.username,
      )
    expect(await members()).toContain('chef2')
    const socket = openSocket(t, 'chef2', id)
    const elsewhere = openSocket(t, 'chef2', 'vp-2024')
    expect((await t.request(`/api/admin/workbooks/${id}/members/${chef2.id}`, { as: 'admin', method: 'DELETE' })).status).toBe(200)
    expect(await members()).not.toContain('chef2')
    expect((await t.request(`/api/workbooks/${id}`, { as: 'chef2' })).status).toBe(404)
    expect(socket.closed).toEqual([{ code: CloseCode.NotFound, reason: MEMBERSHIP_ENDED_MESSAGE }])
    expect(elsewhere.closed).toEqual([])
    expect((await t.request(`/api/admin/workbooks/${id}/members/${chef2.id}`, { as: 'admin', method: 'PUT' })).status).toBe(200)
    expect((await t.request(`/api/workbooks/${id}`, { as: 'chef2' })).status).toBe(200)
    const [added, removed] = await t.deps.audit.adminHistory(2)
    expect(removed).toMatchObject({ action: 'remove-member', target: id, old: 'chef2', new: null })
    expect(added).toMatchObject({ action: 'add-member', target: id, old: null, new: 'chef2' })
    const missing = await t.request('/api/admin/workbooks/wb-none/members', { as: 'admin' })
    expect(await missing.json()).toEqual({ error: 'not-found', message: 'Arbetsboken finns inte.' })
  })

  it('[A6] creates a workbook from the VP template and as a copy with the same members and a new epoch; audited', async () => {
    const fromTemplate = await t.request('/api/admin/workbooks', { as: 'admin', json: { from: 'template', title: 'VP 2026' } })
    expect(fromTemplate.status).toBe(201)
    const made = Api.WorkbookSummary.parse(await fromTemplate.json())
    const madeDoc = await t.deps.rooms.get(made.id)
    expect(getWorkbookInfo(madeDoc.workbook).title).toBe('VP 2026')

    const copy = await t.request('/api/admin/workbooks', { as: 'admin', json: { from: 'copy', title: 'Kopia av VP', sourceId: 'vp-2024' } })
    expect(copy.status).toBe(201)
    const copied = Api.WorkbookSummary.parse(await copy.json())
    const source = getWorkbookInfo((await t.deps.rooms.get('vp-2024')).workbook)
    const info = getWorkbookInfo((await t.deps.rooms.get(copied.id)).workbook)
    expect(info).toMatchObject({ title: 'Kopia av VP', status: 'utkast' })
    expect(info.epoch).not.toBe(source.epoch)
    expect(new Set(await t.deps.access.membersOf(copied.id))).toEqual(
      new Set([...(await t.deps.access.membersOf('vp-2024')), t.user('admin').id]),
    )
    const [copyEntry, templateEntry] = await t.deps.audit.adminHistory(2)
    expect(templateEntry).toMatchObject({ action: 'create-workbook', target: made.id, new: 'VP 2026' })
    expect(copyEntry).toMatchObject({ action: 'copy-workbook', target: copied.id, old: 'vp-2024', new: 'Kopia av VP' })
    const bad = await t.request('/api/admin/workbooks', { as: 'admin', json: { from: 'copy', title: 'X', sourceId: 'wb-none' } })
    expect(bad.status).toBe(404)
  })

  it('[A6] answers the audit trail to the admin, newest first', async () => {
    const res = await t.request('/api/admin/audit?limit=3', { as: 'admin' })
    const { entries } = Api.AdminAuditResponse.parse(await res.json())
    expect(entries).toHaveLength(3)
    expect(entries[0]!.id).toBeGreaterThan(entries[2]!.id)
  })
})

describe('[A7] changing one’s password', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  const change = (token: string, json: unknown, cookie?: string) =>
    t.app.request('/api/session/password', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...CSRF, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(json),
    })

  it('[A7] refuses a short one, a wrong current one and the current one, saying why', async () => {
    const { token } = Api.LoginResponse.parse(await (await signIn(t, 'ekonom', DEMO_PASSWORD)).json())
    const cases: Array<[unknown, string]> = [
      [{ currentPassword: DEMO_PASSWORD, newPassword: 'kort' }, 'Lösenordet måste ha minst 12 tecken.'],
      [{ currentPassword: 'fel lösenord', newPassword: 'ett nytt långt lösenord' }, 'Det nuvarande lösenordet stämmer inte.'],
    ]
    for (const [json, message] of cases) {
      const res = await change(token, json)
      expect(res.status).toBe(400)
      expect(ApiError.parse(await res.json()).message).toContain(message)
    }
    const first = await change(token, { currentPassword: DEMO_PASSWORD, newPassword: 'ett nytt långt lösenord' })
    expect(first.status).toBe(200)
    const next = Api.LoginResponse.parse(await first.json())
    const same = await change(next.token, { currentPassword: 'ett nytt långt lösenord', newPassword: 'ett nytt långt lösenord' })
    expect(await same.json()).toEqual({ error: 'invalid-request', message: 'Det nya lösenordet måste skilja sig från det nuvarande.' })
  })

  it('[A7] refuses the demo password as the new one', async () => {
    const { token } = Api.LoginResponse.parse(await (await signIn(t, 'chef2', DEMO_PASSWORD)).json())
    const res = await change(token, { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD })
    expect(res.status).toBe(400)
    // The demo password is also refused when it is long enough to pass the length rule.
    const chef2 = t.user('chef2')
    const longDemo = 'ett demolösenord för alla'
    expect(await t.deps.users.changePassword(chef2.id, DEMO_PASSWORD, longDemo, longDemo)).toEqual({ ok: false, reason: 'demo' })
    expect((await signIn(t, 'chef2', DEMO_PASSWORD)).status).toBe(200)
  })

  it('[A7] ends the other sessions and sockets, keeps this one with a new cookie, and signs in with the new password only', async () => {
    const here = await signIn(t, 'lasare', DEMO_PASSWORD)
    const elsewhere = await signIn(t, 'lasare', DEMO_PASSWORD)
    const { token } = Api.LoginResponse.parse(await here.json())
    const otherToken = Api.LoginResponse.parse(await elsewhere.json()).token
    const socket = openSocket(t, 'lasare')
    // This browser's own socket, opened with the token that asks: it stays and renews later.
    const own: number[] = []
    t.deps.openSessions!.add(t.user('lasare').id, { close: (code) => own.push(code) }, undefined, token)
    const res = await change(token, { currentPassword: DEMO_PASSWORD, newPassword: 'Läsarens nya lösenord' }, sessionCookieOf(here))
    expect(res.status).toBe(200)
    const kept = Api.LoginResponse.parse(await res.json())
    expect(socket.closed.map((c) => c.code)).toEqual([CloseCode.Unauthorized])
    expect(own).toEqual([])
    // This browser: the new token works and the new cookie renews it.
    expect((await t.app.request('/api/me', { headers: { authorization: `Bearer ${kept.token}` } })).status).toBe(200)
    const refresh = await t.app.request('/api/session/refresh', { method: 'POST', headers: { ...CSRF, cookie: sessionCookieOf(res) } })
    expect(refresh.status).toBe(200)
    // Every other session has ended.
    for (const old of [token, otherToken]) {
      const me = await t.app.request('/api/me', { headers: { authorization: `Bearer ${old}` } })
      expect(await me.json()).toEqual({ error: 'unauthorized', message: 'Du har loggats ut på alla enheter: logga in igen.' })
    }
    const oldCookie = await t.app.request('/api/session/refresh', {
      method: 'POST',
      headers: { ...CSRF, cookie: sessionCookieOf(elsewhere) },
    })
    expect(oldCookie.status).toBe(401)
    expect((await signIn(t, 'lasare', DEMO_PASSWORD)).status).toBe(401)
    expect((await signIn(t, 'lasare', 'Läsarens nya lösenord')).status).toBe(200)
  })

  it('[A7] refuses a change without the session header, and for a provider account says where to change it', async () => {
    const { token } = Api.LoginResponse.parse(await (await signIn(t, 'admin', DEMO_PASSWORD)).json())
    const noHeader = await t.app.request('/api/session/password', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: DEMO_PASSWORD, newPassword: 'ett annat lösenord' }),
    })
    expect(noHeader.status).toBe(403)
    const oidcUser = await t.deps.users.preRegister(
      { username: 'p@stad.se', name: 'P', role: 'lasare', omrade: null },
      'https://idp',
      'sub-p',
    )
    const { token: providerToken } = await t.deps.tokens.issue(oidcUser)
    const res = await change(providerToken, { currentPassword: 'vad som helst', newPassword: 'ett annat lösenord' })
    expect(await res.json()).toEqual({ error: 'forbidden', message: 'Du loggar in med stadens konto; lösenordet byts där.' })
  })
})
