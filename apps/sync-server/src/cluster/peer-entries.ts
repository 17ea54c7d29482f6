import * as Y from 'yjs'
import type { LogEntry } from '../storage/store'

/**
 * How many announced entries a room keeps while it waits for the one before them: past this it
 * keeps no more, and the log supplies them (the room reads it whenever an entry does not follow).
 */
const MAX_WAITING = 1024

/**
 * Entries other servers announced over Redis, kept by the seq each follows until the room holds that
 * one: then handed over with every kept entry that follows in turn, in log order. So the entries of
 * one read from Redis are applied together, and an entry that arrives before the one it follows (two
 * servers' messages may cross on the way) is applied the moment that one is. They were committed
 * before they were announced, so applying them at once (not after a read of the log behind the room's
 * queue) never shows anything that is not durable, and the order stays the log's.
 */
export class PeerEntries {
  private readonly byPrev = new Map<number, LogEntry>()

  /** Keeps an entry that follows `prev`; ignored when as many already wait (the log has it). */
  hold(prev: number, entry: LogEntry): void {
    if (entry.seq <= prev || this.byPrev.size >= MAX_WAITING) return
    this.byPrev.set(prev, entry)
  }

  /** The kept entries that follow `seq` one after another, in log order (taken out); entries at or before `seq` are dropped. */
  takeAfter(seq: number): LogEntry[] {
    if (this.byPrev.size === 0) return []
    const chain: LogEntry[] = []
    let at = seq
    for (let next = this.byPrev.get(at); next; next = this.byPrev.get(at)) {
      this.byPrev.delete(at)
      chain.push(next)
      at = next.seq
    }
    for (const [prev, entry] of this.byPrev) if (entry.seq <= at) this.byPrev.delete(prev)
    return chain
  }

  /** Whether an entry with this seq is kept (one that follows it will follow once that one does). */
  holds(seq: number): boolean {
    for (const entry of this.byPrev.values()) if (entry.seq === seq) return true
    return false
  }

  get size(): number {
    return this.byPrev.size
  }
}

/**
 * Accepted entries as one update, for a batch applied at once: each copy of the doc then integrates
 * one update in one transaction, and each socket is sent one message, instead of one per entry.
 * Yjs updates merge whatever their order, and these are consecutive entries of the log.
 */
export function mergedUpdate(entries: readonly LogEntry[]): Uint8Array {
  if (entries.length === 1) return (entries[0] as LogEntry).update
  return Y.mergeUpdates(entries.map((e) => e.update))
}
