import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

export type ConnectionStatus = 'connecting' | 'online' | 'offline'

export interface WorkbookConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the first full sync with the server is done. */
  synced: Promise<void>
  destroy(): void
}

/** Opens the workbook's Y.Doc over the y-websocket protocol at `/sync/<id>` on this origin. */
export function connectWorkbook(workbookId: string): WorkbookConnection {
  const doc = new Y.Doc()
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const provider = new WebsocketProvider(`${scheme}://${location.host}/sync`, workbookId, doc)
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
