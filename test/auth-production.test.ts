import { afterEach, describe, expect, it } from 'vitest'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'

const SECRET = 'a-production-secret-of-at-least-32-bytes!'

/** Starts the real server and expects it to stop before listening: its exit code and what it printed. */
async function refusedStart(env: Record<string, string>, dataDir?: string): Promise<{ code: number; output: string }> {
  const started = await startServerProcess({ env, dataDir }).then(
    async (server) => {
      await server.stop()
      throw new Error(`the server started:\n${server.output()}`)
    },
    (err: Error) => err.message,
  )
  const match = /server exited with (\d+) before listening:\n([\s\S]*)$/.exec(started)
  if (!match) throw new Error(started)
  return { code: Number(match[1]), output: match[2] ?? '' }
}

describe('production: no demo users, no demo password, a real secret', () => {
  const dirs: string[] = []
  const running: ServerProcess[] = []
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop()
    for (const d of dirs.splice(0)) removeDir(d)
  })

  it('refuses to start without SAMPLAN_JWT_SECRET, or with one shorter than 32 bytes, saying what to set', async () => {
    const envs: Array<Record<string, string>> = [{ SAMPLAN_ENV: 'production' }, { NODE_ENV: 'production', SAMPLAN_JWT_SECRET: 'too-short' }]
    for (const env of envs) {
      const { code, output } = await refusedStart(env)
      expect(code).toBe(2)
      expect(output).toContain('SAMPLAN_JWT_SECRET: production needs a token secret of at least 32 bytes')
      expect(output).toContain('openssl rand -base64 48')
    }
  })

  it('refuses to start on a database whose users still have the demo password', async () => {
    const seeded = await startServerProcess()
    dirs.push(seeded.dataDir)
    await seeded.stop()
    const { code, output } = await refusedStart({ SAMPLAN_ENV: 'production', SAMPLAN_JWT_SECRET: SECRET }, seeded.dataDir)
    expect(code).toBe(2)
    expect(output).toContain(
      'Samplan refuses to start in production: 5 user(s) still have the demo password (admin, chef1, chef2, ekonom, lasare)',
    )
  })

  it('starts on a new database without creating any demo user', async () => {
    const server = await startServerProcess({ env: { SAMPLAN_ENV: 'production', SAMPLAN_JWT_SECRET: SECRET } })
    running.push(server)
    dirs.push(server.dataDir)
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
    for (const username of ['ekonom', 'admin']) {
      const login = await fetch(`${server.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'samplan2024' }),
      })
      expect(login.status).toBe(401)
    }
  })
})
