/**
 * Faults of a three-server cluster (ARCHITECTURE.md, "Several servers"): a server killed with
 * SIGKILL during an edit storm (its clients reconnect through the round-robin front to another
 * server and every update any client has seen is still there; its users' presence disappears
 * elsewhere), and Redis restarted (servers reconnect and catch up from the log).
 */
import { getCellInput, getSheetGrid, openWorkbook, setCells, type CellRef } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { leaseHolders, restartableRedis, roundRobin, startCluster, type RestartableRedis, type RoundRobin } from './support/cluster'
import { fingerprint } from './support/doc-fingerprint'
import { fetchServerDoc } from './support/live-server'
import { usePostgres } from './support/postgres'
import { onOutput, removeDir, type ServerProcess } from './support/server-process'
import { workbookLayout } from './support/workbook-layout'
import { connectClient, login, onAwareness, onDoc, waitFor, type NodeClient } from './support/yjs-client'

const WORKBOOK = 'vp-2024'

/** Cells of the budget sheet an ekonom may edit: data rows by ekonom columns. */
function ekonomCells(doc: Y.Doc): CellRef[] {
  const sheetId = workbookLayout(doc).budgetSheetId
  const grid = getSheetGrid(openWorkbook(doc), sheetId)
  const rows = grid.rowIds.filter((_, i) => grid.rows[i]?.kind === 'data')
  const cols = grid.colIds.filter((_, i) => grid.columns[i]?.editable === 'ekonom')
  return rows.flatMap((rowId) => cols.map((colId) => ({ sheetId, rowId, colId })))
}

const inputAt = (doc: Y.Doc, c: CellRef) => getCellInput(openWorkbook(doc), c.sheetId, c.rowId, c.colId)
const write = (client: NodeClient, c: CellRef, input: number) =>
  setCells(openWorkbook(client.doc), c.sheetId, [{ rowId: c.rowId, colId: c.colId, input }])
const pace = () => new Promise((resolve) => setTimeout(resolve, 15))

describe('a three-server cluster under faults', () => {
  const postgres = usePostgres()
  let redis: RestartableRedis
  let servers: ServerProcess[] = []
  let front: RoundRobin
  const clients: NodeClient[] = []
  const tokens: Record<string, string> = {}

  beforeAll(async () => {
    redis = await restartableRedis()
    servers = await startCluster(3, await postgres.cluster.createDatabase(), redis.url)
    front = await roundRobin(servers.map((s) => Number(new URL(s.url).port)))
    for (const user of ['ekonom', 'admin', 'lasare']) tokens[user] = await login(servers[0]?.url as string, user)
  })

  afterAll(async () => {
    for (const c of clients) c.destroy()
    await front?.close()
    await Promise.all(servers.map((s) => s.stop()))
    for (const s of servers) removeDir(s.dataDir)
    await redis?.stop()
  })

  const track = (client: NodeClient) => {
    clients.push(client)
    return client
  }

  it('kill -9 of the server judging the workbook during an edit storm: its clients reconnect to another server, every update any client saw is kept, another server takes the lease, and its users leave the presence', async () => {
    const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess]
    // Anna on A (directly) is shown to Lars on B.
    const anna = track(await connectClient(a.wsUrl, WORKBOOK, tokens.admin as string))
    // A loaded the workbook first, so it holds the lease: B and C forward their clients' updates to it.
    expect(leaseHolders(servers, WORKBOOK)).toEqual([a])
    const lars = track(await connectClient(b.wsUrl, WORKBOOK, tokens.lasare as string))
    anna.provider.awareness.setLocalStateField('cursor', { cell: 'C4' })
    const annaShown = () => lars.provider.awareness.getStates().has(anna.doc.clientID)
    await waitFor(annaShown, onAwareness(lars.provider.awareness), "Anna's presence on B")

    // Six writers through the front: two land on each server.
    const writers: NodeClient[] = []
    for (let i = 0; i < 6; i++)
      writers.push(track(await connectClient(front.wsUrl, WORKBOOK, tokens[i % 2 ? 'admin' : 'ekonom'] as string)))
    const cells = ekonomCells(anna.doc)
    expect(cells.length).toBeGreaterThanOrEqual(6)
    const storm = cells.slice(0, 6)
    const lastWritten = new Map<CellRef, number>()
    /** Every value of a storm cell any client received from a server (never its own typing), by cell. */
    const seen = new Map<CellRef, Set<number>>(storm.map((cell) => [cell, new Set()]))
    for (const client of [...writers, lars]) {
      client.doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.origin !== client.provider) return
        for (const cell of storm) {
          if (cell === storm[writers.indexOf(client)]) continue
          const v = inputAt(client.doc, cell)
          // The seeded figure predates the audit trail; only storm values count.
          if (typeof v === 'number' && v >= 1000 && Number.isInteger(v)) seen.get(cell)?.add(v)
        }
      })
    }
    let killed = false
    const writing = writers.map(async (writer, w) => {
      for (let step = 1; step <= 60; step++) {
        const cell = cells[w] as CellRef
        const value = 1000 * (w + 1) + step
        write(writer, cell, value)
        lastWritten.set(cell, value)
        if (w === 0 && step === 20) {
          await a.kill()
          killed = true
        }
        await pace()
      }
    })
    await Promise.all(writing)
    expect(killed).toBe(true)

    // Anna's client went with server A: the others stop showing her once A's heartbeat lapses.
    await waitFor(() => !annaShown(), onAwareness(lars.provider.awareness), "Anna's presence gone after A was killed")

    // Every writer is connected again (to B or C) and all converge on each cell's last write.
    const converged = (client: NodeClient) => [...lastWritten].every(([cell, v]) => inputAt(client.doc, cell) === v)
    for (const writer of writers) await waitFor(() => converged(writer), onDoc(writer.doc), 'a writer to converge', 30_000)
    await waitFor(() => converged(lars), onDoc(lars.doc), 'Lars on B to converge', 30_000)
    // Every value a client received was committed: the audit trail (kept with each update in one transaction) has it.
    for (const [cell, values] of seen) {
      const res = await fetch(
        `${b.url}/api/workbooks/${WORKBOOK}/history?sheetId=${cell.sheetId}&rowId=${cell.rowId}&colId=${cell.colId}&limit=1000`,
        { headers: { authorization: `Bearer ${tokens.lasare}` } },
      )
      const stored = new Set(((await res.json()) as { entries: Array<{ new: unknown }> }).entries.map((e) => e.new))
      expect(
        [...values].filter((v) => !stored.has(v)),
        'values some client saw that are not stored',
      ).toEqual([])
      expect(values.size).toBeGreaterThan(0)
    }

    // The updates B and C forwarded to A after the kill got no verdict and were judged where they came in.
    expect(`${b.output()}${c.output()}`).toMatch(/no verdict from .+ judging the update/)
    // A's lease lapsed and B or C took it.
    await waitFor(() => leaseHolders([b, c], WORKBOOK).length === 1, onOutput(b, c), 'B or C to judge the workbook', 30_000)
    // What B and C serve, and what a fresh load from PostgreSQL gives, is the same document.
    const fromB = await fetchServerDoc(b, tokens.lasare as string)
    const fromC = await fetchServerDoc(c, tokens.lasare as string)
    expect(fingerprint(fromB)).toEqual(fingerprint(fromC))
    for (const [cell, v] of lastWritten) expect(inputAt(fromC, cell)).toBe(v)
    anna.destroy()
  })

  it('Redis restarted: servers reconnect and catch up from the log, so edits made during the outage reach every client', async () => {
    const [, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess]
    const eva = track(await connectClient(b.wsUrl, WORKBOOK, tokens.ekonom as string))
    const anna = track(await connectClient(c.wsUrl, WORKBOOK, tokens.admin as string))
    const [x, y, z] = ekonomCells(eva.doc).slice(0, 3) as [CellRef, CellRef, CellRef]
    const health = async (s: ServerProcess) => {
      const res = await fetch(`${s.url}/api/health`)
      return { status: res.status, ...((await res.json()) as { database?: string; redis?: string }) }
    }
    /** Asks again after each answer until the server reports `redis` (each ask is a real request, no timer). */
    const reportsRedis = async (s: ServerProcess, redisState: string) => {
      for (let ask = 0; ask < 500; ask++) if ((await health(s)).redis === redisState) return
      throw new Error(`health never reported redis: ${redisState}`)
    }
    expect(await health(b)).toMatchObject({ status: 200, database: 'ok', redis: 'ok' })

    await redis.stop()
    // Redis away only delays what other servers' clients see: the server stays in the load balancer.
    await reportsRedis(b, 'unreachable')
    expect(await health(b)).toMatchObject({ status: 200, database: 'ok', redis: 'unreachable' })
    // Both are accepted and stored while the servers cannot ring each other.
    write(eva, x, 7001)
    write(anna, y, 7002)
    await redis.start()

    await waitFor(() => inputAt(anna.doc, x) === 7001, onDoc(anna.doc), "Eva's outage edit on Anna's screen (server C)", 30_000)
    await waitFor(() => inputAt(eva.doc, y) === 7002, onDoc(eva.doc), "Anna's outage edit on Eva's screen (server B)", 30_000)
    // And the doorbell rings again.
    write(eva, z, 7003)
    await waitFor(() => inputAt(anna.doc, z) === 7003, onDoc(anna.doc), "Eva's edit after the outage on Anna's screen")
    await reportsRedis(c, 'ok')
  })

  it('a server stopped for a restart hands the workbook it judges over at once: the next update is judged elsewhere without waiting for a verdict', async () => {
    const [, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess]
    // Redis came back empty: one of the two takes the lease again.
    await waitFor(() => leaseHolders([b, c], WORKBOOK).length === 1, onOutput(b, c), 'B or C to judge the workbook', 30_000)
    const holder = leaseHolders([b, c], WORKBOOK)[0] as ServerProcess
    const other = holder === b ? c : b
    const writer = track(await connectClient(other.wsUrl, WORKBOOK, tokens.ekonom as string))
    const reader = track(await connectClient(other.wsUrl, WORKBOOK, tokens.lasare as string))
    const cell = ekonomCells(writer.doc)[3] as CellRef
    const mark = other.output().length
    await holder.stop()
    const said = () => other.output().slice(mark)
    // Told by the stopping server itself, not by its lease running out.
    await waitFor(() => said().includes(`gave up workbook ${WORKBOOK}`), onOutput(other), 'the stopping server to give the lease up')
    await waitFor(() => said().includes(`workbook ${WORKBOOK} is judged here`), onOutput(other), 'the other server to take the lease')
    write(writer, cell, 7004)
    await waitFor(() => inputAt(reader.doc, cell) === 7004, onDoc(reader.doc), "the edit after the hand-over on a colleague's screen")
    expect(said()).not.toMatch(/no verdict from/)
    expect(inputAt(await fetchServerDoc(other, tokens.lasare as string), cell)).toBe(7004)
  })
})
