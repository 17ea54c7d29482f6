import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp, type AppDeps } from './http/app'
import { seedDemoUsers } from './auth/demo-users'
import { LoginThrottle } from './auth/login-throttle'
import { RoomRegistry } from './realtime/room-registry'
import { attachSyncEndpoint } from './realtime/sync-endpoint'
import { openStorage, type Storage } from './storage/open-storage'
import type { Store } from './storage/store'
import { createTokenService, type TokenService } from './auth/tokens'
import { createUserDirectory, type UserDirectory } from './auth/users'
import { createWorkbookAccess } from './auth/workbook-access'
import { createWorkbookService } from './storage/workbooks'

export interface ServerOptions {
  port: number
  host?: string
  /** SQLite file of the embedded store. */
  databaseFile: string
  webDist?: string
  /** Largest websocket frame accepted, in bytes (bigger frames close the socket with 1009). */
  maxMessageBytes?: number
  /** Lifetime of sign-in tokens (default 8 h, a working day). */
  tokenTtlSeconds?: number
  /** Token signing secret; without one a random secret is generated once and kept in the database. */
  jwtSecret?: string
  /**
   * Count sign-in attempts by the last X-Forwarded-For entry instead of the socket address.
   * Only behind exactly one reverse proxy that sets it (SAMPLAN_TRUST_PROXY=1); otherwise any client could pick its address.
   */
  trustProxy?: boolean
  /** First sign-in back-off after five failures (default 1 s; it doubles per further failure, up to 15 min). */
  loginBackoffMs?: number
  log?: (msg: string) => void
}

export interface RunningServer {
  url: string
  port: number
  store: Store
  rooms: RoomRegistry
  users: UserDirectory
  tokens: TokenService
  close(): Promise<void>
}

const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024

/**
 * Everything the routes and rooms use, built on the storage; on first start seeds the demo users
 * and the VP 2024 workbook. Tests build the same over `:memory:` (http/test-support.ts).
 */
export async function openServices(
  storage: Storage,
  options: Omit<ServerOptions, 'port' | 'host' | 'databaseFile' | 'maxMessageBytes'>,
  log: (msg: string) => void,
): Promise<AppDeps> {
  const { store, audit } = storage
  const users = createUserDirectory(storage.users)
  const access = createWorkbookAccess(storage.members)
  const tokens = createTokenService(storage.settings, users, {
    ttlSeconds: options.tokenTtlSeconds ?? 8 * 3600,
    secret: options.jwtSecret,
  })
  const workbooks = createWorkbookService(store)
  const demoUsers = await seedDemoUsers(users)
  const seeded = workbooks.seedIfEmpty()
  if (seeded) {
    for (const user of demoUsers) access.grant(seeded.id, user.id)
    log(`seeded workbook "${seeded.title}" (${seeded.id})`)
  }
  return {
    store,
    workbooks,
    users,
    tokens,
    access,
    audit,
    rooms: new RoomRegistry(store, audit, log),
    versions: storage.versions,
    webDist: options.webDist,
    version: '0.1.0',
    trustProxy: options.trustProxy ?? false,
    loginThrottle: new LoginThrottle(options.loginBackoffMs ? { baseDelayMs: options.loginBackoffMs } : {}),
  }
}

/** Starts the one process that serves the web app, the API and the sync websocket. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((msg: string) => console.log(msg))
  const deps = await openServices(openStorage(options.databaseFile, log), options, log)
  const app = createApp(deps)
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '0.0.0.0' }, () => resolve(s))
  })
  const closeSockets = attachSyncEndpoint(server, {
    ...deps,
    maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    log,
  })

  const address = server.address() as AddressInfo
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    store: deps.store,
    rooms: deps.rooms,
    users: deps.users,
    tokens: deps.tokens,
    async close() {
      deps.rooms.destroyAll()
      closeSockets()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      deps.store.close()
    },
  }
}
