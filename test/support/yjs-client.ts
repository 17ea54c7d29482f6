import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as Y from 'yjs'

export interface NodeClient {
  doc: Y.Doc
  provider: WebsocketProvider
  destroy(): void
}

/** A Node Yjs client speaking the y-websocket protocol to the real server; resolves once synced. */
export async function connectClient(wsUrl: string, workbookId: string, token: string): Promise<NodeClient> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, workbookId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
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

/** The demo password README.md documents for every seeded user. */
export const DEMO_PASSWORD = 'samplan2024'

/** Signs in through the real API and returns the bearer token. */
export async function login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}
