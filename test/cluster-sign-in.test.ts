/**
 * The sign-in throttle of three real servers over one PostgreSQL and one redis-server: failed
 * sign-ins spread over the servers, as a load balancer without sticky sessions deals them, are
 * throttled at the same count as on one server, because the counters live in Redis
 * (auth/login-throttle-redis.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster } from './support/cluster'
import { rawRequest, type RawResponse } from './support/http-client'
import { usePostgres } from './support/postgres'
import { useRedis } from './support/redis'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { DEMO_PASSWORD } from './support/yjs-client'

// A 30 s first back-off (default 1 s) so "during the back-off" cannot race its end on a slow machine.
const BACKOFF = { SAMPLAN_LOGIN_BACKOFF_MS: '30000' }
const REFUSED = /^För många misslyckade inloggningar\. Vänta \d+ sekunder? och försök igen\.$/

describe('sign-in throttle across several servers', () => {
  const postgres = usePostgres()
  const redis = useRedis()
  let cluster: ServerProcess[] = []
  let single: ServerProcess | undefined

  beforeAll(async () => {
    cluster = await startCluster(3, await postgres.cluster.createDatabase(), redis.redis.url, BACKOFF)
    single = await startServerProcess({ env: BACKOFF })
  }, 120_000)

  afterAll(async () => {
    for (const server of [...cluster, single]) {
      await server?.stop()
      if (server) removeDir(server.dataDir)
    }
  })

  /** Signs in from a chosen loopback address (each test its own, so the per-address counter of one does not reach the next). */
  const signIn = (server: ServerProcess, username: string, password: string, localAddress: string): Promise<RawResponse> =>
    rawRequest(`${server.url}/api/login`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      localAddress,
    })

  /** Wrong passwords one after another, attempt i on servers[i mod n], until one is refused: how many were let through. */
  async function failuresBeforeRefusal(servers: ServerProcess[], username: string, localAddress: string): Promise<number> {
    for (let i = 0; i < 20; i++) {
      const res = await signIn(servers[i % servers.length] as ServerProcess, username, `fel-${i}`, localAddress)
      if (res.status === 429) {
        expect(JSON.parse(res.body)).toMatchObject({ error: 'too-many-attempts', message: expect.stringMatching(REFUSED) })
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
        return i
      }
      expect(res.status).toBe(401)
    }
    throw new Error('never refused')
  }

  it('lets as many wrong passwords through spread over three servers as one server does, then every server refuses, the right password too', async () => {
    const onOne = await failuresBeforeRefusal([single as ServerProcess], 'admin', '127.0.0.2')
    const spread = await failuresBeforeRefusal(cluster, 'admin', '127.0.0.2')
    expect(onOne).toBe(5)
    expect(spread).toBe(onOne)
    // The back-off is the user's, wherever the next attempt lands: the right password is refused on every server.
    for (const server of cluster) expect((await signIn(server, 'admin', DEMO_PASSWORD, '127.0.0.2')).status).toBe(429)
    // Another username is not blocked by it.
    expect((await signIn(cluster[1] as ServerProcess, 'ekonom', DEMO_PASSWORD, '127.0.0.2')).status).toBe(200)
  })

  it('lets exactly as many of twelve parallel wrong guesses through over three servers as one server does', async () => {
    const burst = async (servers: ServerProcess[]) => {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_v, i) => signIn(servers[i % servers.length] as ServerProcess, 'ekonom', `fel-${i}`, '127.0.0.3')),
      )
      return answers.filter((res) => res.status === 401).length
    }
    const onOne = await burst([single as ServerProcess])
    expect(onOne).toBe(5)
    expect(await burst(cluster)).toBe(onOne)
  })

  it('counts an address over every server: guesses at many usernames from one address back off after the same number', async () => {
    const guesses = async (servers: ServerProcess[]) => {
      for (let i = 0; i < 40; i++) {
        const res = await signIn(servers[i % servers.length] as ServerProcess, `gissning-${i}`, 'fel', '127.0.0.4')
        if (res.status === 429) return i
      }
      throw new Error('never refused')
    }
    const onOne = await guesses([single as ServerProcess])
    expect(onOne).toBe(20)
    expect(await guesses(cluster)).toBe(onOne)
  })
})
