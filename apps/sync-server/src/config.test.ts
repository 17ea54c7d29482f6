import { describe, expect, it } from 'vitest'
import { readServerConfig } from './config'

describe('the server configuration from the environment', () => {
  it('keeps the data in SQLite under data/ when no database address is set', () => {
    const config = readServerConfig({ PORT: '0', SAMPLAN_DATABASE_URL: '' }, '/srv/samplan')
    expect(config).toMatchObject({
      ok: true,
      value: { port: 0, storage: { kind: 'sqlite', file: '/srv/samplan/data/samplan.sqlite' }, dataLabel: '/srv/samplan/data' },
    })
  })

  it('selects PostgreSQL for a postgres:// address, and never prints its password', () => {
    const url = 'postgres://samplan:hemligt@db.example:5432/samplan'
    const config = readServerConfig({ SAMPLAN_DATABASE_URL: url }, '/srv/samplan')
    expect(config).toMatchObject({ ok: true, value: { port: 8787, storage: { kind: 'postgres', url } } })
    expect(config.ok && config.value.dataLabel).toBe('postgres://samplan@db.example:5432/samplan')
  })

  it('refuses bad values, naming each variable and what it should be', () => {
    const config = readServerConfig(
      { PORT: '70000', SAMPLAN_DATABASE_URL: 'mysql://x', SAMPLAN_REDIS_URL: 'memcached://127.0.0.1', SAMPLAN_TRUST_PROXY: 'yes' },
      '/srv/samplan',
    )
    expect(config.ok).toBe(false)
    const error = config.ok ? '' : config.error
    expect(error).toMatch(/^ {2}PORT: must be at most 65535/m)
    expect(error).toMatch(/^ {2}SAMPLAN_DATABASE_URL: must be a PostgreSQL address/m)
    expect(error).toMatch(/^ {2}SAMPLAN_REDIS_URL: must be a Redis address/m)
    expect(error).toMatch(/^ {2}SAMPLAN_TRUST_PROXY: must be 1/m)
  })
})

describe('several servers: PostgreSQL and Redis', () => {
  it('makes the server one of several with both addresses, and never prints the Redis password', () => {
    const config = readServerConfig(
      { SAMPLAN_DATABASE_URL: 'postgres://samplan@db:5432/samplan', SAMPLAN_REDIS_URL: 'redis://:hemligt@cache:6379' },
      '/srv/samplan',
    )
    expect(config).toMatchObject({ ok: true, value: { redisUrl: 'redis://:hemligt@cache:6379', storage: { kind: 'postgres' } } })
    expect(config.ok && config.value.dataLabel).not.toContain('hemligt')
  })

  it('refuses Redis without PostgreSQL: the servers would not share their data', () => {
    const config = readServerConfig({ SAMPLAN_REDIS_URL: 'redis://127.0.0.1:6379' }, '/srv/samplan')
    expect(config.ok).toBe(false)
    expect(config.ok ? '' : config.error).toMatch(/SAMPLAN_REDIS_URL: .*set SAMPLAN_DATABASE_URL too/)
  })

  it('hosts the formula engines in SAMPLAN_ENGINE_WORKERS threads, one by default, and refuses anything but a whole number from 1', () => {
    expect(readServerConfig({}, '/srv/samplan')).toMatchObject({ ok: true, value: { engineWorkers: undefined } })
    expect(readServerConfig({ SAMPLAN_ENGINE_WORKERS: '3' }, '/srv/samplan')).toMatchObject({ ok: true, value: { engineWorkers: 3 } })
    for (const bad of ['0', '1.5', 'two']) {
      const config = readServerConfig({ SAMPLAN_ENGINE_WORKERS: bad }, '/srv/samplan')
      expect(config.ok ? '' : config.error).toMatch(/^ {2}SAMPLAN_ENGINE_WORKERS: must be (at least 1|a whole number)/m)
    }
  })
})
