import type { Awareness } from 'y-protocols/awareness'
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

/**
 * Subscribes `wake` to the events that say what a check reads may have changed, and returns
 * the unsubscribe: `onDoc(doc)`, `onAwareness(awareness)`, or a socket's messages.
 */
export type Changes = (wake: () => void) => () => void

/** Every transaction of a Y.Doc, local or remote (after Yjs' own observers). */
export const onDoc =
  (doc: Y.Doc): Changes =>
  (wake) => {
    doc.on('afterTransaction', wake)
    return () => doc.off('afterTransaction', wake)
  }

/** Every presence update an awareness applies. */
export const onAwareness =
  (awareness: Awareness): Changes =>
  (wake) => {
    awareness.on('update', wake)
    return () => awareness.off('update', wake)
  }

/**
 * Resolves once `check` holds: checked now and again on every event of `changes`, never on a
 * timer. Rejects after `timeoutMs` (that is a failure, never a wait that decides the test).
 */
export function waitFor(check: () => boolean, changes: Changes, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let unsubscribe = () => {}
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))
    }, timeoutMs)
    const finish = (error?: unknown) => {
      clearTimeout(timer)
      unsubscribe()
      if (error === undefined) resolve()
      else reject(error)
    }
    const wake = () => {
      try {
        if (check()) finish()
      } catch (err) {
        finish(err)
      }
    }
    unsubscribe = changes(wake)
    wake()
  })
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
