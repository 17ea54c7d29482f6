import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'

export interface NodeClient {
  doc: Y.Doc
  provider: WebsocketProvider
  destroy(): void
}

/** A Node Yjs client speaking the y-websocket protocol to the real server; resolves once synced. */
export async function connectClient(wsUrl: string, workbookId: string): Promise<NodeClient> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, workbookId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('client did not sync within 20 s')), 20_000)
    provider.once('sync', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  return {
    doc,
    provider,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
