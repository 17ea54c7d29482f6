import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { RawSocket } from './support/raw-socket'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { login, waitFor, type Changes } from './support/yjs-client'

const WORKBOOK = 'vp-2024'

interface SeenEntry {
  clientId: number
  clock: number
  state: { user?: Record<string, unknown>; cursor?: { rowId?: string } | null; [key: string]: unknown } | null
}

/** An awareness frame for one client: exactly the bytes y-protocols would send. */
function presenceFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, 1)
  encoding.writeVarUint(update, clientId)
  encoding.writeVarUint(update, clock)
  encoding.writeVarString(update, JSON.stringify(state))
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, 1)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

/** A colleague's socket that records every awareness frame the server relays to it. */
class PresenceObserver {
  readonly ws: WebSocket
  readonly opened: Promise<void>
  readonly frames: Array<{ bytes: number; entries: SeenEntry[] }> = []

  constructor(url: string) {
    this.ws = new WebSocket(url)
    this.opened = new Promise((resolve) => this.ws.once('open', () => resolve()))
    this.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(d) !== 1) return
      const update = decoding.createDecoder(decoding.readVarUint8Array(d))
      const entries: SeenEntry[] = []
      for (let n = decoding.readVarUint(update); n > 0; n--) {
        entries.push({ clientId: decoding.readVarUint(update), clock: decoding.readVarUint(update), state: JSON.parse(decoding.readVarString(update)) })
      }
      this.frames.push({ bytes: data.byteLength, entries })
    })
  }

  /** Each frame the socket receives, after it is recorded above. */
  readonly changes: Changes = (wake) => {
    this.ws.on('message', wake)
    return () => this.ws.off('message', wake)
  }

  /** Every state relayed for one client, in order. */
  statesOf(clientId: number): SeenEntry[] {
    return this.frames.flatMap((f) => f.entries.filter((e) => e.clientId === clientId))
  }

  close(): void {
    this.ws.terminate()
  }
}

describe('presence is stamped by the server and bounded in size and rate', () => {
  let server: ServerProcess
  let chef: { token: string; id: string; color: string }
  let observer: PresenceObserver

  beforeAll(async () => {
    server = await startServerProcess()
    const token = await login(server.url, 'chef1')
    const me = (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string; color: string }
    chef = { token, id: me.id, color: me.color }
    observer = new PresenceObserver(`${server.wsUrl}/${WORKBOOK}?token=${await login(server.url, 'lasare')}`)
    await observer.opened
  })

  afterAll(async () => {
    observer?.close()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it("relays a forged name, role and colour as the token's user, keeping the cursor", async () => {
    const sender = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${chef.token}`)
    const forged = { user: { id: 'u-admin', name: 'Anna Admin', role: 'admin', color: '#d93025' }, cursor: { sheetId: 's1', rowId: 'r1', colId: 'c1' } }
    expect(await sender.sendAndConfirm([presenceFrame(1001, 1, forged)])).toEqual({ kind: 'accepted' })
    await waitFor(() => observer.statesOf(1001).length > 0, observer.changes, 'the stamped presence')
    expect(observer.statesOf(1001)).toEqual([
      {
        clientId: 1001,
        clock: 1,
        state: { user: { id: chef.id, name: 'Omar Områdeschef', role: 'omradeschef', color: chef.color }, cursor: forged.cursor },
      },
    ])
    expect(chef.color).toMatch(/^#[0-9a-f]{6}$/)
    expect(chef.color).not.toBe('#d93025')
    sender.close()
  })

  it('relays a 2 MB presence state to no one and closes its socket with 4400 and a Swedish reason', async () => {
    const attacker = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${await login(server.url, 'ekonom')}`)
    await attacker.opened
    attacker.send(presenceFrame(2002, 1, { cursor: null, padding: 'x'.repeat(2 * 1024 * 1024) }))
    expect(await attacker.closed).toEqual({ code: 4400, reason: 'Närvaroinformationen är för stor (2049 KiB, högst 4 KiB).' })
    // The server handles a room's frames in order: once a later marker reaches the observer, the big state would have too.
    const marker = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${chef.token}`)
    await marker.sendAndConfirm([presenceFrame(2003, 1, { cursor: null })])
    await waitFor(() => observer.statesOf(2003).length > 0, observer.changes, 'the marker')
    expect(observer.statesOf(2002)).toEqual([])
    expect(Math.max(...observer.frames.map((f) => f.bytes))).toBeLessThan(4096)
    marker.close()
  })

  it('rate-limits a flood: of 1 000 updates a colleague receives a few dozen, ending on the newest', async () => {
    const flooder = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${chef.token}`)
    const frames = Array.from({ length: 1000 }, (_v, i) => presenceFrame(3003, i + 1, { cursor: { sheetId: 's1', rowId: `r${i + 1}`, colId: 'c1' } }))
    // Excess is dropped, not an error: the socket stays open.
    expect(await flooder.sendAndConfirm(frames)).toEqual({ kind: 'accepted' })
    await waitFor(() => observer.statesOf(3003).at(-1)?.state?.cursor?.rowId === 'r1000', observer.changes, 'the newest cursor')
    const received = observer.statesOf(3003)
    // A burst of 20, then 10 a second while the flood is handled, then the newest one.
    expect(received.length).toBeGreaterThanOrEqual(21)
    expect(received.length).toBeLessThan(100)
    // Only ever forward in time, and each one stamped.
    expect(received.map((e) => e.clock)).toEqual([...received.map((e) => e.clock)].sort((a, b) => a - b))
    expect(received.every((e) => e.state?.user?.id === chef.id)).toBe(true)
    flooder.close()
  })
})
