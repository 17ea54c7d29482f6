import { CloseCode, openWorkbook, targetCells, UpdateGate, type CellRef, type Workbook } from '@samplan/domain'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import { decodeMessage, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './protocol'
import type { User } from '../auth/users'
import type { AuditLog } from '../storage/audit'
import { COMPACT_EVERY, type Store } from '../storage/store'
import { PresenceGate } from './presence-gate'
import { UpdateJournal } from './update-journal'

/** Origin of a change the server makes for a user (restore, status), persisted and audited like a client's. */
export class ServerChange {
  constructor(readonly user: User) {}
}

type AwarenessChanges = { added: number[]; updated: number[]; removed: number[] }

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
  /** Judges every client update on a staging replica before the live doc sees it (domain SPEC G1-G6). */
  private readonly gate: UpdateGate
  /** Writes each update, its audit entries and client-id owners before it is relayed. */
  private readonly journal: UpdateJournal

  constructor(
    readonly workbookId: string,
    store: Store,
    audit: AuditLog,
    private readonly log: (msg: string) => void,
    /** Called when the last socket leaves, so the registry can unload the room. */
    private readonly onEmpty: (room: Room) => void = () => {},
  ) {
    this.doc = store.loadDoc(workbookId)
    this.workbook = openWorkbook(this.doc)
    this.gate = new UpdateGate(this.workbook)
    this.journal = new UpdateJournal(workbookId, this.workbook, store, audit)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin))
    this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => this.onAwarenessUpdate(changes, origin))
  }

  /** Every change of the live doc, a client's or the server's: written first, then relayed. */
  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    const fromClient = this.connections.get(origin as WebSocket)
    const userId = origin instanceof ServerChange ? origin.user.id : (fromClient?.user.id ?? null)
    this.journal.write(update, userId)
    // Client updates reached the live doc through the replica; everything else the replica must follow.
    if (!fromClient) this.gate.follow(update)
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
  }

  /** Presence changes (already checked by the sender's PresenceGate) go to every socket. */
  private onAwarenessUpdate({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
    const conn = this.connections.get(origin as WebSocket)
    if (conn) {
      for (const id of added) conn.awarenessIds.add(id)
      for (const id of removed) conn.awarenessIds.delete(id)
    }
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]))
    for (const c of this.connections.values()) send(c.socket, message)
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
    if (this.awareness.getStates().size > 0) send(socket, this.everyonesPresence())
  }

  /** An awareness frame with every state the room holds. */
  private everyonesPresence(): Uint8Array {
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]))
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
        case 'sync-update':
          return this.receiveUpdate(conn, msg.update)
        case 'awareness': {
          // Only this socket's own clients' new states are applied, stamped with the signed-in
          // user, so no one can appear as a colleague; oversize states close the socket.
          const verdict = conn.presence.receive(msg.update)
          if (!verdict.ok) return this.reject(conn, CloseCode.Malformed, verdict.reason)
          return
        }
        case 'query-awareness':
          return send(conn.socket, this.everyonesPresence())
        case 'auth':
          return
      }
    } catch (err) {
      this.reject(conn, CloseCode.Malformed, `ogiltig uppdatering (${(err as Error).message})`)
    }
  }

  /** A client's document update: judged by the gate, then applied as the replica's re-encoding. */
  private receiveUpdate(conn: Connection, update: Uint8Array): void {
    const { user } = conn
    const verdict = this.gate.check(update, { id: user.id, role: user.role, omrade: user.omrade }, {
      ownerOf: (client) => this.journal.owners.get(client),
    })
    if (!verdict.ok && verdict.missing) {
      // Nothing applied, nothing held: ask for everything from our state, as a reconnecting
      // y-websocket client is asked; its answer is judged whole, in order.
      send(conn.socket, encodeSyncStep1(Y.encodeStateVector(this.doc)))
      return
    }
    if (!verdict.ok) return this.reject(conn, CloseCode.Forbidden, verdict.reason)
    if (verdict.update === null) return // nothing the server lacks
    const accepted = verdict.update
    this.journal.during(targetCells(verdict.targets), verdict.bind, () => {
      try {
        // The replica's re-encoding, never the client's bytes, reaches the live doc.
        Y.applyUpdate(this.doc, accepted, conn.socket)
      } catch (err) {
        this.gate.resync()
        throw err
      }
    })
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
  changeAsServer(user: User, cells: readonly CellRef[], change: () => void): void {
    this.journal.during(cells, [], () => this.doc.transact(change, new ServerChange(user)))
  }

  /** Folds the update log into a snapshot so cold loads stay fast. */
  compact(): void {
    this.journal.compact(this.doc)
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
