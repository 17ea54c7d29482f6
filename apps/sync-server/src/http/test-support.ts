import type { Role } from '@samplan/domain'
import type { Hono } from 'hono'
import { DEMO_PASSWORD, DEMO_USERS } from '../auth/demo-users'
import { hashPassword } from '../auth/passwords'
import type { User } from '../auth/users'
import { openServices } from '../server'
import { openSqliteStorage } from '../storage/sqlite/open-sqlite'
import { createApp } from './app'
import type { AppDeps, Env } from './context'

export interface RequestOptions {
  /** Who signs in (a demo username); without it the request carries no token. */
  as?: string
  method?: string
  /** Sent as the JSON body. */
  json?: unknown
  body?: string | Uint8Array
  headers?: Record<string, string>
}

export interface TestApp {
  app: Hono<Env>
  deps: AppDeps
  /** The demo user of a username (ekonom, chef1, chef2, lasare, admin). */
  user(username: string): User
  /** The first demo user with this role (chef1 for omradeschef). */
  userWithRole(role: Role): User
  request(path: string, options?: RequestOptions): Promise<Response>
  /** A new empty workbook whose members are the demo users (each test gets its own status). */
  newWorkbook(title?: string): Promise<string>
  close(): Promise<void>
}

// One scrypt hash for every demo user, computed once per test file: hashing is the slow part of seeding.
let demoHash: Promise<string> | undefined

/**
 * The whole HTTP API, wired as the server wires it (`openServices`) over an in-memory database,
 * answered by `app.request()` without a socket: VP 2024 (`vp-2024`) and the demo users seeded.
 */
export async function createTestApp(): Promise<TestApp> {
  const storage = openSqliteStorage(':memory:')
  demoHash ??= hashPassword(DEMO_PASSWORD)
  const passwordHash = await demoHash
  for (const [i, u] of DEMO_USERS.entries()) await storage.users.insert({ ...u, id: `u-${u.username}-${i}`, passwordHash })
  const deps = await openServices(storage, { jwtSecret: 'test-secret', log: () => {} }, () => {})
  const app = createApp({ ...deps, version: 'test' })
  const users = await deps.users.list()
  const tokens = new Map<string, string>()
  const user = (username: string) => {
    const found = users.find((u) => u.username === username)
    if (!found) throw new Error(`no demo user ${username}`)
    return found
  }
  const tokenOf = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, (await deps.tokens.issue(user(username))).token)
    return tokens.get(username)!
  }
  return {
    app,
    deps,
    user,
    userWithRole: (role) => users.find((u) => u.role === role)!,
    async request(path, options = {}) {
      const headers: Record<string, string> = { ...options.headers }
      if (options.as) headers.authorization = `Bearer ${await tokenOf(options.as)}`
      let body = options.body
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json'
        body = JSON.stringify(options.json)
      }
      return app.request(path, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body })
    },
    async newWorkbook(title = 'Prov') {
      const record = await deps.workbooks.create(title, 'empty')
      for (const u of users) await deps.access.grant(record.id, u.id)
      return record.id
    },
    async close() {
      await deps.rooms.destroyAll()
      await storage.close()
    },
  }
}
