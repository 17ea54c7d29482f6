import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedisServer, type RedisServer } from '../testing/redis-server'
import { RedisLink } from './redis-link'

/** A link as a server holds it, with what it logged and a way to wait for a line. */
function openLink(url: string) {
  const lines: string[] = []
  const waiters: Array<() => void> = []
  const link = new RedisLink(url, { message: () => {}, reconnected: () => {}, peerLost: () => {} }, (line) => {
    lines.push(line)
    for (const wake of waiters.splice(0)) wake()
  })
  /** Resolves once a line matching `pattern` has been logged (a log line is the event waited for). */
  const logged = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => (lines.some((l) => pattern.test(l)) ? resolve() : waiters.push(check))
      check()
    })
  return { link, lines, logged }
}

describe('the lease of each workbook loaded on several servers', () => {
  let redis: RedisServer
  const open: RedisLink[] = []
  const link = async (url = redis.url) => {
    const made = openLink(url)
    open.push(made.link)
    await made.link.connected()
    return made
  }

  beforeAll(async () => {
    redis = await startRedisServer()
  })

  afterAll(async () => {
    await Promise.all(open.map((l) => l.close()))
    await redis.stop()
  })

  it('is held by the first server to load the workbook; the others send their updates to it', async () => {
    const a = await link()
    const b = await link()
    await a.link.subscribe('wb-1')
    await b.link.subscribe('wb-1')
    expect(a.link.judgeOf('wb-1')).toBeNull()
    expect(b.link.judgeOf('wb-1')).toBe(a.link.serverId)
    expect(a.lines).toContain('redis: workbook wb-1 is judged here')
    expect(b.lines).toContain(`redis: workbook wb-1 is judged by server ${a.link.serverId}`)
    // A workbook this server has not loaded: nothing to forward.
    expect(b.link.judgeOf('wb-other')).toBeNull()
  })

  it('passes at once to a server that still has the workbook when its holder unloads it, told by the holder', async () => {
    const a = await link()
    const b = await link()
    await a.link.subscribe('wb-2')
    await b.link.subscribe('wb-2')
    expect(b.link.judgeOf('wb-2')).toBe(a.link.serverId)
    a.link.unsubscribe('wb-2')
    await b.logged(/gave up workbook wb-2/)
    await b.logged(/workbook wb-2 is judged here/)
    expect(b.link.judgeOf('wb-2')).toBeNull()
    // A third server loading it now sends its updates to the new holder.
    const c = await link()
    await c.link.subscribe('wb-2')
    expect(c.link.judgeOf('wb-2')).toBe(b.link.serverId)
  })

  it('passes at once when its holder stops', async () => {
    const a = await link()
    const b = await link()
    await a.link.subscribe('wb-3')
    await b.link.subscribe('wb-3')
    await a.link.close()
    await b.logged(/workbook wb-3 is judged here/)
    expect(b.link.judgeOf('wb-3')).toBeNull()
  })

  it('routes nothing while Redis is away: every server then judges its own updates', async () => {
    const own = await startRedisServer()
    try {
      const a = await link(own.url)
      const b = await link(own.url)
      await a.link.subscribe('wb-4')
      await b.link.subscribe('wb-4')
      expect(b.link.judgeOf('wb-4')).toBe(a.link.serverId)
      await own.stop()
      await b.logged(/redis \(.+\): /)
      expect(b.link.status()).toBe('unreachable')
      expect(b.link.judgeOf('wb-4')).toBeNull()
    } finally {
      await own.stop()
    }
  })
})
