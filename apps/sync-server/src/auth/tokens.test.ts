import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite/open-sqlite'
import { createTokenService } from './tokens'
import { createUserDirectory } from './users'

describe('bearer and session tokens', () => {
  const opened: SqliteStorage[] = []
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close()
  })

  it('[A4] two sign-ins of one person in the same second get two different tokens, both valid', async () => {
    const storage = openSqliteStorage(':memory:')
    opened.push(storage)
    const users = createUserDirectory(storage.users)
    const eva = await users.create({ username: 'eva', name: 'Eva', role: 'ekonom', omrade: null, password: 'ett långt lösenord' })
    // One clock second for both (hono also checks exp against the real clock).
    const fixed = Math.floor(Date.now() / 1000) * 1000
    const tokens = createTokenService(storage.settings, users, { ttlSeconds: 600, secret: 'x'.repeat(32), now: () => fixed })
    const [a, b] = await Promise.all([tokens.issue(eva), tokens.issue(eva)])
    expect(a.token).not.toBe(b.token)
    expect(await tokens.check(a.token)).toMatchObject({ ok: true, user: { id: eva.id } })
    expect(await tokens.check(b.token)).toMatchObject({ ok: true, user: { id: eva.id } })
  })
})
