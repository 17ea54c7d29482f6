import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { encodeAwarenessEntries, type AwarenessEntry } from './protocol'
import { stampPresence } from './presence-identity'
import type { User } from '../auth/users'

/** Bounds on what one socket may share as presence (awareness). */
export interface PresenceLimits {
  /** Largest state one client may share: its JSON in UTF-8 bytes. The web client's is about 200. */
  maxStateBytes: number
  /** Sustained updates per second a socket's budget refills by. */
  updatesPerSecond: number
  /** Updates a socket may send in one go before the rate applies (a quick run of cursor moves). */
  burst: number
  /** Awareness clients one socket may speak for; a y-websocket provider uses one. */
  maxClientsPerSocket: number
}

export const PRESENCE_LIMITS: Readonly<PresenceLimits> = {
  maxStateBytes: 4 * 1024,
  updatesPerSecond: 10,
  burst: 20,
  maxClientsPerSocket: 4,
}

/** Time for the rate budget; tests pass a manual one. */
export interface PresenceClock {
  now(): number
  /** Runs `run` after `ms`; returns a cancel function. */
  schedule(run: () => void, ms: number): () => void
}

const realClock: PresenceClock = {
  now: () => Date.now(),
  schedule(run, ms) {
    const timer = setTimeout(run, ms)
    // A pending cursor must never keep the process alive.
    timer.unref()
    return () => clearTimeout(timer)
  },
}

export type PresenceRefusalCode = 'malformed' | 'too-large' | 'not-an-object'

/**
 * What became of one awareness frame. A refusal means the client broke the protocol or the
 * limits; its Swedish `reason` is meant as the socket's close reason (code 4400).
 */
export type PresenceVerdict =
  | { ok: true; applied: number; deferred: number; ignored: number }
  | { ok: false; code: PresenceRefusalCode; reason: string }

export interface PresenceGateOptions {
  awareness: awarenessProtocol.Awareness
  /** Origin of applied updates (the socket), so the room's listener knows whose they are. */
  origin: unknown
  user: User
  /** Awareness client ids this socket speaks for; the gate adds the ones it accepts, the room removes the ones that leave. */
  ownIds: Set<number>
  /** Whether another open socket speaks for this client id. */
  ownedByOther(clientId: number): boolean
  /** Whether the socket is still open (a deferred update is dropped once it is not). */
  isOpen(): boolean
  limits?: PresenceLimits
  clock?: PresenceClock
}

interface RawEntry {
  clientId: number
  clock: number
  /** The state's JSON, still undecoded: its size is checked before it is parsed. */
  json: Uint8Array
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Reads an awareness update without parsing the states, so a huge state costs no JSON.parse. */
function decodeRawEntries(update: Uint8Array): { ok: true; entries: RawEntry[] } | { ok: false; error: string } {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    const entries: RawEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      // y-protocols writes the state with writeVarString: a length-prefixed UTF-8 run.
      entries.push({ clientId, clock, json: decoding.readVarUint8Array(decoder) })
    }
    if (decoding.hasContent(decoder)) return { ok: false, error: 'överflödiga bytes i närvarouppdateringen' }
    return { ok: true, entries }
  } catch (err) {
    return { ok: false, error: `närvarouppdateringen kan inte avkodas (${(err as Error).message})` }
  }
}

const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`

/**
 * Everything one socket may do to the room's presence. Per frame it keeps the new states this
 * socket speaks for (echoes of others' presence are ignored), refuses oversize or non-object
 * states, stamps each state's `user` with the signed-in user's identity, and spends a token
 * bucket: updates beyond it are not relayed, only the newest per client is kept and applied
 * when the budget refills, so a colleague's cursor still ends on the right cell.
 */
export class PresenceGate {
  private readonly limits: PresenceLimits
  private readonly clock: PresenceClock
  private tokens: number
  private refilledAt: number
  private readonly pending = new Map<number, AwarenessEntry>()
  private cancelFlush: (() => void) | null = null
  private closed = false

  constructor(private readonly options: PresenceGateOptions) {
    this.limits = options.limits ?? PRESENCE_LIMITS
    this.clock = options.clock ?? realClock
    this.tokens = this.limits.burst
    this.refilledAt = this.clock.now()
  }

  /** Handles one awareness frame from the socket. Nothing of a refused frame is applied. */
  receive(update: Uint8Array): PresenceVerdict {
    const decoded = decodeRawEntries(update)
    if (!decoded.ok) return { ok: false, code: 'malformed', reason: decoded.error }
    const { maxStateBytes } = this.limits
    const wanted: AwarenessEntry[] = []
    let ignored = 0
    for (const entry of decoded.entries) {
      if (!this.speaksFor(entry.clientId, entry.clock)) {
        ignored++
        continue
      }
      if (entry.json.byteLength > maxStateBytes) {
        return {
          ok: false,
          code: 'too-large',
          reason: `Närvaroinformationen är för stor (${kib(entry.json.byteLength)}, högst ${kib(maxStateBytes)}).`,
        }
      }
      let state: unknown
      try {
        state = JSON.parse(utf8.decode(entry.json))
      } catch {
        return { ok: false, code: 'malformed', reason: 'närvarotillståndet är inte giltig JSON' }
      }
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        return { ok: false, code: 'not-an-object', reason: 'närvarotillståndet måste vara ett objekt' }
      }
      // A removal of a client this socket never spoke for changes nothing.
      if (state === null && !this.options.ownIds.has(entry.clientId)) {
        ignored++
        continue
      }
      // Claimed at once, so the per-socket client cap holds within one frame too.
      if (state !== null) this.options.ownIds.add(entry.clientId)
      wanted.push({
        clientId: entry.clientId,
        clock: entry.clock,
        state: state === null ? null : stampPresence(state as Record<string, unknown>, this.options.user),
      })
    }
    this.refill()
    const now: AwarenessEntry[] = []
    let deferred = 0
    for (const entry of wanted) {
      if (this.tokens >= 1) {
        this.tokens -= 1
        this.pending.delete(entry.clientId)
        now.push(entry)
      } else {
        // Newest wins: the states in between are dropped, never relayed.
        this.pending.set(entry.clientId, entry)
        deferred++
      }
    }
    this.apply(now)
    if (this.pending.size > 0) this.scheduleFlush()
    return { ok: true, applied: now.length, deferred, ignored }
  }

  /** Drops what is pending; called when the socket leaves. */
  close(): void {
    this.closed = true
    this.pending.clear()
    this.cancelFlush?.()
    this.cancelFlush = null
  }

  /**
   * Whether an entry is news from a client this socket may speak for: newer than what the room
   * (or this gate) has, and not a client another socket speaks for. y-websocket clients echo
   * everyone's presence back, so most foreign entries are echoes.
   */
  private speaksFor(clientId: number, clock: number): boolean {
    const known = this.options.awareness.meta.get(clientId)
    if (known && clock <= known.clock) return false
    const pending = this.pending.get(clientId)
    if (pending && clock <= pending.clock) return false
    const ids = this.options.ownIds
    if (ids.has(clientId)) return true
    if (this.options.ownedByOther(clientId)) return false
    return ids.size < this.limits.maxClientsPerSocket
  }

  private refill(): void {
    const now = this.clock.now()
    const { burst, updatesPerSecond } = this.limits
    this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) * updatesPerSecond) / 1000)
    this.refilledAt = now
  }

  private apply(entries: AwarenessEntry[]): void {
    if (entries.length === 0) return
    awarenessProtocol.applyAwarenessUpdate(this.options.awareness, encodeAwarenessEntries(entries), this.options.origin)
  }

  private scheduleFlush(): void {
    if (this.cancelFlush || this.closed) return
    const wait = Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.limits.updatesPerSecond))
    this.cancelFlush = this.clock.schedule(() => {
      this.cancelFlush = null
      this.flush()
    }, wait)
  }

  private flush(): void {
    if (this.closed || !this.options.isOpen()) return this.close()
    this.refill()
    const due: AwarenessEntry[] = []
    for (const [clientId, entry] of this.pending) {
      if (this.tokens < 1) break
      this.pending.delete(clientId)
      const known = this.options.awareness.meta.get(clientId)
      // Superseded meanwhile (e.g. the room timed the client out): nothing to send.
      if (known && entry.clock <= known.clock) continue
      this.tokens -= 1
      due.push(entry)
    }
    this.apply(due)
    if (this.pending.size > 0) this.scheduleFlush()
  }
}
