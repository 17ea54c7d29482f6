import { CloseCode, getWorkbookInfo, openWorkbook } from '@samplan/domain'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { ServerBarrier } from './server-barrier'

/** What the header shows: first connect, synced with the server, connected but catching up, or cut off. */
export type ConnectionStatus = 'connecting' | 'online' | 'syncing' | 'offline'

/**
 * Follows a provider's connection as one status. Reconnect attempts after a
 * loss count as offline: the user's edits are only local until the next sync.
 */
export function watchStatus(provider: WebsocketProvider, onStatus: (status: ConnectionStatus) => void): () => void {
  let everConnected = false
  const update = () => {
    if (provider.wsconnected) {
      everConnected = true
      onStatus(provider.synced ? 'online' : 'syncing')
    } else onStatus(everConnected ? 'offline' : 'connecting')
  }
  provider.on('status', update)
  provider.on('sync', update)
  update()
  return () => {
    provider.off('status', update)
    provider.off('sync', update)
  }
}

/** A close the server means as final (4xxx): signed out, refused change, or no such workbook. */
export interface TerminalClose {
  code: number
  reason: string
}

export interface WorkbookConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the doc can be shown: synced with the server, or loaded from this browser's offline copy. */
  ready: Promise<void>
  /** Resolves once the server has taken (and recorded) every change this client made before the call. */
  whenServerHas(): Promise<void>
  /** Forgets the offline copy (after the server refused a change, the local copy must not resend it). */
  discardLocal(): Promise<void>
  destroy(): void
}

/**
 * Opens the workbook's Y.Doc: first this browser's offline copy (IndexedDB,
 * waited for before connecting, so offline edits are merged on reconnect),
 * then the y-websocket connection at `/sync/<id>`. A copy from another epoch
 * of the workbook (the server's document was replaced) is discarded first:
 * merging it would duplicate every row.
 */
export async function connectWorkbook(
  workbookId: string,
  auth: {
    /** The newest bearer token, read on every connect. */
    token: () => string
    /** A new token after a 4401 close (the old one expired); null when the session has ended. */
    renew?: () => Promise<string | null>
    userId: string
    /** The server's epoch of the workbook, or null when the server cannot be reached (an offline start). */
    serverEpoch: () => Promise<string | null>
  },
  onTerminalClose: (close: TerminalClose) => void,
  /** The socket opens once this settles too (the first screen is drawn before the document's decoding holds the page). */
  openAfter?: Promise<unknown>,
): Promise<WorkbookConnection> {
  const storeName = `samplan:${workbookId}:${auth.userId}`
  let doc = new Y.Doc()
  let local = new IndexeddbPersistence(storeName, doc)
  // The server's epoch and the offline copy load side by side.
  const [serverEpoch] = await Promise.all([auth.serverEpoch(), local.whenSynced])
  const localEpoch = getWorkbookInfo(openWorkbook(doc)).epoch
  if (serverEpoch && localEpoch && serverEpoch !== localEpoch) {
    await local.clearData()
    doc.destroy()
    doc = new Y.Doc()
    local = new IndexeddbPersistence(storeName, doc)
    await local.whenSynced
  }
  const hadLocalCopy = getWorkbookInfo(openWorkbook(doc)).epoch !== ''
  if (openAfter && !hadLocalCopy) await openAfter

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const provider = new WebsocketProvider(`${scheme}://${location.host}/sync`, workbookId, doc, {
    // A getter: y-websocket reads `params` for every connect, so a reconnect carries the newest token.
    params: {
      get token() {
        return auth.token()
      },
    },
    // Tabs talk through the server only: a colleague's change relayed between tabs could reach the
    // server after an edit built on it, and the server refuses updates that arrive out of causal order.
    disableBc: true,
  })
  // y-websocket does not reconnect after a 4xxx close; the app decides (sign in again, or resync).
  provider.on('closed', (close: TerminalClose) => {
    // An expired token: renew it and connect again. The doc keeps every edit made meanwhile, and
    // the sync on connect sends the server what it lacks.
    if (close.code === CloseCode.Unauthorized && auth.renew) {
      void auth.renew().then((token) => {
        if (token) provider.connect()
        else onTerminalClose(close)
      })
      return
    }
    onTerminalClose(close)
  })
  const barrier = new ServerBarrier(provider)
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    else provider.once('sync', () => resolve())
  })
  return {
    doc,
    provider,
    ready: hadLocalCopy ? Promise.resolve() : synced,
    whenServerHas: () => barrier.whenServerHas(),
    async discardLocal() {
      provider.disconnect()
      await local.clearData()
    },
    destroy() {
      barrier.destroy()
      provider.destroy()
      void local.destroy()
      doc.destroy()
    },
  }
}
