import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { login } from './support/yjs-client'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'

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
    server = await startServerProcess({ env: { SAMPLAN_TOKEN_TTL_SECONDS: '2' } })
  })

  afterAll(async () => {
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it('refuses the API and the socket without a token or with a forged one', async () => {
    const none = await fetch(`${server.url}/api/workbooks`)
    expect(none.status).toBe(401)
    expect(await none.json()).toMatchObject({ error: 'token-missing', message: 'Du är inte inloggad.' })

    const forged = await fetch(`${server.url}/api/workbooks`, { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x' } })
    expect(forged.status).toBe(401)
    expect(await forged.json()).toMatchObject({ error: 'token-invalid' })

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

  it('expires tokens', async () => {
    const token = await login(server.url, 'ekonom')
    expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    await new Promise((r) => setTimeout(r, 2_500))
    const expired = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(expired.status).toBe(401)
    expect(await expired.json()).toMatchObject({ error: 'token-expired' })
    expect(await tryUpgrade(`${server.wsUrl}/vp-2024?token=${token}`)).toMatchObject({ opened: false, status: 401 })
  })

  it('closes an open socket when its token expires (4401), so the client signs in again', async () => {
    const token = await login(server.url, 'ekonom')
    const ws = new WebSocket(`${server.wsUrl}/vp-2024?token=${token}`)
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    expect(await closed).toEqual({ code: 4401, reason: 'Inloggningen har gått ut: logga in igen.' })
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
