import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { login } from './support/yjs-client'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'

const TTL_SECONDS = 600
/** The server signs with this secret (SAMPLAN_JWT_SECRET), so a test can set a token's expiry itself. */
const SECRET = 'auth-test-secret'

/** The claims of a token. */
function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
}

/** A token signed as the server signs its own (HS256), with the claims the test chooses. */
function signToken(payload: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`
  return `${signed}.${createHmac('sha256', SECRET).update(signed).digest('base64url')}`
}

const nowSeconds = () => Date.now() / 1000

/** Opens a raw websocket and reports how the server answered: an upgrade, or an HTTP status. */
function tryUpgrade(url: string): Promise<{ opened: true } | { opened: false; status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    ws.on('open', () => {
      ws.terminate()
      resolve({ opened: true })
    })
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({ opened: false, status: res.statusCode ?? 0, body }))
    })
    ws.on('error', () => undefined)
  })
}

describe('authentication: no workbook without a valid token', () => {
  let server: ServerProcess

  beforeAll(async () => {
    server = await startServerProcess({ env: { SAMPLAN_TOKEN_TTL_SECONDS: String(TTL_SECONDS), SAMPLAN_JWT_SECRET: SECRET } })
  })

  afterAll(async () => {
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it('refuses the API and the socket without a token or with a forged one', async () => {
    const none = await fetch(`${server.url}/api/workbooks`)
    expect(none.status).toBe(401)
    expect(await none.json()).toMatchObject({ error: 'unauthorized', message: 'Du är inte inloggad.' })

    const forged = await fetch(`${server.url}/api/workbooks`, { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x' } })
    expect(forged.status).toBe(401)
    expect(await forged.json()).toMatchObject({ error: 'unauthorized', message: 'Ogiltig inloggning: logga in igen.' })

    expect(await tryUpgrade(`${server.wsUrl}/vp-2024`)).toMatchObject({ opened: false, status: 401 })
    expect(await tryUpgrade(`${server.wsUrl}/vp-2024?token=garbage`)).toMatchObject({ opened: false, status: 401 })
    const valid = await login(server.url, 'lasare')
    expect(await tryUpgrade(`${server.wsUrl}/vp-2024?token=${valid}`)).toEqual({ opened: true })
  })

  it('refuses wrong passwords with the same message as unknown users', async () => {
    const post = (username: string, password: string) =>
      fetch(`${server.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })
    const wrong = await post('ekonom', 'fel')
    const unknown = await post('ingen', 'fel')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.json()).toEqual(await unknown.json())
  })

  it('issues tokens that expire after SAMPLAN_TOKEN_TTL_SECONDS', async () => {
    const res = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ekonom', password: 'samplan2024' }),
    })
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string }
    const { iat, exp } = claims(token) as { iat: number; exp: number }
    expect(exp - iat).toBe(TTL_SECONDS)
    expect(Date.parse(expiresAt)).toBe(exp * 1000)
  })

  it('refuses an expired token on the API and the socket', async () => {
    const issued = claims(await login(server.url, 'ekonom'))
    const now = Math.floor(nowSeconds())
    // The same claims, signed the same way, pass while their expiry is ahead: only `exp` decides.
    const live = signToken({ ...issued, exp: now + 60 })
    expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${live}` } })).status).toBe(200)
    const token = signToken({ ...issued, exp: now - 1 })
    const expired = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(expired.status).toBe(401)
    expect(await expired.json()).toMatchObject({ error: 'unauthorized', message: 'Inloggningen har gått ut: logga in igen.' })
    expect(await tryUpgrade(`${server.wsUrl}/vp-2024?token=${token}`)).toMatchObject({ opened: false, status: 401 })
  })

  it('closes an open socket when its token expires (4401), so the client signs in again', async () => {
    // Expires 2-3 s from now, in a whole second as the server's own tokens do: time to open the socket.
    const token = signToken({ ...claims(await login(server.url, 'ekonom')), exp: Math.ceil(nowSeconds()) + 2 })
    const ws = new WebSocket(`${server.wsUrl}/vp-2024?token=${token}`)
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
    })
    expect(await closed).toEqual({ code: 4401, reason: 'Inloggningen har gått ut: logga in igen.' })
    // The server closed it because the token expired: from then on the API refuses it too.
    const after = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(after.status).toBe(401)
  })

  it('[A4] "Logga ut överallt" closes the user\'s open sockets with 4401 and refuses their tokens, leaving colleagues connected', async () => {
    const signedIn = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'chef2', password: 'samplan2024' }),
    })
    const { token } = (await signedIn.json()) as { token: string }
    const second = await login(server.url, 'chef2')
    const colleague = await login(server.url, 'lasare')
    const open = (t: string) =>
      new Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }>((resolve, reject) => {
        const ws = new WebSocket(`${server.wsUrl}/vp-2024?token=${t}`)
        const closed = new Promise<{ code: number; reason: string }>((r) =>
          ws.on('close', (code, reason) => r({ code, reason: reason.toString() })),
        )
        ws.once('open', () => resolve({ ws, closed }))
        ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
      })
    const [a, b, other] = await Promise.all([open(token), open(second), open(colleague)])
    const cookie = /samplan_session=[^;]+/.exec(signedIn.headers.get('set-cookie') ?? '')?.[0] ?? ''
    const ended = await fetch(`${server.url}/api/session/end-everywhere`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, cookie, 'x-samplan-session': '1' },
    })
    expect(ended.status).toBe(200)
    const reason = 'Du har loggats ut på alla enheter: logga in igen.'
    expect(await a.closed).toEqual({ code: 4401, reason })
    expect(await b.closed).toEqual({ code: 4401, reason })
    expect(await tryUpgrade(`${server.wsUrl}/vp-2024?token=${second}`)).toMatchObject({ opened: false, status: 401 })
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(await me.json()).toEqual({ error: 'unauthorized', message: reason })
    expect(other.ws.readyState).toBe(WebSocket.OPEN)
    other.ws.close()
  })

  it("hides another user's workbook from the API and the socket", async () => {
    const ekonom = await login(server.url, 'ekonom')
    const created = await fetch(`${server.url}/api/workbooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ekonom}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Ekonomens egen skiss' }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }

    const chef = await login(server.url, 'chef1')
    const list = (await (await fetch(`${server.url}/api/workbooks`, { headers: { authorization: `Bearer ${chef}` } })).json()) as {
      workbooks: Array<{ id: string }>
    }
    expect(list.workbooks.map((w) => w.id)).toEqual(['vp-2024'])
    const direct = await fetch(`${server.url}/api/workbooks/${id}`, { headers: { authorization: `Bearer ${chef}` } })
    expect(direct.status).toBe(404)
    expect(await tryUpgrade(`${server.wsUrl}/${id}?token=${chef}`)).toMatchObject({ opened: false, status: 404 })
    expect(await tryUpgrade(`${server.wsUrl}/${id}?token=${ekonom}`)).toEqual({ opened: true })
  })
})
