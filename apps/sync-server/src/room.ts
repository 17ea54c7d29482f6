import { openWorkbook, targetCells, UpdateGate, type Workbook } from '@samplan/domain'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import {
  CloseCode,
  decodeMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './protocol'
import type { AuditLog } from './audit'
import { PresenceGate } from './presence-gate'
import { auditRecords, captureBefore, type CellsBefore } from './cell-changes'
import { COMPACT_EVERY, type Store } from './store'
import type { User } from './users'

/** Origin of a change the server makes for a user (restore, status), persisted and audited like a client's. */
export class ServerChange {
  constructor(readonly user: User) {}
}

interface Connection {
  socket: WebSocket
  user: User
  /** Awareness client ids this socket controls, removed when it closes. */
  awarenessIds: Set<number>
  /** Checks, stamps and rate-limits this socket's presence (presence-gate.ts). */
  presence: PresenceGate
}

/**
 * One workbook's live state: its Y.Doc (loaded fully from the store before any
 * client message is handled), awareness, and connected sockets.
 */
export class Room {
  readonly doc: Y.Doc
  readonly workbook: Workbook
  readonly awareness: awarenessProtocol.Awareness
  private readonly connections = new Map<WebSocket, Connection>()
  private appendedSinceSnapshot = 0
  private compactionQueued = false
  private destroyed = false
  /** Old side of the audit entries of the update being applied right now. */
  private pendingAudit: CellsBefore | null = null
  /** Client ids the update being applied right now creates, bound to its sender with it. */
  private pendingBind: number[] = []
  /** Judges every client update on a staging replica before the live doc sees it (domain SPEC G1-G6). */
  private readonly gate: UpdateGate
  /** Which user each client id of this workbook belongs to. */
  private readonly owners: Map<number, string>

  constructor(
    readonly workbookId: string,
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly log: (msg: string) => void,
    /** Called when the last socket leaves, so the registry can unload the room. */
    private readonly onEmpty: (room: Room) => void = () => {},
  ) {
    this.doc = store.loadDoc(workbookId)
    this.workbook = openWorkbook(this.doc)
    this.gate = new UpdateGate(this.workbook)
    this.owners = store.clientOwners(workbookId)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null)
    // Persist (update + audit, one SQLite transaction) before relaying; better-sqlite3 is synchronous.
    const persist = store.db.transaction((update: Uint8Array, userId: string | null) => {
      const seq = this.store.appendUpdate(workbookId, update, userId)
      if (userId !== null && this.pendingBind.length > 0) this.store.bindClientIds(workbookId, this.pendingBind, userId)
      if (this.pendingAudit) {
        const records = auditRecords(this.workbook, this.pendingAudit, userId)
        if (records.length > 0) this.audit.record(workbookId, seq, new Date().toISOString(), records)
      }
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const userId =
        origin instanceof ServerChange ? origin.user.id : (this.connections.get(origin as WebSocket)?.user.id ?? null)
      persist(update, userId)
      if (userId !== null) for (const client of this.pendingBind) this.owners.set(client, userId)
      // Client updates reached the live doc through the replica; everything else the replica must follow.
      if (!this.connections.has(origin as WebSocket)) this.gate.follow(update)
      this.appendedSinceSnapshot++
      const message = encodeSyncUpdate(update)
      for (const conn of this.connections.values()) {
        if (conn.socket !== origin) send(conn.socket, message)
      }
      // Snapshotting encodes the whole doc: do it after this relay, never in front of it.
      if (this.appendedSinceSnapshot >= COMPACT_EVERY && !this.compactionQueued) {
        this.compactionQueued = true
        setImmediate(() => {
          this.compactionQueued = false
          if (!this.destroyed) this.compact()
        })
      }
    })
    this.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        const changed = [...added, ...updated, ...removed]
        const conn = this.connections.get(origin as WebSocket)
        if (conn) {
          for (const id of added) conn.awarenessIds.add(id)
          for (const id of removed) conn.awarenessIds.delete(id)
        }
        const message = encodeAwareness(
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
        )
        for (const c of this.connections.values()) send(c.socket, message)
      },
    )
  }

  get size(): number {
    return this.connections.size
  }

  /** Registers a socket and starts the sync handshake (server's step 1 + current awareness). */
  connect(socket: WebSocket, user: User): void {
    const awarenessIds = new Set<number>()
    const conn: Connection = {
      socket,
      user,
      awarenessIds,
      presence: new PresenceGate({
        awareness: this.awareness,
        origin: socket,
        user,
        ownIds: awarenessIds,
        ownedByOther: (clientId) => this.ownedByOther(socket, clientId),
        isOpen: () => socket.readyState === socket.OPEN && this.connections.has(socket),
      }),
    }
    this.connections.set(socket, conn)
    socket.binaryType = 'nodebuffer'
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return this.reject(conn, CloseCode.Malformed, 'Textmeddelanden stöds inte.')
      this.handle(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    })
    socket.on('close', () => this.disconnect(conn))
    socket.on('error', () => this.disconnect(conn))
    send(socket, encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const states = [...this.awareness.getStates().keys()]
    if (states.length > 0) {
      send(socket, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)))
    }
  }

  private handle(conn: Connection, data: Uint8Array): void {
    const decoded = decodeMessage(data)
    if (!decoded.ok) return this.reject(conn, CloseCode.Malformed, decoded.error)
    const msg = decoded.value
    try {
      switch (msg.type) {
        case 'sync-step1':
          send(conn.socket, encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, msg.stateVector)))
          return
        case 'sync-step2':
        case 'sync-update': {
          const { user } = conn
          const verdict = this.gate.check(msg.update, { id: user.id, role: user.role, omrade: user.omrade }, {
            ownerOf: (client) => this.owners.get(client),
          })
          if (!verdict.ok && verdict.missing) {
            // Nothing applied, nothing held: ask for everything from our state, as a reconnecting
            // y-websocket client is asked; its answer is judged whole, in order.
            send(conn.socket, encodeSyncStep1(Y.encodeStateVector(this.doc)))
            return
          }
          if (!verdict.ok) return this.reject(conn, CloseCode.Forbidden, verdict.reason)
          if (verdict.update === null) return // nothing the server lacks
          this.pendingAudit = captureBefore(this.workbook, targetCells(verdict.targets))
          this.pendingBind = verdict.bind
          try {
            // The replica's re-encoding, never the client's bytes, reaches the live doc.
            Y.applyUpdate(this.doc, verdict.update, conn.socket)
          } catch (err) {
            this.gate.resync()
            throw err
          } finally {
            this.pendingAudit = null
            this.pendingBind = []
          }
          return
        }
        case 'awareness': {
          // Only this socket's own clients' new states are applied, stamped with the signed-in
          // user, so no one can appear as a colleague; oversize states close the socket.
          const verdict = conn.presence.receive(msg.update)
          if (!verdict.ok) return this.reject(conn, CloseCode.Malformed, verdict.reason)
          return
        }
        case 'query-awareness':
          send(
            conn.socket,
            encodeAwareness(
              awarenessProtocol.encodeAwarenessUpdate(this.awareness, [
                ...this.awareness.getStates().keys(),
              ]),
            ),
          )
          return
        case 'auth':
          return
      }
    } catch (err) {
      this.reject(conn, CloseCode.Malformed, `ogiltig uppdatering (${(err as Error).message})`)
    }
  }

  /** Whether another open socket speaks for this awareness client (a reconnecting client may take its id back). */
  private ownedByOther(socket: WebSocket, clientId: number): boolean {
    for (const other of this.connections.values()) {
      if (other.socket !== socket && other.awarenessIds.has(clientId)) return true
    }
    return false
  }

  /** Closes one connection with a reason the client can show; other clients are untouched. */
  private reject(conn: Connection, code: number, reason: string): void {
    this.log(`room ${this.workbookId}: closing ${conn.user.id} (${code}): ${reason}`)
    // Close reasons are capped at 123 bytes by RFC 6455.
    conn.socket.close(code, Buffer.from(reason).subarray(0, 123).toString())
    this.disconnect(conn)
  }

  private disconnect(conn: Connection): void {
    if (!this.connections.delete(conn.socket)) return
    conn.presence.close()
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null)
    }
    if (this.connections.size === 0) this.onEmpty(this)
  }

  /**
   * Applies a change the server makes on a user's behalf (restore a version,
   * set the status) as one transaction: persisted, audited and relayed like any edit.
   */
  changeAsServer(user: User, cells: Array<{ sheetId: string; rowId: string; colId: string }>, change: () => void): void {
    this.pendingAudit = captureBefore(this.workbook, cells)
    try {
      this.doc.transact(change, new ServerChange(user))
    } finally {
      this.pendingAudit = null
    }
  }

  /** Folds the update log into a snapshot so cold loads stay fast. */
  compact(): void {
    this.store.compact(this.workbookId, this.doc)
    this.appendedSinceSnapshot = 0
  }

  /** Closes every socket (code 1001 "going away") and frees the doc. */
  destroy(): void {
    this.destroyed = true
    for (const conn of this.connections.values()) conn.socket.close(1001, 'Servern stängs.')
    this.connections.clear()
    this.awareness.destroy()
    this.gate.destroy()
    this.doc.destroy()
  }
}

function send(socket: WebSocket, message: Uint8Array): void {
  if (socket.readyState !== socket.OPEN) return
  socket.send(message, (err) => {
    if (err) socket.terminate()
  })
}
