import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

export type ConnectionStatus = 'connecting' | 'online' | 'offline'

/** A close the server means as final (4xxx): signed out, refused change, or no such workbook. */
export interface TerminalClose {
  code: number
  reason: string
}

export interface WorkbookConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the first full sync with the server is done. */
  synced: Promise<void>
  destroy(): void
}

/** Opens the workbook's Y.Doc over the y-websocket protocol at `/sync/<id>` on this origin. */
export function connectWorkbook(
  workbookId: string,
  token: string,
  onTerminalClose: (close: TerminalClose) => void,
): WorkbookConnection {
  const doc = new Y.Doc()
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const provider = new WebsocketProvider(`${scheme}://${location.host}/sync`, workbookId, doc, {
    params: { token },
  })
  // y-websocket does not reconnect after a 4xxx close; the app decides (sign in again, or resync).
  provider.on('closed', (close: TerminalClose) => onTerminalClose(close))
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    else provider.once('sync', () => resolve())
  })
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Close codes the server sends (apps/sync-server/src/protocol.ts). */
export const CLOSE_UNAUTHORIZED = 4401
export const CLOSE_FORBIDDEN = 4403
