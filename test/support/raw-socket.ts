import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as Y from 'yjs'

export type Outcome = { kind: 'accepted' } | { kind: 'closed'; code: number; reason: string }

function syncFrame(sub: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

export const updateFrame = (update: Uint8Array) => syncFrame(2, update)
export const step1Frame = (stateVector: Uint8Array) => syncFrame(0, stateVector)

/** A y-websocket connection without a Yjs provider, for sending exactly the bytes a test wants. */
export class RawSocket {
  readonly ws: WebSocket
  readonly opened: Promise<void>
  readonly closed: Promise<{ code: number; reason: string }>
  private readonly step2Waiters: Array<(update: Uint8Array) => void> = []
  /** State vectors of the server's sync step 1 messages, in arrival order (the first comes on connect). */
  readonly step1s: Uint8Array[] = []
  private readonly step1Waiters: Array<() => void> = []

  constructor(url: string) {
    this.ws = new WebSocket(url)
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve())
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
    })
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    this.ws.on('error', () => undefined)
    this.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(d) !== 0) return
      const sub = decoding.readVarUint(d)
      if (sub === 0) {
        this.step1s.push(decoding.readVarUint8Array(d))
        for (const wake of this.step1Waiters.splice(0)) wake()
      }
      if (sub !== 1) return
      this.step2Waiters.shift()?.(decoding.readVarUint8Array(d))
    })
  }

  send(frame: Uint8Array): void {
    this.ws.send(frame)
  }

  /** Resolves once the server has sent `count` sync step 1 messages (or rejects when the socket closes). */
  async step1Count(count: number): Promise<void> {
    while (this.step1s.length < count) {
      await Promise.race([
        new Promise<void>((resolve) => this.step1Waiters.push(resolve)),
        this.closed.then((c) => Promise.reject(new Error(`closed ${c.code}: ${c.reason}`))),
      ])
    }
  }

  /**
   * Sends frames, then asks for the server's state: the server handles a socket's
   * messages in order, so an answer means every frame before it was accepted.
   */
  async sendAndConfirm(frames: Uint8Array[], stateVector: Uint8Array = new Uint8Array([0]), timeoutMs = 10_000): Promise<Outcome> {
    await this.opened
    const answered = new Promise<Outcome>((resolve) => this.step2Waiters.push(() => resolve({ kind: 'accepted' })))
    for (const f of frames) this.send(f)
    this.send(step1Frame(stateVector))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('server neither answered nor closed')), timeoutMs)
    })
    try {
      return await Promise.race([answered, this.closed.then((c): Outcome => ({ kind: 'closed', ...c })), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** The server's whole document state. */
  async fetchState(): Promise<Uint8Array> {
    return this.fetchDiff(Y.encodeStateVector(new Y.Doc()))
  }

  /** What the server has beyond `stateVector` (Yjs always sends the whole delete set). */
  async fetchDiff(stateVector: Uint8Array): Promise<Uint8Array> {
    await this.opened
    const answer = new Promise<Uint8Array>((resolve) => this.step2Waiters.push(resolve))
    this.send(step1Frame(stateVector))
    return answer
  }

  close(): void {
    this.ws.terminate()
  }
}
