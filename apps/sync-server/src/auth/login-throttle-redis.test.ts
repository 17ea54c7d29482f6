import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisLink } from '../cluster/redis-link'
import { startRedisServer, type RedisServer } from '../testing/redis-server'
import { RedisLoginThrottle } from './login-throttle-redis'

/** Waits for `ready` without a fixed sleep: the link reports its status. */
async function connected(link: RedisLink): Promise<void> {
  while (link.status() !== 'ok') await new Promise((resolve) => setImmediate(resolve))
}

describe('sign-in throttle counted in Redis', () => {
  let redis: RedisServer
  const links: RedisLink[] = []
  const logged: string[] = []
  const linkTo = async (url: string) => {
    const link = new RedisLink(url, { message() {}, reconnected() {}, peerLost() {} }, (msg) => logged.push(msg))
    links.push(link)
    return link
  }

  beforeAll(async () => {
    redis = await startRedisServer()
  })

  afterAll(async () => {
    for (const link of links) await link.close()
    await redis.stop()
  })

  it('shares one counter between two servers, backs off from the sixth failure, and a success clears the username', async () => {
    const [a, b] = [await linkTo(redis.url), await linkTo(redis.url)]
    await Promise.all([connected(a), connected(b)])
    const throttles = [
      new RedisLoginThrottle(a, () => {}, { baseDelayMs: 60_000 }),
      new RedisLoginThrottle(b, () => {}, { baseDelayMs: 60_000 }),
    ]
    for (let i = 0; i < 5; i++) expect((await throttles[i % 2]?.begin('Sara ', '10.0.0.1'))?.ok).toBe(true)
    const refused = await throttles[1]?.begin('sara', '10.0.0.1')
    expect(refused).toMatchObject({ ok: false, scope: 'username', retryAfterSeconds: 60 })
    expect(refused?.ok === false && refused.message).toBe('För många misslyckade inloggningar. Vänta 60 sekunder och försök igen.')
    // Another username from another address is not held back.
    const other = await throttles[0]?.begin('lars', '10.0.0.2')
    expect(other?.ok).toBe(true)
    if (other?.ok) other.attempt.succeeded()
  })

  it('counts on the server itself while Redis cannot be reached, rather than refusing every sign-in', async () => {
    const gone = await startRedisServer()
    const link = await linkTo(gone.url)
    await connected(link)
    await gone.stop()
    const throttle = new RedisLoginThrottle(link, (msg) => logged.push(msg), { baseDelayMs: 60_000 })
    for (let i = 0; i < 5; i++) expect((await throttle.begin('petra', '10.0.0.3')).ok).toBe(true)
    expect(await throttle.begin('petra', '10.0.0.3')).toMatchObject({ ok: false, scope: 'username' })
    expect(logged.some((msg) => msg.startsWith('sign-in throttle: Redis did not answer'))).toBe(true)
  })
})
