import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { decodeClusterMessage, encodeClusterMessage, type ClusterMessage } from './cluster-message'
import { decodeSessionEvent, encodeSessionEvent, SESSIONS_CHANNEL, type SessionEvent } from './session-event'

/** How often each server renews its heartbeat key, and how long the key outlives a missed renewal. */
const HEARTBEAT_MS = 1_000
const HEARTBEAT_TTL_MS = 3_000
/** A peer counts as gone when its key is missing on this many checks in a row (a Redis restart loses every key once). */
const MISSING_CHECKS = 2

const channelOf = (workbookId: string) => `samplan:workbook:${workbookId}`
const heartbeatKey = (serverId: string) => `samplan:server:${serverId}`
const leaseKey = (workbookId: string) => `samplan:lease:${workbookId}`

/** How long a workbook's lease outlives its holder's last renewal (renewed with the heartbeat). */
const LEASE_TTL_MS = 3_000
/** Takes the lease if no one holds it, renews it if this server does; answers the holder. */
const HOLD_LEASE = `local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return holder`
/** Gives the lease up if this server holds it. */
const RELEASE_LEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`
const CHANNEL_PREFIX = 'samplan:workbook:'

export interface RedisLinkEvents {
  /** A message another server (or this one) published about a workbook. */
  message(workbookId: string, message: ClusterMessage): void
  /** The subscription is up again after Redis was lost: whatever was published meanwhile is gone. */
  reconnected(): void
  /** A server whose presence we relayed stopped renewing its heartbeat (killed, or cut off). */
  peerLost(serverId: string): void
  /** Another server signed a user out everywhere, deactivated them, changed their rights or membership. */
  session?(event: SessionEvent): void
}

/**
 * This server's line to the others over Redis: publish and subscribe per workbook, a heartbeat
 * key with a TTL, and the watch on the heartbeats of the servers whose clients we show. ioredis
 * reconnects by itself; nothing is queued while Redis is away (a publish then is dropped), because
 * on every reconnect each server reads what it missed from the database and announces its head.
 */
export class RedisLink {
  readonly serverId = randomUUID()
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly channels = new Set<string>()
  /** The lease holder of each workbook loaded here, as last read (this server's id when it holds it). */
  private readonly leases = new Map<string, string>()
  /** Peers with presence shown here, and how many checks in a row found their heartbeat missing. */
  private readonly peers = new Map<string, number>()
  private readonly timers: NodeJS.Timeout[] = []
  private subscribedOnce = false
  private publishedOnce = false

  constructor(
    url: string,
    private readonly events: RedisLinkEvents,
    private readonly log: (msg: string) => void,
  ) {
    const options = {
      enableOfflineQueue: false,
      autoResubscribe: false,
      retryStrategy: (times: number) => Math.min(100 * times, 1_000),
    }
    // No auto-pipelining: it would hold each entry back until the committing room has applied and
    // relayed the turn here (the next tick), and the other servers' clients wait for it.
    this.pub = new Redis(url, { ...options, connectionName: `samplan-pub-${this.serverId}` })
    this.sub = new Redis(url, { ...options, connectionName: `samplan-sub-${this.serverId}` })
    for (const [name, connection] of [
      ['publish', this.pub],
      ['subscribe', this.sub],
    ] as const) {
      connection.on('error', (err: Error) => this.log(`redis (${name}): ${err.message}`))
    }
    this.sub.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
      const name = channel.toString()
      if (name === SESSIONS_CHANNEL) return this.receiveSession(payload.toString())
      if (!name.startsWith(CHANNEL_PREFIX)) return
      const message = decodeClusterMessage(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength))
      if (!message) return
      const workbookId = name.slice(CHANNEL_PREFIX.length)
      if (message.kind === 'released' && message.from !== this.serverId && this.leases.get(workbookId) === message.from) {
        // Judged here until the lease is read again, taken by this server or another.
        this.log(`redis: server ${message.from} gave up workbook ${workbookId}`)
        this.leases.delete(workbookId)
        void this.holdLease(workbookId)
      }
      try {
        this.events.message(workbookId, message)
      } catch (err) {
        // One bad message must not take the server down.
        this.log(`redis: message on ${name} not handled: ${(err as Error).message}`)
      }
    })
    this.sub.on('ready', () => void this.onSubscriberReady())
    this.pub.on('ready', () => {
      // What this server published while its publishing connection was down was dropped: ring again.
      if (this.publishedOnce) this.events.reconnected()
      this.publishedOnce = true
    })
    this.timers.push(
      setInterval(() => {
        this.beat()
        void this.holdLeases()
      }, HEARTBEAT_MS),
      setInterval(() => void this.checkPeers(), HEARTBEAT_MS),
    )
    for (const t of this.timers) t.unref()
    this.beat()
  }

  /** Resolves once both connections are up (a server works before that, and catches up when they are). */
  async connected(): Promise<void> {
    await Promise.all([this.pub, this.sub].map((c) => (c.status === 'ready' ? undefined : once(c, 'ready'))))
  }

  /** Whether both connections are up. */
  status(): 'ok' | 'unreachable' {
    return this.pub.status === 'ready' && this.sub.status === 'ready' ? 'ok' : 'unreachable'
  }

  /**
   * Resolves once Redis has the subscription (so nothing published after it is missed), or at
   * once while Redis is away: the channel is subscribed on reconnect, and the room catches up then.
   */
  async subscribe(workbookId: string): Promise<void> {
    const channel = channelOf(workbookId)
    this.channels.add(channel)
    if (this.sub.status !== 'ready') return
    await this.sub.subscribe(channel).catch(() => {})
    await this.holdLease(workbookId)
  }

  /**
   * The server that judges this workbook's client updates when it is another one (null: judge them
   * here). Each workbook loaded on several servers has one lease holder, so that one server puts
   * every server's updates into its turns and PostgreSQL flushes once for all of them, instead of
   * the servers taking the workbook's lock in turn. The lease only routes: the order and the
   * judging stay in the workbook's turn, whoever holds it, so two servers that both believe they
   * hold it judge correctly, only more slowly.
   */
  judgeOf(workbookId: string): string | null {
    const holder = this.leases.get(workbookId)
    return holder === undefined || holder === this.serverId || this.status() !== 'ok' ? null : holder
  }

  private async holdLease(workbookId: string): Promise<void> {
    if (this.pub.status !== 'ready' || !this.channels.has(channelOf(workbookId))) return
    const holder = await this.pub.eval(HOLD_LEASE, 1, leaseKey(workbookId), this.serverId, LEASE_TTL_MS).catch(() => null)
    if (typeof holder !== 'string') return
    if (!this.channels.has(channelOf(workbookId))) {
      // Unloaded meanwhile: a lease just taken is given back.
      if (holder !== this.serverId) return
      this.leases.set(workbookId, holder)
      return this.releaseLease(workbookId)
    }
    if (this.leases.get(workbookId) !== holder) {
      this.log(`redis: workbook ${workbookId} is judged ${holder === this.serverId ? 'here' : `by server ${holder}`}`)
    }
    this.leases.set(workbookId, holder)
  }

  private async holdLeases(): Promise<void> {
    if (this.pub.status !== 'ready') return
    for (const channel of this.channels) await this.holdLease(channel.slice(CHANNEL_PREFIX.length))
  }

  private async releaseLease(workbookId: string): Promise<void> {
    const held = this.leases.get(workbookId) === this.serverId
    this.leases.delete(workbookId)
    if (!held || this.pub.status !== 'ready') return
    await this.pub.eval(RELEASE_LEASE, 1, leaseKey(workbookId), this.serverId).catch(() => {})
    this.publish(workbookId, { kind: 'released', from: this.serverId })
  }

  /** Each (re)connect: subscribe every loaded workbook again; after a loss, have every room catch up. */
  private async onSubscriberReady(): Promise<void> {
    const ok = await this.sub.subscribe(SESSIONS_CHANNEL, ...this.channels).then(
      () => true,
      () => false,
    )
    if (!ok) return // lost again; the next 'ready' tries again
    if (this.subscribedOnce) {
      this.log('redis: connected again; every loaded workbook catches up from the database')
      this.events.reconnected()
    }
    this.subscribedOnce = true
  }

  unsubscribe(workbookId: string): void {
    const channel = channelOf(workbookId)
    if (!this.channels.delete(channel)) return
    void this.sub.unsubscribe(channel).catch(() => {})
    void this.releaseLease(workbookId)
  }

  publish(workbookId: string, message: ClusterMessage): void {
    if (this.pub.status !== 'ready') return // peers catch up from the database when Redis is back
    void this.pub.publish(channelOf(workbookId), Buffer.from(encodeClusterMessage(message))).catch((err: Error) => {
      this.log(`redis: publish for ${workbookId} lost (${err.message}); peers catch up from the database`)
    })
  }

  /**
   * Tells the other servers about a user's sessions. Dropped while Redis is away: the database
   * already refuses the user's tokens and reconnects everywhere, only sockets open elsewhere then
   * stay until their tokens expire (as before there were several servers).
   */
  publishSession(event: Omit<SessionEvent, 'from'>): void {
    if (this.pub.status !== 'ready') return
    void this.pub.publish(SESSIONS_CHANNEL, encodeSessionEvent({ ...event, from: this.serverId })).catch((err: Error) => {
      this.log(`redis: session event for ${event.userId} lost (${err.message})`)
    })
  }

  private receiveSession(text: string): void {
    const event = decodeSessionEvent(text)
    if (!event || event.from === this.serverId) return
    try {
      this.events.session?.(event)
    } catch (err) {
      this.log(`redis: session event for ${event.userId} not handled: ${(err as Error).message}`)
    }
  }

  /** Runs a Lua script on Redis (atomic there); rejects at once while Redis is away, nothing is queued. */
  async evalScript(script: string, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    if (this.pub.status !== 'ready') throw new Error('Redis is not connected')
    return this.pub.eval(script, keys.length, ...keys, ...args)
  }

  /** Watch this peer's heartbeat (its clients' presence is shown here). */
  watchPeer(serverId: string): void {
    if (serverId !== this.serverId && !this.peers.has(serverId)) this.peers.set(serverId, 0)
  }

  private beat(): void {
    if (this.pub.status !== 'ready') return
    void this.pub.set(heartbeatKey(this.serverId), '1', 'PX', HEARTBEAT_TTL_MS).catch(() => {})
  }

  private async checkPeers(): Promise<void> {
    // Cut off from Redis we know nothing about the others: keep what we show.
    if (this.peers.size === 0 || this.status() !== 'ok') return
    for (const [peer, misses] of [...this.peers]) {
      const alive = await this.pub.exists(heartbeatKey(peer)).catch(() => null)
      if (alive === null) return
      if (alive === 1) {
        this.peers.set(peer, 0)
      } else if (misses + 1 >= MISSING_CHECKS) {
        this.peers.delete(peer)
        this.log(`redis: server ${peer} stopped beating; its clients' presence is removed`)
        this.events.peerLost(peer)
      } else {
        this.peers.set(peer, misses + 1)
      }
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    // The others take the leases at once instead of after their time-out.
    await Promise.all([...this.leases.keys()].map((workbookId) => this.releaseLease(workbookId)))
    await this.pub.del(heartbeatKey(this.serverId)).catch(() => {})
    this.pub.disconnect()
    this.sub.disconnect()
  }
}
