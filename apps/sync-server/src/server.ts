import { serve, type ServerType } from '@hono/node-server'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { createApp } from './app'
import { openAuditLog } from './audit'
import { openVersionStore } from './versions'
import { WorkbookNotFoundError } from './errors'
import { CloseCode } from './protocol'
import { seedDemoUsers } from './demo-users'
import { LoginThrottle } from './login-throttle'
import { RoomRegistry } from './room-registry'
import { openStore, type Store } from './store'
import { createTokenService, tokenFailureMessage, type TokenService } from './tokens'
import { openUserDirectory, type UserDirectory } from './users'
import { openWorkbookAccess } from './workbook-access'
import { createWorkbookService } from './workbooks'

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

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})$/
const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024
const HEARTBEAT_MS = 30_000

/** Starts the one process that serves the web app, the API and the sync websocket. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((msg: string) => console.log(msg))
  const store = openStore(options.databaseFile, log)
  const users = openUserDirectory(store.db)
  const access = openWorkbookAccess(store.db)
  const tokens = createTokenService(store.db, users, {
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
  const audit = openAuditLog(store.db)
  const rooms = new RoomRegistry(store, audit, log)
  const versions = openVersionStore(store.db)
  const app = createApp({
    store,
    workbooks,
    users,
    tokens,
    access,
    audit,
    rooms,
    versions,
    webDist: options.webDist,
    version: '0.1.0',
    trustProxy: options.trustProxy ?? false,
    loginThrottle: new LoginThrottle(options.loginBackoffMs ? { baseDelayMs: options.loginBackoffMs } : {}),
  })

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
  })
  const alive = new WeakMap<object, boolean>()
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (alive.get(socket) === false) {
        socket.terminate()
        continue
      }
      alive.set(socket, false)
      socket.ping()
    }
  }, HEARTBEAT_MS)

  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host ?? '0.0.0.0' },
      () => resolve(s),
    )
  })

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const match = SYNC_PATH.exec(url.pathname)
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    const workbookId = match[1] as string
    // Authenticate before the upgrade: no socket is opened without a valid token.
    void tokens.check(url.searchParams.get('token')).then((check) => {
      if (!check.ok) return refuseUpgrade(socket, 401, tokenFailureMessage[check.reason])
      if (!store.getWorkbook(workbookId) || !access.canOpen(check.user, workbookId)) {
        return refuseUpgrade(socket, 404, 'Arbetsboken finns inte.')
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        alive.set(ws, true)
        ws.on('pong', () => alive.set(ws, true))
        // A socket lives no longer than its token: the client signs in again and reconnects.
        const expiry = setTimeout(
          () => ws.close(CloseCode.Unauthorized, tokenFailureMessage.expired),
          Math.max(0, Math.min(check.expiresAt - Date.now(), 2 ** 31 - 1)),
        )
        ws.on('close', () => clearTimeout(expiry))
        try {
          rooms.get(workbookId).connect(ws, check.user)
        } catch (err) {
          if (err instanceof WorkbookNotFoundError) ws.close(CloseCode.NotFound, 'Arbetsboken finns inte.')
          else {
            log(`upgrade failed: ${(err as Error).message}`)
            ws.close(1011, 'Serverfel.')
          }
        }
      })
    })
  })

  const address = server.address() as AddressInfo
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    store,
    rooms,
    users,
    tokens,
    async close() {
      clearInterval(heartbeat)
      rooms.destroyAll()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      store.close()
    },
  }
}

function refuseUpgrade(socket: Duplex, status: 401 | 404, message: string): void {
  const body = JSON.stringify({ error: status === 401 ? 'unauthorized' : 'not-found', message })
  const reason = status === 401 ? 'Unauthorized' : 'Not Found'
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
