import { CloseCode, openWorkbook, stateAfter, targetCells, UpdateGate, type CellRef, type Workbook } from '@samplan/domain'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import {
  decodeMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  MessageType,
  SyncMessageType,
} from './protocol'
import { DEACTIVATED_MESSAGE, withStoredRights, type User } from '../auth/users'
import { STORAGE_UNAVAILABLE_MESSAGE, StorageUnavailableError } from '../storage/errors'
import { COMPACT_EVERY, type LogEntry, type OrderTurn, type Store } from '../storage/store'
import type { ClusterMessage, ForwardVerdict } from '../cluster/cluster-message'
import { mergedUpdate, PeerEntries } from '../cluster/peer-entries'
import { captureBefore } from './cell-changes'
import { PresenceGate } from './presence-gate'
import { SerialQueue } from './serial-queue'
import { EncodedState } from './encoded-state'
import { ForwardedUpdate } from './forwarded-update'
import { StagedDoc } from './staged-doc'
import { UpdateJournal, type JournalTurn } from './update-journal'

/** Origin of a change the server makes for a user (restore, status), persisted and audited like a client's. */
export class ServerChange {
  constructor(readonly user: User) {}
}

/** A change the server makes: the cells it will change (audited old -> new) and the edit itself. */
export interface ServerEdit<T> {
  cells: readonly CellRef[]
  apply(): T
}

type AwarenessChanges = { added: number[]; updated: number[]; removed: number[] }

/**
 * A room commits its turn after judging this many updates, or this long after taking it, even
 * while more of its sockets' updates wait, so their senders' edits are relayed and the other
 * servers (and their pooled connections, which wait for the lock) get the turn too.
 */
const TURN_MAX_ENTRIES = 8
const TURN_MAX_MS = 20

/**
 * How a room reaches the rooms of the same workbook on other servers (cluster/redis-link.ts);
 * absent with one server.
 */
export interface RoomLink {
  readonly serverId: string
  publish(workbookId: string, message: ClusterMessage): void
  /** Watch that server's heartbeat: its clients' presence is shown here. */
  watchPeer(serverId: string): void
  /** The server holding the workbook's lease, which judges its client updates, when it is another one (null: judge here). */
  judgeOf(workbookId: string): string | null
}

/**
 * How long a client update forwarded to the lease holder waits for its verdict before this server
 * judges it itself, in its own turn (the holder was killed or cut off; one that was only slow finds
 * the update already in the log and it changes nothing).
 */
const FORWARD_VERDICT_MS = 2_000
/** After a verdict did not come, this server judges its sockets' updates itself for this long, unless the lease moves first. */
const JUDGE_HERE_AFTER_SILENCE_MS = 10_000

/** Who sent an update being judged: a socket here, or a client of another server that forwarded it. */
type Sender = Connection | ForwardedUpdate

/** Origin of entries another server appended, and of presence it relayed. */
class RemoteOrigin {
  constructor(readonly serverId: string | null) {}
}
/** Origin of the presence removal when one of this server's sockets closes. */
const LOCAL_DEPARTURE = Symbol('local departure')

interface Connection {
  socket: WebSocket
  user: User
  /** Awareness client ids this socket controls, removed when it closes. */
  awarenessIds: Set<number>
  /** Checks, stamps and rate-limits this socket's presence (presence-gate.ts). */
  presence: PresenceGate
  /** Called once each relayed frame is written: a socket that cannot take one is dropped. */
  sent: (err?: Error) => void
  /** This socket's messages in order: each is done when handled and, if it was forwarded to the lease holder, its verdict taken. */
  tail: Promise<void>
  /** The verdict on the update this socket's message being handled forwarded, once taken (Room.forward). */
  verdict: Promise<void> | null
}

/**
 * One workbook's live state: its Y.Doc (loaded fully from the store before any client message
 * is handled), awareness, and connected sockets. Every message of every socket, and every
 * change the server makes, goes through one queue in arrival order: an update is judged,
 * written to the store, applied to the live doc and relayed before the next message is looked at,
 * so nothing reaches another client before it is durable and the order is the same everywhere.
 * With several servers the write is the workbook's turn in the database (Store.commitInOrder),
 * which first hands over what the other servers appended; their entries announced over Redis
 * (RoomLink) go through the same queue, applied in log order. A server that does not hold the
 * workbook's lease forwards its sockets' updates to the one that does, which judges them in its
 * turns with its own sockets' (ForwardedUpdate), and answers; a socket's messages after a
 * forwarded update join the queue once its verdict is taken.
 */
export class Room {
  readonly workbook: Workbook
  readonly awareness: awarenessProtocol.Awareness
  private readonly connections = new Map<WebSocket, Connection>()
  private readonly queue = new SerialQueue()
  private appendedSinceSnapshot = 0
  /** The newest log entry the live doc holds: entries are applied in seq order, each once. */
  private lastSeq: number
  /** Entries from other servers were applied since the owners were read: read them again in the next turn. */
  private ownersStale = false
  /** Entries other servers announced, applied once the one each follows is here (cluster/peer-entries.ts). */
  private readonly fromPeers = new PeerEntries()
  private peerEntriesDue = false
  /** Awareness client ids relayed from each other server, removed when it stops beating. */
  private readonly remotePresence = new Map<string, Set<number>>()
  private compactionQueued = false
  /** The workbook's turn, held while this room's sockets have updates queued, and what it accepted (Store.takeTurn). */
  private turn: {
    held: JournalTurn
    /** Forwarded updates up to this arrival number have their users' rights in `held.rights`. */
    rightsAfter: number
    since: number
    judged: number
    accepted: Array<{ update: Uint8Array; sender: Sender }>
    /** How many of `accepted` the staged doc holds (it takes them only when a later update of the turn is judged). */
    staged: number
  } | null = null
  /** Socket messages carrying a document update that have arrived and are not yet handled. */
  private updatesQueued = 0
  private destroyed = false
  /** Updates of this server's sockets forwarded to a lease holder, by forward number: where each went, and what takes its verdict. */
  private readonly forwarded = new Map<number, { to: string; settle: (verdict: ForwardVerdict | null) => void }>()
  private nextForward = 1
  /** Forwarded updates queued or being judged here, by user id: their rights are read with the next turn. */
  private readonly forwardsWaiting = new Map<string, number>()
  /** Forwarded updates that have arrived here, counted: which of them a turn's rights were read after. */
  private forwardsArrived = 0
  /** A lease holder that left a forwarded update without a verdict, and until when this server judges instead. */
  private silentJudge: { serverId: string; until: number } | null = null
  /**
   * Judges every client update on a staging replica (domain SPEC G1-G6), against the live doc plus
   * the accepted updates of the open turn (the staged doc when there are any), so each is judged
   * against all before it. Dropped with the staged doc.
   */
  private gateOnStaged: UpdateGate | null = null
  /** The live doc's whole state, encoded once per state (a fresh client's sync, the staged doc, the formula engine). */
  private readonly liveState: EncodedState
  /** The live doc plus the changes being written (a turn's accepted updates; where server changes are made). */
  private readonly staged: StagedDoc
  /** Writes each update, its audit entries and client-id owners before it is applied and relayed. */
  private readonly journal: UpdateJournal

  /** Loads the workbook's document and client-id owners from the store. */
  static async open(
    workbookId: string,
    store: Store,
    log: (msg: string) => void,
    onEmpty: (room: Room) => void = () => {},
    link: RoomLink | null = null,
  ): Promise<Room> {
    // The head first: the doc then holds at least every entry up to it, and re-applying one later is harmless.
    const head = await store.headSeq(workbookId)
    const loaded = await store.loadDocFrom(workbookId)
    const owners = await store.clientOwners(workbookId)
    const room = new Room(workbookId, loaded.doc, new UpdateJournal(workbookId, store, owners), head, store, log, onEmpty, link)
    // A doc that is exactly its stored snapshot is sent to fresh clients as stored, never encoded.
    if (loaded.storedState) room.liveState.seed(loaded.storedState)
    // The log after the snapshot counts towards the next one, so a tail left by a crash is folded too.
    room.appendedSinceSnapshot = loaded.tail
    return room
  }

  private constructor(
    readonly workbookId: string,
    readonly doc: Y.Doc,
    journal: UpdateJournal,
    head: number,
    private readonly store: Store,
    private readonly log: (msg: string) => void,
    /** Called when the last socket leaves, so the registry can unload the room. */
    private readonly onEmpty: (room: Room) => void,
    private readonly link: RoomLink | null,
  ) {
    this.lastSeq = head
    this.workbook = openWorkbook(doc)
    this.liveState = new EncodedState(doc)
    this.staged = new StagedDoc(doc, this.liveState)
    this.journal = journal
    this.awareness = new awarenessProtocol.Awareness(doc)
    this.awareness.setLocalState(null)
    this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => this.onAwarenessUpdate(changes, origin))
  }

  /**
   * A change this server committed (as entry `seq`, following `prev`) reaches the live doc,
   * every socket but its sender's, and the other servers.
   */
  private applyDurable(update: Uint8Array, origin: unknown, seq: number, prev: number): void {
    // The other servers first, even before the live doc here: their clients are a Redis hop further away than ours.
    this.link?.publish(this.workbookId, { kind: 'update', from: this.link.serverId, seq, prev, update })
    Y.applyUpdate(this.doc, update, origin)
    this.staged.follow(update)
    this.lastSeq = Math.max(this.lastSeq, seq)
    this.relay(update, origin)
    this.countTowardsSnapshot(1)
    // Another server's entry announced before this one's commit came back follows it now.
    if (this.fromPeers.size > 0) this.applyAccepted([])
  }

  /**
   * Entries another server appended, in seq order, and those announced ahead of them that now follow:
   * applied as accepted (they were judged in their turn) and relayed, as one update; `relayLater` in
   * the workbook's turn, whose lock every server waits for: the sockets are sent them once the turn's
   * judging is done and its commit is on the way (the next turn of the event loop), not before.
   */
  private applyAccepted(entries: readonly LogEntry[], relayLater = false): void {
    const fresh: LogEntry[] = []
    for (const entry of entries) if (entry.seq > (fresh.at(-1)?.seq ?? this.lastSeq)) fresh.push(entry)
    fresh.push(...this.fromPeers.takeAfter(fresh.at(-1)?.seq ?? this.lastSeq))
    if (fresh.length === 0) return
    // A turn finds several at once: each copy of the doc integrates them in one transaction, each socket gets one message.
    const update = mergedUpdate(fresh)
    Y.applyUpdate(this.doc, update, new RemoteOrigin(null))
    this.gateOnStaged?.follow(update)
    this.staged.follow(update)
    this.lastSeq = (fresh.at(-1) as LogEntry).seq
    if (relayLater) setImmediate(() => this.relay(update, null))
    else this.relay(update, null)
    // Only an entry that wrote under a client id unknown here can have bound one.
    if (!this.ownersStale && this.bringsNewClients(update)) this.ownersStale = true
    this.countTowardsSnapshot(fresh.length)
  }

  private gate(): UpdateGate {
    this.gateOnStaged ??= new UpdateGate(this.workbook)
    return this.gateOnStaged
  }

  /** Forgets the staged copy and its gate (they hold changes that were not stored); both are rebuilt from the live doc. */
  private dropStaged(): void {
    this.gateOnStaged?.destroy()
    this.gateOnStaged = null
    this.staged.discard()
  }

  private bringsNewClients(update: Uint8Array): boolean {
    for (const client of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).keys()) {
      if (!this.journal.owners.has(client)) return true
    }
    return false
  }

  private relay(update: Uint8Array, origin: unknown): void {
    // Encoded once, as the Buffer ws would otherwise wrap it in for every socket.
    const encoded = encodeSyncUpdate(update)
    const message = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength)
    for (const conn of this.connections.values()) {
      if (conn.socket !== origin && conn.socket.readyState === conn.socket.OPEN) conn.socket.send(message, conn.sent)
    }
  }

  private countTowardsSnapshot(entries: number): void {
    this.appendedSinceSnapshot += entries
    // Snapshotting encodes the whole doc: queue it behind this relay, never in front of it.
    if (this.appendedSinceSnapshot >= COMPACT_EVERY && !this.compactionQueued) {
      this.compactionQueued = true
      void this.compact(COMPACT_EVERY / 2).finally(() => {
        this.compactionQueued = false
      })
    }
  }

  /** In this room's turn to append: first whatever others appended since, and the owners they bound. */
  private async catchUpInTurn(turn: OrderTurn): Promise<void> {
    this.applyAccepted(turn.missed, true)
    if (this.ownersStale) {
      this.journal.replaceOwners(await turn.owners())
      this.ownersStale = false
    }
  }

  /** Reads and applies what the log holds beyond this room (after a missed notification, or Redis came back). */
  catchUp(): Promise<void> {
    return this.queue.run(async () => {
      if (!this.destroyed) await this.catchUpNow()
    })
  }

  /** A message from another server about this workbook (cluster/redis-link.ts). */
  receiveFromPeer(message: ClusterMessage): void {
    if (!this.link || message.from === this.link.serverId || this.destroyed) return
    switch (message.kind) {
      case 'update':
        if (message.seq <= this.lastSeq) return
        // Entries that follow what the live doc holds are applied once this read from Redis is handled
        // (together: one update, one message per socket), not behind this room's queue: no one appends
        // after lastSeq while this room holds the turn, so they never arrive while an update is being
        // judged here or the staged doc is ahead of the live doc. One that crossed on the way with the
        // entry before it waits for that one.
        this.fromPeers.hold(message.prev, { seq: message.seq, update: message.update, userId: null })
        if (!this.peerEntriesDue) {
          this.peerEntriesDue = true
          queueMicrotask(() => {
            this.peerEntriesDue = false
            if (this.destroyed) return
            try {
              this.applyAccepted([])
            } catch (err) {
              // One bad entry must not take the server down; the next turn reads the log from lastSeq.
              this.log(`room ${this.workbookId}: entries from another server not applied: ${(err as Error).message}`)
            }
          })
        }
        if (message.prev === this.lastSeq || this.fromPeers.holds(message.prev)) return
        void this.queue.run(async () => {
          if (this.destroyed) return
          this.applyAccepted([])
          // Behind a gap still: the log has the missing entries, in order.
          if (message.seq > this.lastSeq) await this.catchUpNow()
        })
        return
      case 'awareness':
        this.link.watchPeer(message.from)
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, new RemoteOrigin(message.from))
        } catch (err) {
          this.log(`room ${this.workbookId}: presence from ${message.from} ignored: ${(err as Error).message}`)
        }
        return
      case 'presence-query':
        this.publishPresence([...this.localPresenceIds()])
        return
      case 'forward':
        if (message.to === this.link.serverId) this.judgeForwarded(message.from, message.forward, message.user, message.update)
        return
      case 'verdict':
        if (message.to === this.link.serverId) this.forwarded.get(message.forward)?.settle(message.verdict)
        return
      case 'released':
        // What waits for that server's verdict is judged here now (the link reads the lease again).
        for (const { to, settle } of [...this.forwarded.values()]) if (to === message.from) settle({ outcome: 'declined' })
        return
      case 'head':
        void this.queue.run(async () => {
          if (!this.destroyed && message.seq > this.lastSeq) await this.catchUpNow()
        })
        return
    }
  }

  private async catchUpNow(): Promise<void> {
    await this.commitTurn()
    try {
      this.applyAccepted(await this.store.updatesAfter(this.workbookId, this.lastSeq))
    } catch (err) {
      // The next notification, turn or reconnect reads the gap again.
      this.log(`room ${this.workbookId}: catching up failed: ${(err as Error).message}`)
    }
  }

  /** Records which server speaks for each awareness client (null: this one), so a lapsed server takes only its own. */
  private notePresenceAt(serverId: string | null, present: number[], removed: number[]): void {
    for (const [server, ids] of this.remotePresence) {
      for (const id of removed) ids.delete(id)
      if (server !== serverId) for (const id of present) ids.delete(id)
    }
    if (serverId === null) return
    const ids = this.remotePresence.get(serverId) ?? new Set<number>()
    this.remotePresence.set(serverId, ids)
    for (const id of present) ids.add(id)
  }

  /** Removes the presence of a server that stopped beating (killed): its sockets are gone. */
  forgetServer(serverId: string): void {
    const ids = this.remotePresence.get(serverId)
    this.remotePresence.delete(serverId)
    if (ids && ids.size > 0 && !this.destroyed)
      awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], new RemoteOrigin(serverId))
  }

  /** Asks the other servers for their sockets' presence (after loading). */
  askPeersForPresence(): void {
    this.link?.publish(this.workbookId, { kind: 'presence-query', from: this.link.serverId })
  }

  /** After Redis came back: catch up from the log, then tell the others how far this room is, and show them its presence. */
  async rejoin(): Promise<void> {
    await this.catchUp()
    const link = this.link
    if (!link || this.destroyed) return
    link.publish(this.workbookId, { kind: 'head', from: link.serverId, seq: this.lastSeq })
    this.publishPresence([...this.localPresenceIds()])
    this.askPeersForPresence()
  }

  private localPresenceIds(): Set<number> {
    const ids = new Set<number>()
    for (const conn of this.connections.values()) for (const id of conn.awarenessIds) ids.add(id)
    return ids
  }

  private publishPresence(changed: number[]): void {
    // Only ids the awareness knows (a removal keeps its clock there) can be encoded.
    const ids = changed.filter((id) => this.awareness.meta.has(id))
    if (!this.link || ids.length === 0) return
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)
    this.link.publish(this.workbookId, { kind: 'awareness', from: this.link.serverId, update })
  }

  /**
   * Presence changes (already checked by the sender's PresenceGate, or relayed by another server)
   * go to every socket; this server's own sockets' changes also go to the other servers.
   */
  private onAwarenessUpdate({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
    const conn = this.connections.get(origin as WebSocket)
    if (conn) {
      for (const id of added) conn.awarenessIds.add(id)
      for (const id of removed) conn.awarenessIds.delete(id)
    }
    const changed = [...added, ...updated, ...removed]
    if (origin instanceof RemoteOrigin && origin.serverId !== null) {
      this.notePresenceAt(origin.serverId, [...added, ...updated], removed)
    } else if (conn || origin === LOCAL_DEPARTURE) {
      // A client that reconnected here from another server is ours now, not that server's.
      if (conn) this.notePresenceAt(null, [...added, ...updated], removed)
      this.publishPresence(changed)
    }
    const message = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
    for (const c of this.connections.values()) send(c.socket, message)
  }

  get size(): number {
    return this.connections.size
  }

  /** Registers a socket and starts the sync handshake (server's step 1 + current awareness). */
  connect(socket: WebSocket, user: User): void {
    if (this.destroyed) {
      // Unloaded while the socket was being upgraded: the client reconnects to a fresh load.
      socket.close(1012, 'Arbetsboken laddas om, ansluter igen.')
      return
    }
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
      sent: (err) => {
        if (err) socket.terminate()
      },
      tail: Promise.resolve(),
      verdict: null,
    }
    this.connections.set(socket, conn)
    socket.binaryType = 'nodebuffer'
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      // Behind this socket's update forwarded to the lease holder until its verdict is taken, as on
      // one server; the room's other sockets go on meanwhile.
      conn.tail = conn.tail.then(() => this.handleInOrder(conn, bytes, isBinary))
    })
    socket.on('close', () => this.disconnect(conn))
    socket.on('error', () => this.disconnect(conn))
    send(socket, encodeSyncStep1(Y.encodeStateVector(this.doc)))
    if (this.awareness.getStates().size > 0) send(socket, this.everyonesPresence())
  }

  /** One message of a socket, in the room's queue; then, if it forwarded an update, until the verdict is taken. */
  private async handleInOrder(conn: Connection, bytes: Uint8Array, isBinary: boolean): Promise<void> {
    const { socket } = conn
    await this.inQueue(
      isBinary && isDocumentUpdate(bytes),
      async () => {
        // A socket refused earlier in the queue is heard no more.
        if (this.destroyed || !this.connections.has(socket)) return
        if (!isBinary) return this.reject(conn, CloseCode.Malformed, 'Textmeddelanden stöds inte.')
        return await this.handle(conn, bytes)
      },
      (err) => this.reject(conn, CloseCode.Malformed, invalidUpdate(err)),
    )
    const verdict = conn.verdict
    conn.verdict = null
    if (verdict) await verdict
  }

  /** An awareness frame with every state the room holds. */
  private everyonesPresence(): Uint8Array {
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]))
  }

  private async handle(conn: Connection, data: Uint8Array): Promise<void> {
    const decoded = decodeMessage(data)
    if (!decoded.ok) return this.reject(conn, CloseCode.Malformed, decoded.error)
    const msg = decoded.value
    switch (msg.type) {
      case 'sync-step1':
        send(conn.socket, encodeSyncStep2(this.liveState.missingFrom(msg.stateVector)))
        return
      case 'sync-step2':
      case 'sync-update':
        // A client that lacks nothing answers our step 1 with an empty update: nothing to judge (the
        // gate would build its replica for it) and nothing to store.
        if (isEmptyUpdate(msg.update)) return
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
  }

  /**
   * A client's document update, in the workbook's turn (Store.takeTurn): what other servers
   * appended since is applied first, then the gate judges it against that state and, if it is
   * accepted, it joins the turn with its audit entries. The turn stays open while more of this
   * room's sockets' updates are queued, each judged against the state all before it left (a
   * refused one changes nothing and the others go on), and is then committed in one transaction:
   * only after that is each accepted update, as the gate handed it over, applied to the live
   * doc, relayed and announced to the other servers, in order. A socket's update goes to the lease
   * holder instead when another server holds it (`mayForward` is false for one it declined or left
   * without a verdict, judged here after all).
   */
  private async receiveUpdate(sender: Sender, update: Uint8Array, mayForward = true): Promise<void> {
    let { user } = sender
    // A server holding the workbook's turn judges in it: forwarding would wait for a holder that waits for this turn.
    if (mayForward && !(sender instanceof ForwardedUpdate) && this.turn === null) {
      const judge = this.judge()
      if (judge !== null) return this.forward(sender, update, judge)
    }
    let turn: NonNullable<typeof this.turn>
    try {
      turn = await this.turnInHand()
    } catch (err) {
      if (err instanceof StorageUnavailableError) {
        this.log(`room ${this.workbookId}: update of ${user.id} not stored: ${err.detail}`)
        return this.refuse(sender, CloseCode.StorageUnavailable, STORAGE_UNAVAILABLE_MESSAGE)
      }
      throw err
    }
    turn.judged++
    if (sender instanceof ForwardedUpdate && sender.arrival <= turn.rightsAfter) {
      const now = withStoredRights(user, turn.held.rights.get(user.id))
      if (now === null) return this.refuse(sender, CloseCode.Unauthorized, DEACTIVATED_MESSAGE)
      user = now
    }
    const gate = this.gate()
    const beforeIt = this.stateBefore(turn)
    let verdict: ReturnType<UpdateGate['check']>
    try {
      // A socket's user object itself: an admin's role change made to it in place counts from this update on.
      verdict = gate.check(update, user, this.journal, beforeIt)
    } catch (err) {
      // Whatever the replica took of it goes; the staged doc, with the turn's accepted updates, stays.
      gate.resync()
      throw err
    }
    if (!verdict.ok && verdict.missing) {
      // Nothing applied, nothing held: ask for everything from our state, as a reconnecting
      // y-websocket client is asked; its answer is judged whole, in order.
      const ask = encodeSyncStep1(Y.encodeStateVector(this.doc))
      if (sender instanceof ForwardedUpdate) sender.ask(ask)
      else send(sender.socket, ask)
      return
    }
    if (!verdict.ok) return this.refuse(sender, CloseCode.Forbidden, verdict.reason)
    if (verdict.update === null) {
      // Nothing the server lacks.
      if (sender instanceof ForwardedUpdate) sender.accepted()
      return
    }
    // What the gate hands over (the replica's re-encoding, or a one-cell set's accounted-for bytes) is stored and reaches the live doc.
    const accepted = verdict.update
    // The old side is read where the turn's earlier updates already are, the new side from the state the gate says it leaves.
    const before = captureBefore(beforeIt, targetCells(verdict.targets))
    turn.accepted.push({ update: accepted, sender })
    try {
      await turn.held.append({ update: accepted, userId: user.id, bind: verdict.bind, before, after: verdict.after })
    } catch (err) {
      if (this.turn === turn) this.turn = null
      this.abandonTurn(turn, err)
    }
  }

  /**
   * The workbook as an update of the turn is judged against: the live doc while the turn has
   * accepted nothing (most turns hold one update), else the staged doc with the turn's accepted updates.
   */
  private stateBefore(turn: NonNullable<typeof this.turn>): Workbook {
    if (turn.accepted.length === 0) return this.workbook
    for (const { update } of turn.accepted.slice(turn.staged)) this.staged.take(update)
    turn.staged = turn.accepted.length
    return this.staged.workbook()
  }

  /** The workbook's turn, taken (and what others appended since applied) unless this room holds it. */
  private async turnInHand(): Promise<NonNullable<typeof this.turn>> {
    if (this.turn) return this.turn
    // Read after the turn is held: a rights change made while a forwarded update waited counts.
    const rightsAfter = this.forwardsArrived
    const held = await this.journal.takeTurn(this.lastSeq, [...this.forwardsWaiting.keys()])
    try {
      await this.catchUpInTurn(held)
    } catch (err) {
      held.abandon()
      throw err
    }
    this.turn = { held, rightsAfter, since: performance.now(), judged: 0, accepted: [], staged: 0 }
    return this.turn
  }

  /**
   * Commits the turn once no update of this room's sockets waits, or it has judged enough. Work
   * that needs the database in other ways (catching up, compacting, a server change) commits it
   * first too: a room holding the turn never waits for anything but the turn's own connection,
   * so rooms here and on other servers waiting for it, or for a pooled connection, cannot wait in a circle.
   */
  private async commitUnlessMoreQueued(): Promise<void> {
    const turn = this.turn
    if (!turn) return
    if (this.updatesQueued === 0 || turn.judged >= TURN_MAX_ENTRIES || performance.now() - turn.since >= TURN_MAX_MS)
      await this.commitTurn()
  }

  /** Stores the turn's updates in one transaction, then applies each to the live doc, relays and announces it, in order. */
  private async commitTurn(): Promise<void> {
    const turn = this.turn
    if (!turn) return
    this.turn = null
    let seqs: number[]
    try {
      seqs = await turn.held.commit()
    } catch (err) {
      return this.abandonTurn(turn, err)
    }
    if (this.destroyed) return
    let prev = this.lastSeq
    turn.accepted.forEach(({ update, sender }, k) => {
      const seq = seqs[k] as number
      this.applyDurable(update, sender instanceof ForwardedUpdate ? sender : sender.socket, seq, prev)
      if (sender instanceof ForwardedUpdate) sender.accepted()
      prev = seq
    })
  }

  /**
   * The turn could not be stored: nothing of it was, so the staged doc and the gate forget it, the
   * live doc never had it, and every sender whose update it held is told (their sockets close).
   */
  private abandonTurn(turn: NonNullable<typeof this.turn>, err: unknown): void {
    turn.held.abandon()
    this.dropStaged()
    // Client ids bound in the turn were not stored either: the next turn reads the owners again.
    this.ownersStale = true
    for (const { sender } of turn.accepted) {
      if (!(sender instanceof ForwardedUpdate) && !this.connections.has(sender.socket)) continue
      if (err instanceof StorageUnavailableError) {
        this.log(`room ${this.workbookId}: update of ${sender.user.id} not stored: ${err.detail}`)
        this.refuse(sender, CloseCode.StorageUnavailable, STORAGE_UNAVAILABLE_MESSAGE)
      } else {
        this.refuse(sender, CloseCode.Malformed, invalidUpdate(err))
      }
    }
  }

  /** Whether another open socket speaks for this awareness client (a reconnecting client may take its id back). */
  private ownedByOther(socket: WebSocket, clientId: number): boolean {
    for (const other of this.connections.values()) {
      if (other.socket !== socket && other.awarenessIds.has(clientId)) return true
    }
    return false
  }

  /** Refuses a sender's update: its socket closes with the reason, here or on the server that forwarded it. */
  private refuse(sender: Sender, code: number, reason: string): void {
    if (sender instanceof ForwardedUpdate) {
      this.log(`room ${this.workbookId}: refusing a forwarded update of ${sender.user.id} (${code}): ${reason}`)
      sender.refused(code, reason)
    } else {
      this.reject(sender, code, reason)
    }
  }

  /** The lease holder to forward this server's sockets' updates to; null: judge them here. */
  private judge(): string | null {
    const holder = this.link?.judgeOf(this.workbookId) ?? null
    const silent = this.silentJudge
    if (holder === null || silent === null) return holder
    if (silent.serverId === holder && performance.now() < silent.until) return null
    this.silentJudge = null
    return holder
  }

  /**
   * Sends a socket's update to the lease holder to be judged there. The room goes on at once:
   * only this socket's next message waits for the verdict (`Connection.verdict`), so the holder's
   * turn can take every socket's update that came meanwhile, from every server. The verdict closes
   * the socket (refused) or asks the client again; when the holder declines the update or stays
   * silent for FORWARD_VERDICT_MS, it is judged here, in this room's turn.
   */
  private forward(conn: Connection, update: Uint8Array, judge: string): void {
    const link = this.link as RoomLink
    const forward = this.nextForward++
    conn.verdict = new Promise<void>((taken) => {
      const timer = setTimeout(() => settle(null), FORWARD_VERDICT_MS)
      const settle = (verdict: ForwardVerdict | null) => {
        clearTimeout(timer)
        this.forwarded.delete(forward)
        void this.takeVerdict(conn, update, judge, verdict)
          .catch((err: Error) => this.log(`room ${this.workbookId}: verdict for ${conn.user.id} not taken: ${err.message}`))
          .finally(taken)
      }
      this.forwarded.set(forward, { to: judge, settle })
    })
    link.publish(this.workbookId, { kind: 'forward', from: link.serverId, to: judge, forward, user: conn.user, update })
  }

  /** What the holder said about a forwarded update (null: nothing in time). */
  private async takeVerdict(conn: Connection, update: Uint8Array, judge: string, verdict: ForwardVerdict | null): Promise<void> {
    // Unloaded meanwhile: the socket is closed, and the client sends the update again where it reconnects.
    if (this.destroyed) return
    if (verdict === null || verdict.outcome === 'declined') {
      if (verdict === null) {
        this.silentJudge = { serverId: judge, until: performance.now() + JUDGE_HERE_AFTER_SILENCE_MS }
        this.log(
          `room ${this.workbookId}: no verdict from ${judge} in ${FORWARD_VERDICT_MS} ms; judging the update of ${conn.user.id} here`,
        )
      }
      // Judged even if the socket closed meanwhile, as an update already in this room's queue is.
      await this.inQueue(
        true,
        async () => {
          if (!this.destroyed) await this.receiveUpdate(conn, update, false)
        },
        (err) => this.reject(conn, CloseCode.Malformed, invalidUpdate(err)),
      )
      return
    }
    if (!this.connections.has(conn.socket)) return
    if (verdict.outcome === 'refused') this.reject(conn, verdict.code, verdict.reason)
    else if (verdict.outcome === 'ask') send(conn.socket, verdict.message)
  }

  /**
   * An update another server forwarded for this server to judge: queued as its sockets' updates
   * are, in the turn with them. Its user's rights are read again when the turn is taken
   * (`forwardsWaiting`), since an admin may change them while it waits here.
   */
  private judgeForwarded(from: string, forward: number, user: User, update: Uint8Array): void {
    const link = this.link as RoomLink
    const sender = new ForwardedUpdate(user, ++this.forwardsArrived, (verdict) =>
      link.publish(this.workbookId, { kind: 'verdict', from: link.serverId, to: from, forward, verdict }),
    )
    this.forwardsWaiting.set(user.id, (this.forwardsWaiting.get(user.id) ?? 0) + 1)
    void this.inQueue(
      true,
      async () => {
        try {
          if (this.destroyed) sender.declined()
          else await this.receiveUpdate(sender, update)
        } finally {
          const waiting = (this.forwardsWaiting.get(user.id) ?? 1) - 1
          if (waiting > 0) this.forwardsWaiting.set(user.id, waiting)
          else this.forwardsWaiting.delete(user.id)
        }
      },
      (err) => sender.refused(CloseCode.Malformed, invalidUpdate(err)),
    )
  }

  /**
   * Runs `work` in the room's queue, then commits the turn unless more updates wait; one that
   * `carriesUpdate` counts as waiting from now, so a turn stays open for it. A throw goes to `failed`.
   */
  private async inQueue(carriesUpdate: boolean, work: () => Promise<void>, failed: (err: Error) => void): Promise<void> {
    if (carriesUpdate) this.updatesQueued++
    await this.queue
      .run(async () => {
        if (carriesUpdate) this.updatesQueued--
        try {
          await work()
        } finally {
          await this.commitUnlessMoreQueued()
        }
      })
      .catch(failed)
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
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], LOCAL_DEPARTURE)
    }
    if (this.connections.size === 0) this.onEmpty(this)
  }

  /**
   * Makes a change on a user's behalf (restore a version, set the status, import) as one
   * transaction, in turn with the clients' updates: `change` gets the workbook as it is and
   * returns the cells it will change and the edit. The edit is persisted and audited, then
   * applied and relayed like any client's; resolves with what the edit returned. Rejects
   * (StorageUnavailableError when the database is down) with nothing changed.
   */
  changeAsServer<T>(user: User, change: (workbook: Workbook) => ServerEdit<T>): Promise<T> {
    return this.queue.run(async () => {
      if (this.destroyed) throw new Error(`room ${this.workbookId} is unloaded`)
      await this.commitTurn()
      type Made = { result: T; written: Uint8Array | null }
      let outcome: Awaited<ReturnType<typeof this.journal.commitInOrder<Made>>>
      try {
        // In the workbook's turn, so the change is made on the state every server has at its seq.
        outcome = await this.journal.commitInOrder<Made>(this.lastSeq, async (turn) => {
          await this.catchUpInTurn(turn)
          const staged = this.staged.workbook()
          let update: Uint8Array | null = null
          const capture = (u: Uint8Array) => {
            update = update === null ? u : Y.mergeUpdates([update, u])
          }
          let result: T
          let before: ReturnType<typeof captureBefore>
          staged.doc.on('update', capture)
          try {
            const edit = change(staged)
            before = captureBefore(staged, edit.cells)
            result = staged.doc.transact(() => edit.apply(), new ServerChange(user))
          } finally {
            staged.doc.off('update', capture)
          }
          const written = update as Uint8Array | null
          if (written === null) return { change: null, result: { result, written } }
          return { change: { update: written, userId: user.id, bind: [], before, after: stateAfter(staged) }, result: { result, written } }
        })
      } catch (err) {
        this.dropStaged()
        throw err
      }
      const { result, written } = outcome.result
      if (written === null) return result
      this.gateOnStaged?.follow(written)
      this.applyDurable(written, new ServerChange(user), outcome.seq as number, outcome.prev)
      return result
    })
  }

  /** Folds the update log into a snapshot so cold loads stay fast; a failure is logged, the log keeps everything. */
  compact(minFold = 1): Promise<void> {
    return this.queue.run(async () => {
      if (this.destroyed) return
      await this.commitTurn()
      try {
        await this.journal.compact(this.doc, this.lastSeq, minFold)
        this.appendedSinceSnapshot = 0
      } catch (err) {
        this.log(`room ${this.workbookId}: compaction failed: ${(err as Error).message}`)
      }
    })
  }

  /** The live doc's whole state as one update (shared bytes: never modify them). */
  fullState(): Uint8Array {
    return this.liveState.get()
  }

  /** Closes every socket (code 1001 "going away") and frees the doc; queued messages are dropped. */
  destroy(): void {
    this.destroyed = true
    for (const { settle } of [...this.forwarded.values()]) settle(null)
    this.turn?.held.abandon()
    this.turn = null
    for (const conn of this.connections.values()) conn.socket.close(1001, 'Servern stängs.')
    this.connections.clear()
    this.awareness.destroy()
    this.dropStaged()
    this.liveState.destroy()
    this.doc.destroy()
  }
}

/** Whether a frame is a sync step 2 or update (a document change), by its first two bytes, before it is decoded in turn. */
function isDocumentUpdate(bytes: Uint8Array): boolean {
  return bytes[0] === MessageType.Sync && (bytes[1] === SyncMessageType.Step2 || bytes[1] === SyncMessageType.Update)
}

/** The reason a sender's socket closes with when its update could not be handled (it threw). */
function invalidUpdate(err: unknown): string {
  return `ogiltig uppdatering (${(err as Error).message})`
}

/** Whether an update is Yjs's empty one (no structs, no deletions), as `Y.encodeStateAsUpdate` writes it for a peer that lacks nothing. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}

function send(socket: WebSocket, message: Uint8Array): void {
  if (socket.readyState !== socket.OPEN) return
  socket.send(message, (err) => {
    if (err) socket.terminate()
  })
}
