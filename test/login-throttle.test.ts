import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, type RawResponse } from './support/http-client'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { DEMO_PASSWORD } from './support/yjs-client'

describe('sign-in throttling per username and per address', () => {
  let server: ServerProcess

  beforeAll(async () => {
    // A 30 s first back-off (default 1 s) so "during the back-off" cannot race its end on a slow machine.
    server = await startServerProcess({ env: { SAMPLAN_LOGIN_BACKOFF_MS: '30000' } })
  })

  afterAll(async () => {
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  /** Signs in from a chosen loopback address: the server counts the socket's address, nothing a header says. */
  const signIn = (username: string, password: string, localAddress = '127.0.0.1', headers: Record<string, string> = {}): Promise<RawResponse> =>
    rawRequest(`${server.url}/api/login`, {
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password }),
      localAddress,
    })

  it('refuses most of 200 quick wrong admin passwords with 429 and Retry-After, and then the right one too', async () => {
    const statuses: number[] = []
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(Array.from({ length: 20 }, (_v, i) => signIn('admin', `fel-${batch}-${i}`)))
      for (const res of answers) {
        statuses.push(res.status)
        if (res.status === 429) {
          expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1)
          expect(JSON.parse(res.body)).toMatchObject({ error: 'too-many-attempts', message: expect.stringMatching(/^För många misslyckade inloggningar\. Vänta \d+ sekunder? och försök igen\.$/) })
        }
      }
    }
    const count = (status: number) => statuses.filter((s) => s === status).length
    expect(count(401)).toBe(5) // counted when they start, so 20 at once do not all get a guess
    expect(count(429)).toBe(195)

    const right = await signIn('admin', DEMO_PASSWORD)
    expect(right.status).toBe(429)
    const retryAfter = Number(right.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(30)
    expect(JSON.parse(right.body).message).toBe(`För många misslyckade inloggningar. Vänta ${retryAfter} sekunder och försök igen.`)
  })

  it('does not block another username, from another address or the same one', async () => {
    expect((await signIn('ekonom', DEMO_PASSWORD, '127.0.0.2')).status).toBe(200)
    expect((await signIn('lasare', DEMO_PASSWORD, '127.0.0.1')).status).toBe(200)
  })

  it('backs off an address that sprays usernames, without trusting X-Forwarded-For', async () => {
    for (let i = 0; i < 20; i++) expect((await signIn(`gissning${i}`, 'fel', '127.0.0.3')).status).toBe(401)
    const sprayer = await signIn('chef1', DEMO_PASSWORD, '127.0.0.3', { 'x-forwarded-for': '203.0.113.9' })
    expect(sprayer.status).toBe(429)
    expect((await signIn('chef1', DEMO_PASSWORD, '127.0.0.4')).status).toBe(200)
  })
})
