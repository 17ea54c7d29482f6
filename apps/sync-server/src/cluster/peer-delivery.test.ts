/**
 * Two servers' rooms of one workbook in this process, each with its own PostgreSQL pool on one
 * private database, and a link between them that the test delivers by hand: so messages can cross,
 * be lost, or arrive while a room waits for the workbook's lock.
 */
import { addSheet, getCellInput, getSheetGrid, initWorkbook, insertRows, listSheets, openWorkbook, Origin, setCells } from '@samplan/domain'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import type { User } from '../auth/users'
import { RoomRegistry, type RegistryLink } from '../realtime/room-registry'
import { connectPeer, type TestPeer } from '../realtime/test-peer'
import type { Storage } from '../storage/open-storage'
import { openPostgresStorage } from '../storage/postgres/open-postgres'
import { startPostgresCluster, type PostgresCluster } from '../testing/postgres-cluster'
import type { ClusterMessage } from './cluster-message'

type UpdateMessage = Extract<ClusterMessage, { kind: 'update' }>

const USERS: Record<string, User> = {
  eva: { id: 'u-eva', username: 'ekonom', name: 'Eva Ekonom', role: 'ekonom', omrade: null },
  erik: { id: 'u-erik', username: 'ekonom2', name: 'Erik Ekonom', role: 'ekonom', omrade: null },
}

/** One server: its storage, rooms, a socket endpoint, and the update messages it published, in order. */
interface Server {
  storage: Storage
  rooms: RoomRegistry
  wss: WebSocketServer
  url: string
  published: UpdateMessage[]
  /** Resolves once it has published `count` update messages. */
  publishedCount(count: number): Promise<UpdateMessage[]>
}

async function startServer(databaseUrl: string, serverId: string): Promise<Server> {
  const storage = await openPostgresStorage(databaseUrl)
  const published: UpdateMessage[] = []
  const waiters: Array<() => void> = []
  const link: RegistryLink = {
    serverId,
    publish: (_workbookId, message) => {
      if (message.kind !== 'update') return
      published.push(message)
      for (const wake of waiters.splice(0)) wake()
    },
    watchPeer: () => {},
    // Every server judges its own sockets' updates here: what is tested is the delivery of entries.
    judgeOf: () => null,
    subscribe: async () => {},
    unsubscribe: () => {},
  }
  const rooms = new RoomRegistry(storage.store, () => {}, link)
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (_info, done) => void rooms.get('wb').then(() => done(true)),
  })
  wss.on('connection', (socket, request) => {
    const user = USERS[new URL(request.url ?? '/', 'http://x').searchParams.get('as') ?? ''] as User
    rooms.peek('wb')?.connect(socket, user)
  })
  await new Promise((resolve) => wss.once('listening', resolve))
  const publishedCount = async (count: number) => {
    while (published.length < count) await new Promise<void>((resolve) => waiters.push(resolve))
    return published.slice(0, count)
  }
  return { storage, rooms, wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, published, publishedCount }
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server) return
  await server.rooms.destroyAll()
  await new Promise((resolve) => server.wss.close(resolve))
  await server.storage.close()
}

function cell(doc: Y.Doc, row: number) {
  const wb = openWorkbook(doc)
  const sheetId = (listSheets(wb)[0] as { id: string }).id
  const grid = getSheetGrid(wb, sheetId)
  return { wb, sheetId, rowId: grid.rowIds[row] as string, colId: grid.colIds[0] as string }
}

function setCell(peer: TestPeer, row: number, input: number): void {
  const { wb, sheetId, rowId, colId } = cell(peer.doc, row)
  setCells(wb, sheetId, [{ rowId, colId, input }])
}

function valueIn(doc: Y.Doc, row: number): unknown {
  const { wb, sheetId, rowId, colId } = cell(doc, row)
  return getCellInput(wb, sheetId, rowId, colId)
}

describe('entries of other servers: applied in log order as they arrive', () => {
  let cluster: PostgresCluster
  let databaseUrl: string
  let a: Server
  let b: Server
  let round = 0
  const peers: TestPeer[] = []

  beforeAll(async () => {
    cluster = await startPostgresCluster()
  }, 60_000)

  afterAll(async () => {
    await cluster?.destroy()
  }, 60_000)

  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.close()
    await stopServer(a)
    await stopServer(b)
  })

  /** A fresh database with the workbook (one sheet, four rows), two servers on it, Eva on A and Erik on B. */
  async function setUp(): Promise<{ eva: TestPeer; erik: TestPeer }> {
    databaseUrl = await cluster.createDatabase()
    a = await startServer(databaseUrl, `a${++round}`)
    b = await startServer(databaseUrl, `b${round}`)
    const wb = openWorkbook(new Y.Doc())
    initWorkbook(wb, { title: 'Prov' })
    const columns = [{ label: 'Belopp', type: 'number' as const, editable: 'ekonom' as const }]
    const sheetId = addSheet(wb, { name: 'Budget', kind: 'generic', columns }, Origin.Seed)
    insertRows(wb, sheetId, 0, 4, undefined, Origin.Seed)
    await a.storage.store.createWorkbook({ id: 'wb', title: 'Prov', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(wb.doc))
    const eva = await connectPeer(`${a.url}/?as=eva`)
    const erik = await connectPeer(`${b.url}/?as=erik`)
    peers.push(eva, erik)
    return { eva, erik }
  }

  /** Resolves once some session waits for an advisory lock (a room asking for the workbook's turn). */
  async function someoneWaitsForTheLock(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      for (;;) {
        const { rows } = await client.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
        )
        if ((rows[0]?.n ?? 0) > 0) return
      }
    } finally {
      await client.end()
    }
  }

  it('an entry announced ahead of the one before it reaches the clients the moment that one arrives, while the room waits for the lock', async () => {
    const { eva, erik } = await setUp()
    setCell(eva, 0, 101)
    await a.publishedCount(1)
    setCell(eva, 1, 102)
    const [first, second] = (await a.publishedCount(2)) as [UpdateMessage, UpdateMessage]
    expect(second.prev).toBe(first.seq)

    // Someone else holds the workbook's turn; Erik's edit makes B's room wait for it.
    const held = await a.storage.store.takeTurn('wb', second.seq)
    setCell(erik, 2, 203)
    await someoneWaitsForTheLock()

    // The two announcements cross on the way: the later one first.
    b.rooms.deliver('wb', second)
    expect(valueIn(b.rooms.peek('wb')?.doc as Y.Doc, 1)).not.toBe(102)
    b.rooms.deliver('wb', first)
    // Both reach Erik although B's room still waits for the lock (held below until now).
    await erik.until(() => valueIn(erik.doc, 0) === 101 && valueIn(erik.doc, 1) === 102)
    expect(valueIn(b.rooms.peek('wb')?.doc as Y.Doc, 1)).toBe(102)
    expect(b.published).toHaveLength(0)

    held.abandon()
    // Erik's edit follows them in the log, and B announces it after the second.
    const [own] = (await b.publishedCount(1)) as [UpdateMessage]
    expect(own.prev).toBe(second.seq)
    a.rooms.deliver('wb', own)
    await eva.until(() => valueIn(eva.doc, 2) === 203)
  })

  it('an entry whose predecessor was announced but lost (Redis dropped it) is read from the log, and the late one changes nothing', async () => {
    const { eva, erik } = await setUp()
    setCell(eva, 0, 301)
    await a.publishedCount(1)
    setCell(eva, 1, 302)
    const [first, second] = (await a.publishedCount(2)) as [UpdateMessage, UpdateMessage]

    b.rooms.deliver('wb', second)
    await erik.until(() => valueIn(erik.doc, 0) === 301 && valueIn(erik.doc, 1) === 302)
    const state = Y.encodeStateVector(b.rooms.peek('wb')?.doc as Y.Doc)
    b.rooms.deliver('wb', first)
    expect(Y.encodeStateVector(b.rooms.peek('wb')?.doc as Y.Doc)).toEqual(state)

    // B knows it holds the log up to the second: its own next entry follows that.
    setCell(erik, 2, 303)
    const [own] = (await b.publishedCount(1)) as [UpdateMessage]
    expect(own.prev).toBe(second.seq)
    a.rooms.deliver('wb', own)
    await eva.until(() => valueIn(eva.doc, 2) === 303)
  })

  it('entries announced in one read from Redis reach each client as one message, in one transaction of its doc', async () => {
    const { eva, erik } = await setUp()
    for (const [i, v] of [601, 602, 603].entries()) {
      setCell(eva, i, v)
      await a.publishedCount(i + 1)
    }
    let transactions = 0
    // Updates from the server integrate as remote transactions (reads here are local ones).
    erik.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (!tr.local) transactions++
    })
    for (const message of a.published) b.rooms.deliver('wb', message)
    await erik.until(() => valueIn(erik.doc, 0) === 601 && valueIn(erik.doc, 1) === 602 && valueIn(erik.doc, 2) === 603)
    expect(transactions).toBe(1)
  })

  it("entries B finds in its turn, and announced ones, are applied once and in log order: every server's copy ends the same", async () => {
    const { eva, erik } = await setUp()
    // Eva's three edits are never announced to B: its next turn reads them from the log.
    for (const [i, v] of [401, 402, 403].entries()) {
      setCell(eva, i, v)
      await a.publishedCount(i + 1)
    }
    setCell(erik, 3, 501)
    const [own] = (await b.publishedCount(1)) as [UpdateMessage]
    expect(own.prev).toBe((a.published[2] as UpdateMessage).seq)
    await erik.until(() => valueIn(erik.doc, 0) === 401 && valueIn(erik.doc, 2) === 403 && valueIn(erik.doc, 3) === 501)
    // Announced late, after B already read them: nothing applied twice, nothing out of order.
    for (const message of a.published) b.rooms.deliver('wb', message)
    a.rooms.deliver('wb', own)
    await eva.until(() => valueIn(eva.doc, 3) === 501)
    const docA = a.rooms.peek('wb')?.doc as Y.Doc
    const docB = b.rooms.peek('wb')?.doc as Y.Doc
    expect(Y.encodeStateVector(docA)).toEqual(Y.encodeStateVector(docB))
    expect(Y.encodeStateAsUpdate(docA)).toEqual(Y.encodeStateAsUpdate(docB))
  })
})
