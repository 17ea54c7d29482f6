import { CloseCode } from '@samplan/domain'
import type { ServerType } from '@hono/node-server'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { OpenSessions } from '../auth/open-sessions'
import type { TokenService } from '../auth/tokens'
import { tokenFailureMessage } from '../auth/tokens'
import type { User } from '../auth/users'
import type { WorkbookAccess } from '../auth/workbook-access'
import { StorageUnavailableError } from '../storage/errors'
import type { Store } from '../storage/store'
import type { Room } from './room'
import type { RoomRegistry } from './room-registry'

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})$/
const HEARTBEAT_MS = 30_000

export interface SyncEndpointOptions {
  tokens: TokenService
  store: Store
  access: WorkbookAccess
  rooms: RoomRegistry
  /** Where each user's sockets are registered, so ending their sessions closes them. */
  openSessions?: OpenSessions
  /** Largest websocket frame accepted, in bytes (bigger frames close the socket with 1009). */
  maxMessageBytes: number
  log: (msg: string) => void
}

/**
 * The y-websocket endpoint `/sync/<workbookId>?token=…` on the HTTP server. The token and
 * membership are checked before the upgrade (SPEC A2), so no socket opens for anyone else;
 * dead peers are found by a ping every 30 s. Returns the function that closes every socket.
 */
export function attachSyncEndpoint(server: ServerType, options: SyncEndpointOptions): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes })
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

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const match = SYNC_PATH.exec(url.pathname)
    if (!match) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
    const workbookId = match[1] as string
    void upgrade().catch((err: Error) => {
      options.log(`upgrade failed: ${err.message}`)
      refuseUpgrade(socket, 503, err instanceof StorageUnavailableError ? err.message : 'Serverfel.')
    })

    async function upgrade(): Promise<void> {
      const check = await options.tokens.check(url.searchParams.get('token'))
      if (!check.ok) return refuseUpgrade(socket, 401, tokenFailureMessage[check.reason])
      if (!(await options.store.getWorkbook(workbookId)) || !(await options.access.canOpen(check.user, workbookId))) {
        return refuseUpgrade(socket, 404, 'Arbetsboken finns inte.')
      }
      // Loaded before the upgrade, so the room hears the socket's first frame.
      const room = await options.rooms.get(workbookId)
      wss.handleUpgrade(request, socket, head, (ws) => {
        alive.set(ws, true)
        ws.on('pong', () => alive.set(ws, true))
        join(ws, room, check.user, check.expiresAt)
        // The same user object the room reads, so an admin's role change reaches this socket's rights check.
        const forget = options.openSessions?.add(check.user.id, ws, check.user, url.searchParams.get('token'), workbookId)
        if (forget) ws.on('close', forget)
      })
    }
  })

  return () => {
    clearInterval(heartbeat)
    for (const ws of wss.clients) ws.terminate()
    wss.close()
  }
}

/** Hands an upgraded socket to its workbook's room, for no longer than its token lives. */
function join(ws: WebSocket, room: Room, user: User, expiresAt: number): void {
  // The client signs in again and reconnects; setTimeout cannot wait longer than 2^31-1 ms.
  const expiry = setTimeout(
    () => ws.close(CloseCode.Unauthorized, tokenFailureMessage.expired),
    Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)),
  )
  ws.on('close', () => clearTimeout(expiry))
  room.connect(ws, user)
}

const REFUSAL = {
  401: { error: 'unauthorized', reason: 'Unauthorized' },
  404: { error: 'not-found', reason: 'Not Found' },
  503: { error: 'unavailable', reason: 'Service Unavailable' },
} as const

function refuseUpgrade(socket: Duplex, status: keyof typeof REFUSAL, message: string): void {
  const body = JSON.stringify({ error: REFUSAL[status].error, message })
  const { reason } = REFUSAL[status]
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
