import { once } from 'node:events'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { decodeMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './protocol'

/** A y-websocket client in a few lines: a Y.Doc kept in sync with a room over a real socket. */
export interface TestPeer {
  doc: Y.Doc
  socket: WebSocket
  /** Resolves with the close code and reason, whoever closed. */
  closed: Promise<{ code: number; reason: string }>
  /** Resolves once `check` holds, checked on every change the server sends; never on a timer. */
  until(check: () => boolean): Promise<void>
  /** Runs `send` with the TCP socket corked: the frames it sends leave in one write and reach the server's queue together. */
  together(send: () => void): void
  close(): void
}

const FROM_SERVER = Symbol('from server')

/** Resolves once `check` holds, checked now and after every transaction of `doc`; never on a timer. */
export function untilDoc(doc: Y.Doc, check: () => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const wake = () => {
      if (!check()) return
      doc.off('afterTransaction', wake)
      resolve()
    }
    doc.on('afterTransaction', wake)
    wake()
  })
}

/** Connects to `url`, sends its state vector, and resolves once the server's answer is applied. */
export async function connectPeer(url: string): Promise<TestPeer> {
  const doc = new Y.Doc()
  const socket = new WebSocket(url)
  socket.binaryType = 'nodebuffer'
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  let synced!: () => void
  const ready = new Promise<void>((resolve) => (synced = resolve))
  socket.on('message', (data: Buffer) => {
    const decoded = decodeMessage(new Uint8Array(data))
    if (!decoded.ok) throw new Error(decoded.error)
    const msg = decoded.value
    if (msg.type === 'sync-step1') socket.send(encodeSyncStep2(Y.encodeStateAsUpdate(doc, msg.stateVector)))
    if (msg.type === 'sync-step2' || msg.type === 'sync-update') Y.applyUpdate(doc, msg.update, FROM_SERVER)
    if (msg.type === 'sync-step2') synced()
  })
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== FROM_SERVER && socket.readyState === WebSocket.OPEN) socket.send(encodeSyncUpdate(update))
  })
  await once(socket, 'open')
  socket.send(encodeSyncStep1(Y.encodeStateVector(doc)))
  await ready
  return {
    doc,
    socket,
    closed,
    until: (check) => untilDoc(doc, check),
    together: (send) => {
      // ws keeps the net.Socket it writes to as `_socket`; corking it is what makes the frames one write.
      const tcp = (socket as unknown as { _socket: import('node:net').Socket })._socket
      tcp.cork()
      try {
        send()
      } finally {
        tcp.uncork()
      }
    },
    close: () => socket.close(),
  }
}
