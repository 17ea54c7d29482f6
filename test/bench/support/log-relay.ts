/**
 * The reference relay with persistence: y-websocket's own relay (@y/websocket-server 0.1.1) over an
 * append-only update log in a SQLite file (RELAY_LOG_FILE, table `updates(doc, seq, data)`). A room
 * is loaded as y-leveldb's `getYDoc` loads it: every stored update of the document applied in one
 * transaction. Unlike y-leveldb it reads synchronously (better-sqlite3) inside `bindState`, so the
 * room holds the whole log before the relay sends its first sync step. Prints its port.
 */
import { setPersistence } from '@y/websocket-server/utils'
import Database from 'better-sqlite3'
import * as Y from 'yjs'

const file = process.env.RELAY_LOG_FILE
if (!file) throw new Error('RELAY_LOG_FILE names the update log to replay')
const db = new Database(file)
const read = db.prepare('SELECT data FROM updates WHERE doc = ? ORDER BY seq')
const append = db.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)')

setPersistence({
  provider: null,
  bindState(docName: string, doc: Y.Doc) {
    const rows = read.all(docName) as Array<{ data: Uint8Array }>
    doc.transact(() => {
      for (const row of rows) Y.applyUpdate(doc, row.data)
    })
    doc.on('update', (update: Uint8Array) => append.run(docName, update))
  },
  writeState: async () => {},
})

await import('./bare-relay')
