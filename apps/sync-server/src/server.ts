import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createApp, type AppDeps } from './http/app'
import { seedDemoUsers } from './auth/demo-users'
import { LoginThrottle } from './auth/login-throttle'
import { RedisLoginThrottle } from './auth/login-throttle-redis'
import { createOidcSignIn, type OidcSettings } from './auth/oidc'
import { OpenSessions } from './auth/open-sessions'
import { checkProductionSafety } from './auth/production-check'
import type { Role } from '@samplan/domain'
import { RedisLink } from './cluster/redis-link'
import { RoomRegistry } from './realtime/room-registry'
import { attachSyncEndpoint } from './realtime/sync-endpoint'
import { openStorage, type Storage, type StorageConfig } from './storage/open-storage'
import type { Store } from './storage/store'
import { createTokenService, type TokenService } from './auth/tokens'
import { createUserDirectory, type UserDirectory } from './auth/users'
import { createWorkbookAccess } from './auth/workbook-access'
import { createWorkbookService } from './storage/workbooks'

export interface ServerOptions {
  port: number
  host?: string
  /** The database: a SQLite file (one process) or PostgreSQL (config.ts). */
  storage: StorageConfig
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
  /** Production: no demo users are created, and the server refuses to start with a demo password or a short secret. */
  production?: boolean
  /** Lifetime of the browser's session cookie, which renews tokens (default 8 h, at least the token lifetime). */
  sessionTtlSeconds?: number
  /** Redis (redis://…), with PostgreSQL: this server is one of several, hearing the others through it. */
  redisUrl?: string
  /** Sign-in through the city's identity provider (password sign-in is then off). */
  oidc?: OidcSettings
  /** The role of a first sign-in whose claims map to none; null refuses that person. */
  oidcDefaultRole?: Role | null
  /** Session cookies are Secure (SAMPLAN_PUBLIC_URL is https). */
  secureCookies?: boolean
  /** Worker threads hosting the rooms' formula engines for computed values (default 1). */
  engineWorkers?: number
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
 * (never in production, which is checked for demo passwords and a real secret first; throws
 * ProductionSafetyError) and the VP 2024 workbook. Tests build the same over `:memory:` (http/test-support.ts).
 */
export async function openServices(
  storage: Storage,
  options: Omit<ServerOptions, 'port' | 'host' | 'storage' | 'maxMessageBytes'>,
  log: (msg: string) => void,
): Promise<AppDeps & { link: RedisLink | null }> {
  const { store, audit } = storage
  const users = createUserDirectory(storage.users)
  const access = createWorkbookAccess(storage.members)
  const tokens = createTokenService(storage.settings, users, {
    ttlSeconds: options.tokenTtlSeconds ?? 8 * 3600,
    sessionTtlSeconds: options.sessionTtlSeconds,
    secret: options.jwtSecret,
  })
  const workbooks = createWorkbookService(store)
  // A production database never gets the demo people; it must not keep any it once had.
  if (options.production) await checkProductionSafety(users, options.jwtSecret)
  // Several servers may start at once on one PostgreSQL: they seed one at a time.
  await storage.exclusive(async () => {
    const demoUsers = options.production ? [] : await seedDemoUsers(users)
    const seeded = await workbooks.seedIfEmpty()
    if (seeded) {
      for (const user of demoUsers) await access.grant(seeded.id, user.id)
      log(`seeded workbook "${seeded.title}" (${seeded.id})`)
    }
  })
  // Redis is a doorbell between servers; PostgreSQL holds the order (ARCHITECTURE.md, "Several servers").
  let rooms: RoomRegistry | undefined
  let openSessions: OpenSessions | undefined
  const link = options.redisUrl
    ? new RedisLink(
        options.redisUrl,
        {
          message: (workbookId, message) => rooms?.deliver(workbookId, message),
          reconnected: () => rooms?.catchUpAll(),
          peerLost: (serverId) => rooms?.forgetServer(serverId),
          // Sign-outs, deactivations and rights changes reach this server's sockets too (ARCHITECTURE.md, "Sessions you can end").
          session: (event) =>
            void openSessions
              ?.receive(event, (id) => users.person(id))
              .catch((err: Error) => log(`session event not applied: ${err.message}`)),
        },
        log,
      )
    : null
  rooms = new RoomRegistry(store, log, link, undefined, options.engineWorkers)
  const throttleOptions = options.loginBackoffMs ? { baseDelayMs: options.loginBackoffMs } : {}
  openSessions = new OpenSessions(link ? (notice) => link.publishSession(notice) : undefined)
  return {
    link,
    redisStatus: link ? () => link.status() : undefined,
    store,
    workbooks,
    users,
    tokens,
    access,
    audit,
    rooms,
    storage,
    versions: storage.versions,
    webDist: options.webDist,
    version: '0.1.0',
    trustProxy: options.trustProxy ?? false,
    // With several servers the counters live in Redis, so guesses spread over the servers count as on one.
    loginThrottle: link ? new RedisLoginThrottle(link, log, throttleOptions) : new LoginThrottle(throttleOptions),
    openSessions,
    oidc: options.oidc ? createOidcSignIn(options.oidc) : undefined,
    oidcDefaultRole: options.oidcDefaultRole ?? null,
    secureCookies: options.secureCookies ?? false,
  }
}

/** Starts the one process that serves the web app, the API and the sync websocket. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((msg: string) => console.log(msg))
  const storage = await openStorage(options.storage, log)
  const deps = await openServices(storage, options, log).catch(async (err: unknown) => {
    await storage.close()
    throw err
  })
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
      await deps.rooms.destroyAll()
      await deps.link?.close()
      closeSockets()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await storage.close()
    },
  }
}
