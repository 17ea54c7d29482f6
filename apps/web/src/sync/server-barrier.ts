import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { messageSync, type WebsocketProvider } from 'y-websocket'

type SyncHandler = WebsocketProvider['messageHandlers'][number]

/**
 * Tells when the server has taken this client's changes. The server handles a socket's messages
 * in order and answers a sync step 1 with a step 2 only after integrating (and recording, audit
 * included) every update sent before it; so a step 1 sent now is a barrier, and the next step 2
 * to arrive is its answer. Barriers go out only while synced: the provider's own step 1 (sent
 * on every connect) is answered before `synced`, and nothing else asks the server for a step 2.
 * A barrier cut off by a lost connection is sent again after the next sync, which comes after
 * the reconnect handshake has sent the changes made meanwhile.
 */
export class ServerBarrier {
  /** Waiting for the next sync to send their step 1. */
  private waiting: Array<() => void> = []
  /** Step 1s sent on this socket, oldest first, each with the callers it answers. */
  private sent: Array<Array<() => void>> = []
  private readonly original: SyncHandler

  constructor(private readonly provider: WebsocketProvider) {
    const handlers = provider.messageHandlers
    this.original = handlers[messageSync]!
    handlers[messageSync] = (encoder, decoder, from, emitSynced, messageType) => {
      const answer = provider.synced && decoding.peekVarUint(decoder) === syncProtocol.messageYjsSyncStep2
      this.original(encoder, decoder, from, emitSynced, messageType)
      if (answer) for (const resolve of this.sent.shift() ?? []) resolve()
    }
    provider.on('sync', this.onSync)
    provider.on('status', this.onStatus)
  }

  /** Resolves once the server has handled every change this client made before the call. */
  whenServerHas(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve)
      if (this.provider.synced && this.provider.wsconnected) this.flush()
    })
  }

  destroy(): void {
    this.provider.messageHandlers[messageSync] = this.original
    this.provider.off('sync', this.onSync)
    this.provider.off('status', this.onStatus)
  }

  private flush(): void {
    const ws = this.provider.ws
    if (!ws || this.waiting.length === 0) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, messageSync)
    syncProtocol.writeSyncStep1(encoder, this.provider.doc)
    this.sent.push(this.waiting)
    this.waiting = []
    ws.send(encoding.toUint8Array(encoder))
  }

  private readonly onSync = (synced: boolean) => {
    if (synced) this.flush()
  }

  /** Answers lost with the socket are asked for again on the next one. */
  private readonly onStatus = ({ status }: { status: string }) => {
    if (status !== 'disconnected') return
    this.waiting = [...this.sent.flat(), ...this.waiting]
    this.sent = []
  }
}
