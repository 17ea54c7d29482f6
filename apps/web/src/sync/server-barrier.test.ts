import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import { messageSync, WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { ServerBarrier } from './server-barrier'

/**
 * A sync server as Samplan's handles a socket: each message in arrival order, a sync step 1
 * answered at once with what the client lacks, updates integrated as they come. Messages travel
 * through the event loop in order; `hold` keeps what clients send until `release` (a slow server).
 */
class SyncServer {
  readonly doc = new Y.Doc()
  private held: Array<() => void> | null = null

  accept(socket: PipeSocket): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, messageSync)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    socket.deliver(encoding.toUint8Array(encoder))
  }

  receive(socket: PipeSocket, data: Uint8Array): void {
    if (this.held) return void this.held.push(() => this.receive(socket, data))
    if (socket.readyState !== 1) return
    const decoder = decoding.createDecoder(data)
    if (decoding.readVarUint(decoder) !== messageSync) return // awareness: not this test's concern
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, messageSync)
    syncProtocol.readSyncMessage(decoder, encoder, this.doc, socket)
    if (encoding.length(encoder) > 1) socket.deliver(encoding.toUint8Array(encoder))
  }

  hold(): void {
    this.held = []
  }

  release(): void {
    const held = this.held ?? []
    this.held = null
    for (const run of held) run()
  }
}

let server = new SyncServer()
const sockets: PipeSocket[] = []

/** The WebSocket the provider opens, piped to `server` in memory. */
class PipeSocket {
  readonly OPEN = 1
  binaryType = 'arraybuffer'
  readyState = 0
  onopen: (() => void) | null = null
  onmessage: ((event: { data: ArrayBuffer }) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  onerror: (() => void) | null = null

  constructor() {
    sockets.push(this)
    setTimeout(() => {
      this.readyState = 1
      this.onopen?.()
      server.accept(this)
    })
  }

  send(data: Uint8Array): void {
    const copy = data.slice()
    setTimeout(() => server.receive(this, copy))
  }

  deliver(data: Uint8Array): void {
    const copy = data.slice().buffer
    setTimeout(() => this.readyState === 1 && this.onmessage?.({ data: copy }))
  }

  /** The network drops the connection: whatever is in flight is lost. */
  cut(): void {
    this.readyState = 3
    this.onclose?.({ code: 1006, reason: '' })
  }

  close(): void {
    this.readyState = 3
  }
}

const providers: WebsocketProvider[] = []

function connect(doc: Y.Doc): WebsocketProvider {
  const provider = new WebsocketProvider('ws://samplan.test/sync', 'vp', doc, {
    WebSocketPolyfill: PipeSocket as unknown as typeof WebSocket,
    disableBc: true,
    maxBackoffTime: 50,
  })
  providers.push(provider)
  return provider
}

afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy()
  sockets.length = 0
  server = new SyncServer()
})

const cells = (doc: Y.Doc) => doc.getMap<number>('cells').toJSON()

describe('ServerBarrier', () => {
  it('answers once the server has a change made before it was connected, not with the handshake', async () => {
    const doc = new Y.Doc()
    doc.getMap<number>('cells').set('r1:c1', 175)
    const barrier = new ServerBarrier(connect(doc))
    await barrier.whenServerHas()
    expect(cells(server.doc)).toEqual({ 'r1:c1': 175 })
  })

  it('answers every caller after the changes made before each call', async () => {
    const doc = new Y.Doc()
    const provider = connect(doc)
    const barrier = new ServerBarrier(provider)
    await new Promise<void>((resolve) => provider.once('sync', () => resolve()))
    const seen: string[][] = []
    doc.getMap<number>('cells').set('r1:c1', 1)
    const first = barrier.whenServerHas().then(() => seen.push(Object.keys(cells(server.doc))))
    doc.getMap<number>('cells').set('r2:c1', 2)
    const second = barrier.whenServerHas().then(() => seen.push(Object.keys(cells(server.doc))))
    await Promise.all([first, second])
    expect(seen[0]).toContain('r1:c1')
    expect(seen[1]).toEqual(['r1:c1', 'r2:c1'])
  })

  it('asks again after a lost connection, and answers once the resent change has arrived', async () => {
    const doc = new Y.Doc()
    const provider = connect(doc)
    const barrier = new ServerBarrier(provider)
    await new Promise<void>((resolve) => provider.once('sync', () => resolve()))
    server.hold()
    doc.getMap<number>('cells').set('r1:c1', 150)
    let answered = false
    const done = barrier.whenServerHas().then(() => {
      answered = true
    })
    sockets[0]!.cut()
    server.release()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(answered).toBe(false)
    await done
    expect(sockets.length).toBeGreaterThan(1)
    expect(cells(server.doc)).toEqual({ 'r1:c1': 150 })
  })

  it('gives the provider its own handler back', () => {
    const provider = connect(new Y.Doc())
    const original = provider.messageHandlers[messageSync]
    new ServerBarrier(provider).destroy()
    expect(provider.messageHandlers[messageSync]).toBe(original)
  })
})
