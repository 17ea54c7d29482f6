import { describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { PRESENCE_LIMITS, PresenceGate, type PresenceClock } from './presence-gate'
import { presenceColor, PRESENCE_PALETTE } from './presence-identity'
import { encodeAwarenessEntries, type AwarenessEntry } from './protocol'
import type { User } from '../auth/users'

const CHEF: User = { id: 'u-chef1', username: 'chef1', name: 'Omar Områdeschef', role: 'omradeschef', omrade: 'Område 1' }

/** A clock the test moves by hand; scheduled runs fire when time passes them. */
function manualClock(): PresenceClock & { advance(ms: number): void } {
  let now = 0
  let timers: Array<{ at: number; run: () => void }> = []
  return {
    now: () => now,
    schedule(run, ms) {
      const timer = { at: now + ms, run }
      timers.push(timer)
      return () => (timers = timers.filter((t) => t !== timer))
    },
    advance(ms) {
      now += ms
      const due = timers.filter((t) => t.at <= now)
      timers = timers.filter((t) => t.at > now)
      for (const t of due) t.run()
    },
  }
}

function setup(others: Set<number> = new Set()) {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc())
  awareness.setLocalState(null)
  const relayed: unknown[] = []
  awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
    for (const id of [...added!, ...updated!, ...removed!]) relayed.push(awareness.getStates().get(id) ?? null)
  })
  const clock = manualClock()
  const ownIds = new Set<number>()
  const gate = new PresenceGate({
    awareness,
    origin: 'socket',
    user: CHEF,
    ownIds,
    ownedByOther: (id) => others.has(id),
    isOpen: () => true,
    clock,
  })
  return { awareness, gate, clock, relayed, ownIds }
}

const frame = (...entries: AwarenessEntry[]) => encodeAwarenessEntries(entries)
const cursorState = (row: number, user: unknown = { id: 'u-admin', name: 'Anna Admin', role: 'admin', color: '#d93025' }) => ({
  user,
  cursor: { sheetId: 's', rowId: `r${row}`, colId: 'c' },
})

describe('presence gate', () => {
  it('stamps the signed-in user over whatever the client claims, keeping the cursor', () => {
    const { gate, awareness } = setup()
    expect(gate.receive(frame({ clientId: 7, clock: 1, state: cursorState(3) }))).toMatchObject({ ok: true, applied: 1 })
    expect(awareness.getStates().get(7)).toEqual({
      user: { id: 'u-chef1', name: 'Omar Områdeschef', role: 'omradeschef', color: presenceColor('u-chef1') },
      cursor: { sheetId: 's', rowId: 'r3', colId: 'c' },
    })
    // A bare state gets the identity too: a connected socket is never anonymous.
    gate.receive(frame({ clientId: 7, clock: 2, state: {} }))
    expect((awareness.getStates().get(7) as { user: { id: string } }).user.id).toBe('u-chef1')
  })

  it('ignores echoes, stale clocks and clients another socket speaks for', () => {
    const { gate } = setup(new Set([99]))
    gate.receive(frame({ clientId: 7, clock: 5, state: cursorState(1) }))
    expect(gate.receive(frame({ clientId: 7, clock: 5, state: cursorState(2) }))).toMatchObject({ ok: true, applied: 0, ignored: 1 })
    expect(gate.receive(frame({ clientId: 7, clock: 4, state: cursorState(2) }))).toMatchObject({ applied: 0, ignored: 1 })
    expect(gate.receive(frame({ clientId: 99, clock: 1, state: cursorState(2) }))).toMatchObject({ applied: 0, ignored: 1 })
  })

  it('speaks for at most four clients per socket', () => {
    const { gate, ownIds } = setup()
    const verdict = gate.receive(frame(...Array.from({ length: 10 }, (_v, i) => ({ clientId: 100 + i, clock: 1, state: {} }))))
    expect(verdict).toMatchObject({
      ok: true,
      applied: PRESENCE_LIMITS.maxClientsPerSocket,
      ignored: 10 - PRESENCE_LIMITS.maxClientsPerSocket,
    })
    expect(ownIds.size).toBe(PRESENCE_LIMITS.maxClientsPerSocket)
  })

  it('refuses a state over 4 KiB before parsing it, and applies nothing of that frame', () => {
    const { gate, awareness } = setup()
    const big = { cursor: null, padding: 'x'.repeat(2 * 1024 * 1024) }
    const verdict = gate.receive(frame({ clientId: 1, clock: 1, state: {} }, { clientId: 2, clock: 1, state: big }))
    expect(verdict).toEqual({ ok: false, code: 'too-large', reason: 'Närvaroinformationen är för stor (2049 KiB, högst 4 KiB).' })
    expect(awareness.getStates().size).toBe(0)
  })

  it('refuses states that are not objects and frames that do not decode', () => {
    const { gate } = setup()
    expect(gate.receive(frame({ clientId: 1, clock: 1, state: [1, 2] }))).toMatchObject({ ok: false, code: 'not-an-object' })
    expect(gate.receive(frame({ clientId: 1, clock: 1, state: 'Eva' }))).toMatchObject({ ok: false, code: 'not-an-object' })
    expect(gate.receive(new Uint8Array([5, 1]))).toMatchObject({ ok: false, code: 'malformed' })
  })

  it('relays a burst of 20, then 10 a second; the newest state of a flood still arrives', () => {
    const { gate, clock, relayed } = setup()
    for (let clockValue = 1; clockValue <= 1000; clockValue++) {
      gate.receive(frame({ clientId: 7, clock: clockValue, state: cursorState(clockValue) }))
    }
    expect(relayed).toHaveLength(PRESENCE_LIMITS.burst)
    // One refill later only the newest of the 980 held back is relayed.
    clock.advance(100)
    expect(relayed).toHaveLength(PRESENCE_LIMITS.burst + 1)
    expect((relayed.at(-1) as { cursor: { rowId: string } }).cursor.rowId).toBe('r1000')
    clock.advance(10_000)
    expect(relayed).toHaveLength(PRESENCE_LIMITS.burst + 1)
    // A steady 10 a second passes untouched.
    for (let i = 1; i <= 50; i++) {
      clock.advance(100)
      gate.receive(frame({ clientId: 7, clock: 1000 + i, state: cursorState(i) }))
    }
    expect(relayed).toHaveLength(PRESENCE_LIMITS.burst + 1 + 50)
  })

  it('drops what is pending when the socket leaves', () => {
    const { gate, clock, relayed } = setup()
    for (let c = 1; c <= 30; c++) gate.receive(frame({ clientId: 7, clock: c, state: cursorState(c) }))
    gate.close()
    clock.advance(10_000)
    expect(relayed).toHaveLength(PRESENCE_LIMITS.burst)
  })
})

describe('presence colours', () => {
  const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number]
  const luminance = (hex: string) => {
    const [r, g, b] = channels(hex).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const hueAndSaturation = (hex: string) => {
    const [r, g, b] = channels(hex)
    const max = Math.max(r, g, b)
    const min = Math.min(r, g, b)
    const d = max - min
    let h = d === 0 ? 0 : max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
    h = (h * 60 + 360) % 360
    const l = (max + min) / 2
    return { h, s: d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1)) }
  }

  it('gives each user one palette colour, the same every time', () => {
    expect(presenceColor('u-1')).toBe(presenceColor('u-1'))
    expect(PRESENCE_PALETTE).toContain(presenceColor('u-1'))
    const spread = new Set(Array.from({ length: 64 }, (_v, i) => presenceColor(`u-${i}`)))
    expect(spread.size).toBe(PRESENCE_PALETTE.length)
  })

  it("never uses the grid's error red, the comment orange or a lock grey, and keeps white text readable", () => {
    for (const color of PRESENCE_PALETTE) {
      const { h, s } = hueAndSaturation(color)
      expect(h, color).toBeGreaterThanOrEqual(60)
      expect(h, color).toBeLessThanOrEqual(320)
      expect(s, color).toBeGreaterThanOrEqual(0.4)
      expect(1.05 / (luminance(color) + 0.05), color).toBeGreaterThanOrEqual(4.5)
    }
  })
})
