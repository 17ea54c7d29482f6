import { getSheetGrid, listSheets, openWorkbook, setCells } from '@samplan/domain'
import { createRng } from '@samplan/domain/testing'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { withTimeout } from './support/live-server'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { connectClient, login, type NodeClient } from './support/yjs-client'

const WORKBOOK = 'vp-2024'

/** Every root type's JSON, to compare documents by content. */
function contentOf(doc: Y.Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, type] of doc.share) out[name] = type.toJSON()
  return out
}

describe('crash: kill -9 during an edit storm loses nothing the server relayed', () => {
  let server: ServerProcess | undefined
  const clients: NodeClient[] = []

  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it('has every relayed update after a restart', async () => {
    server = await startServerProcess()
    const token = await login(server.url, 'ekonom')
    const writers = await Promise.all([0, 1, 2].map(() => connectClient(server!.wsUrl, WORKBOOK, token)))
    const observer = await connectClient(server.wsUrl, WORKBOOK, token)
    clients.push(...writers, observer)
    // The server is killed once the observer has had this many of the writers' edits relayed, mid-storm.
    const RELAYED_BEFORE_KILL = 150
    let relayed = 0
    let stormUnderWay: () => void = () => {}
    const underWay = new Promise<void>((resolve) => {
      stormUnderWay = resolve
    })
    observer.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin === observer.provider && ++relayed === RELAYED_BEFORE_KILL) stormUnderWay()
    })

    const rng = createRng(9)
    const timers = writers.map((w) => {
      const wb = openWorkbook(w.doc)
      const sheets = listSheets(wb)
      return setInterval(() => {
        const sheet = rng.pick(sheets)
        const grid = getSheetGrid(wb, sheet.id)
        const editable = grid.colIds.filter((_, i) => grid.columns[i]?.editable === 'ekonom')
        const rows = grid.rowIds.filter((_, i) => grid.rows[i]?.kind === 'data')
        if (editable.length === 0 || rows.length === 0) return
        setCells(wb, sheet.id, [{ rowId: rng.pick(rows), colId: rng.pick(editable), input: rng.int(100000) }])
      }, 5)
    })
    await withTimeout(underWay, 30_000, `${RELAYED_BEFORE_KILL} relayed edits`)
    await server.kill()
    for (const t of timers) clearInterval(t)
    expect(relayed).toBeGreaterThanOrEqual(RELAYED_BEFORE_KILL)

    const seen = new Y.Doc()
    Y.applyUpdate(seen, Y.encodeStateAsUpdate(observer.doc))
    for (const c of clients.splice(0)) c.destroy()

    server = await startServerProcess({ dataDir: server.dataDir })
    const after = await connectClient(server.wsUrl, WORKBOOK, await login(server.url, 'ekonom'))
    clients.push(after)

    // Everything the observer got from the server is in the restarted server's doc:
    // merging the observer's state into it changes nothing.
    const merged = new Y.Doc()
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(after.doc))
    const recovered = contentOf(merged)
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(seen))
    expect(contentOf(merged)).toEqual(recovered)
    const seenVector = Y.decodeStateVector(Y.encodeStateVector(seen))
    const afterVector = Y.decodeStateVector(Y.encodeStateVector(after.doc))
    for (const [client, clock] of seenVector) expect(afterVector.get(client) ?? 0).toBeGreaterThanOrEqual(clock)
  })
})
