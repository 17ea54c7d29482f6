/**
 * Talking to a real server the way the attack tests and the fuzzer need:
 * sign in every demo user, send exact update bytes, read the server's document
 * through a fresh socket, and wait for a connected client to have everything
 * the server sent it (its own step 1 answered), never for a fixed time.
 */
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { RawSocket, step1Frame, updateFrame, type Outcome } from './raw-socket'
import { startServerProcess, type ServerProcess } from './server-process'
import { login, type NodeClient } from './yjs-client'

export const WORKBOOK = 'vp-2024'
export const USERS = ['ekonom', 'chef1', 'chef2', 'lasare', 'admin'] as const
export type UserName = (typeof USERS)[number]
export type Tokens = Record<UserName, string>

export async function loginAll(server: ServerProcess): Promise<Tokens> {
  const tokens = {} as Tokens
  for (const user of USERS) tokens[user] = await login(server.url, user)
  return tokens
}

export function syncUrl(server: ServerProcess, token: string, workbook = WORKBOOK): string {
  return `${server.wsUrl}/${workbook}?token=${token}`
}

/** Rejects after `ms` with `what` in the message; the timer never outlives the promise. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The server's whole document, read through a fresh socket (a closed socket or a failed load is an error). */
export async function fetchServerDoc(server: ServerProcess, token: string, timeoutMs = 15_000): Promise<Y.Doc> {
  const socket = new RawSocket(syncUrl(server, token))
  try {
    const closed = socket.closed.then((c): never => {
      throw new Error(`the server closed the reading socket (${c.code} ${c.reason})`)
    })
    const state = await withTimeout(Promise.race([socket.fetchState(), closed]), timeoutMs, "the server's state")
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    return doc
  } finally {
    socket.close()
  }
}

/**
 * What became of one update: the server's verdict (answered or closed), and
 * whether it asked the sender for its state (a sync step 1 beyond the one every
 * connection gets), which is how it drops an update that starts after clocks
 * it lacks (SPEC G4) without closing.
 */
export interface Verdict {
  outcome: Outcome
  askedForState: boolean
}

/** Sends one update frame on a fresh socket and waits for the server's verdict. */
export async function sendUpdate(server: ServerProcess, token: string, update: Uint8Array, knownState?: Uint8Array): Promise<Verdict> {
  const socket = new RawSocket(syncUrl(server, token))
  let step1s = 0
  socket.ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data))
    if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 0) step1s++
  })
  try {
    const outcome = await socket.sendAndConfirm([updateFrame(update)], knownState)
    return { outcome, askedForState: step1s > 1 }
  } finally {
    socket.close()
  }
}

/** `accepted`, `dropped` (G4: answered with a request for the sender's state) or `closed <code>: <reason>`. */
export function describeVerdict({ outcome, askedForState }: Verdict): string {
  if (outcome.kind === 'closed') return `closed ${outcome.code}: ${outcome.reason}`
  return askedForState ? 'dropped' : 'accepted'
}

/**
 * Resolves once `client` has received everything the server sent it so far: it
 * asks the server for its state on the client's own socket, and the server
 * answers a socket's messages in order, after any update it relayed earlier.
 */
export async function settle(client: NodeClient, timeoutMs = 10_000): Promise<void> {
  const ws = client.provider.ws
  if (ws === null || ws.readyState !== ws.OPEN) throw new Error('the client is not connected')
  const answered = new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const d = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer))
      if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 1) return
      ws.removeEventListener('message', onMessage)
      resolve()
    }
    // Added after the provider's own handler, so the answer is applied before this resolves.
    ws.addEventListener('message', onMessage)
  })
  ws.send(step1Frame(Y.encodeStateVector(client.doc)) as Uint8Array<ArrayBuffer>)
  await withTimeout(answered, timeoutMs, "the client's sync answer")
}

/** Sets the workbook status through the admin API, as the only legitimate way to do it (R7). */
export async function postStatus(server: ServerProcess, adminToken: string, status: 'utkast' | 'inskickad' | 'beslutad'): Promise<void> {
  const res = await fetch(`${server.url}/api/workbooks/${WORKBOOK}/status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status }),
  })
  if (res.status !== 200) throw new Error(`status ${status}: ${res.status} ${await res.text()}`)
}

/** Stops the server and starts it again on the same data directory (a new port). */
export async function restartServer(server: ServerProcess): Promise<ServerProcess> {
  await server.stop()
  return startServerProcess({ dataDir: server.dataDir })
}
