import {
  addSheet,
  getCellInput,
  getSheetGrid,
  initWorkbook,
  insertRows,
  listSheets,
  openWorkbook,
  Origin,
  setCells,
  type Workbook,
} from '@samplan/domain'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import type { User } from '../auth/users'
import type { Storage } from '../storage/open-storage'
import { openSqliteStorage } from '../storage/sqlite/open-sqlite'
import { RoomRegistry } from './room-registry'
import { connectPeer, untilDoc, type TestPeer } from './test-peer'

const USERS: Record<string, User> = {
  eva: { id: 'u-eva', username: 'ekonom', name: 'Eva Ekonom', role: 'ekonom', omrade: null },
  lars: { id: 'u-lars', username: 'lasare', name: 'Lars Läsare', role: 'lasare', omrade: null },
}

/** The one sheet of the test workbook, and its two data rows; read from any replica. */
function cellOf(wb: Workbook, row: 0 | 1) {
  const sheetId = listSheets(wb)[0]!.id
  const grid = getSheetGrid(wb, sheetId)
  return { sheetId, rowId: grid.rowIds[row]!, colId: grid.colIds[0]! }
}

function setCell(peer: TestPeer, row: 0 | 1, input: number): void {
  const wb = openWorkbook(peer.doc)
  const { sheetId, rowId, colId } = cellOf(wb, row)
  setCells(wb, sheetId, [{ rowId, colId, input }])
}

function valueIn(doc: Y.Doc, row: 0 | 1): unknown {
  const wb = openWorkbook(doc)
  const { sheetId, rowId, colId } = cellOf(wb, row)
  return getCellInput(wb, sheetId, rowId, colId)
}

/**
 * The room over real sockets in this process: a `ws` server on 127.0.0.1 (port 0), an
 * in-memory store, and peers that speak y-websocket. The user is named in the URL, as the
 * upgrade's token check would have decided.
 */
describe('room: relay, refusal and persistence over in-process sockets', () => {
  let storage: Storage
  let rooms: RoomRegistry
  let wss: WebSocketServer
  let base: string
  const peers: TestPeer[] = []

  beforeAll(async () => {
    storage = openSqliteStorage(':memory:')
    const wb = openWorkbook(new Y.Doc())
    initWorkbook(wb, { title: 'Prov' })
    const sheetId = addSheet(
      wb,
      { name: 'Budget', kind: 'generic', columns: [{ label: 'Belopp', type: 'number', editable: 'ekonom' }] },
      Origin.Seed,
    )
    insertRows(wb, sheetId, 0, 2, undefined, Origin.Seed)
    await storage.store.createWorkbook({ id: 'wb', title: 'Prov', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(wb.doc))
    rooms = new RoomRegistry(storage.store, () => {})
    // As the sync endpoint does: the room is loaded before the upgrade, so it hears the first frame.
    wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (_info, done) => void rooms.get('wb').then(() => done(true)),
    })
    wss.on('connection', (socket, request) => {
      const user = USERS[new URL(request.url ?? '/', 'http://x').searchParams.get('as') ?? '']!
      rooms.peek('wb')!.connect(socket, user)
    })
    await new Promise((resolve) => wss.once('listening', resolve))
    base = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`
  })

  const connect = async (as: keyof typeof USERS) => {
    const peer = await connectPeer(`${base}/?as=${as}`)
    peers.push(peer)
    return peer
  }

  afterEach(() => {
    for (const peer of peers.splice(0)) peer.close()
  })

  afterAll(async () => {
    await rooms.destroyAll()
    await new Promise((resolve) => wss.close(resolve))
    await storage.close()
  })

  it('relays an allowed edit to the other socket, after writing it and its audit entry to the store', async () => {
    const eva = await connect('eva')
    const lars = await connect('lars')
    setCell(eva, 0, 21000.5)
    await lars.until(() => valueIn(lars.doc, 0) === 21000.5)
    // Persisted before it was relayed: the store already rebuilds it, and the audit names Eva.
    expect(valueIn(await storage.store.loadDoc('wb'), 0)).toBe(21000.5)
    expect((await storage.audit.history('wb', {}))[0]).toMatchObject({ userId: 'u-eva', new: 21000.5 })
  })

  it("refuses a läsare's edit: closes that socket with 4403 and a reason, and nobody sees the edit", async () => {
    const eva = await connect('eva')
    const lars = await connect('lars')
    const room = await rooms.get('wb')
    const before = valueIn(room.doc, 1)
    setCell(lars, 1, 666)
    expect(await lars.closed).toEqual({ code: 4403, reason: expect.stringMatching(/läsbehörighet/) })
    // Causal barrier: an edit Eva makes after the refusal reaches an observer only after anything relayed before it.
    const observer = await connect('eva')
    setCell(eva, 0, 7)
    await observer.until(() => valueIn(observer.doc, 0) === 7)
    expect(valueIn(observer.doc, 1)).toBe(before)
    expect(valueIn(room.doc, 1)).toBe(before)
    expect(valueIn(await storage.store.loadDoc('wb'), 1)).toBe(before)
  })

  it('judges updates that arrive together against all before them: each audited old -> new in order, a refused one between them changing nothing', async () => {
    const eva = await connect('eva')
    const lars = await connect('lars')
    const observer = await connect('lars')
    const room = await rooms.get('wb')
    const start = valueIn(room.doc, 0)
    const before = valueIn(room.doc, 1)
    // Each socket's frames leave in one write, so they reach the room's queue together and are judged in one turn.
    lars.together(() => setCell(lars, 1, 666))
    eva.together(() => {
      setCell(eva, 0, 101)
      setCell(eva, 0, 102)
      setCell(eva, 0, 103)
    })
    expect((await lars.closed).code).toBe(4403)
    await observer.until(() => valueIn(observer.doc, 0) === 103)
    const { rowId } = cellOf(openWorkbook(room.doc), 0)
    const chain = (await storage.audit.history('wb', {}))
      .filter((e) => e.rowId === rowId)
      .slice(0, 3)
      .reverse()
      .map((e) => [e.old, e.new])
    expect(chain).toEqual([
      [start, 101],
      [101, 102],
      [102, 103],
    ])
    expect(valueIn(room.doc, 1)).toBe(before)
    expect(valueIn(await storage.store.loadDoc('wb'), 0)).toBe(103)
    // The cell as the later tests expect it.
    setCell(eva, 0, start as number)
    await observer.until(() => valueIn(observer.doc, 0) === start)
  })

  it('closes a socket that sends a text frame with 4400, leaving the others connected', async () => {
    const eva = await connect('eva')
    const other = await connect('eva')
    const observer = await connect('lars')
    eva.socket.send('hej')
    expect((await eva.closed).code).toBe(4400)
    setCell(other, 1, 3)
    await observer.until(() => valueIn(observer.doc, 1) === 3)
  })

  it('serves a reconnecting client the persisted document after the room was unloaded', async () => {
    const eva = await connect('eva')
    setCell(eva, 1, 42)
    const room = await rooms.get('wb')
    await untilDoc(room.doc, () => valueIn(room.doc, 1) === 42)
    eva.close()
    await eva.closed
    await rooms.destroyAll() // unload: the next socket loads the room from the store
    const later = await connect('lars')
    expect(valueIn(later.doc, 1)).toBe(42)
    expect(valueIn(later.doc, 0)).toBe(7)
  })

  it('applies a server change once it is stored, audited under its user, relays it, and the live doc keeps its client id', async () => {
    const lars = await connect('lars')
    const room = await rooms.get('wb')
    const liveId = room.doc.clientID
    const cell = cellOf(room.workbook, 0)
    const result = await room.changeAsServer(USERS.eva!, (workbook) => ({
      cells: [cell],
      apply: () => {
        setCells(workbook, cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 55 }])
        return 'klart'
      },
    }))
    expect(result).toBe('klart')
    expect(valueIn(room.doc, 0)).toBe(55)
    expect(valueIn(await storage.store.loadDoc('wb'), 0)).toBe(55)
    expect((await storage.audit.history('wb', {}))[0]).toMatchObject({ userId: 'u-eva', old: 7, new: 55 })
    await lars.until(() => valueIn(lars.doc, 0) === 55)
    // Made on the staged copy under its own id: the live doc never sees its own id arrive from elsewhere.
    expect(room.doc.clientID).toBe(liveId)
  })

  it('changes nothing when a server change throws half-way', async () => {
    const room = await rooms.get('wb')
    const cell = cellOf(room.workbook, 1)
    const before = valueIn(room.doc, 1)
    const failing = room.changeAsServer(USERS.eva!, (workbook) => ({
      cells: [cell],
      apply: () => {
        setCells(workbook, cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 66 }])
        throw new Error('import failed')
      },
    }))
    await expect(failing).rejects.toThrow('import failed')
    expect(valueIn(room.doc, 1)).toBe(before)
    expect(valueIn(await storage.store.loadDoc('wb'), 1)).toBe(before)
    // The next change starts from the live doc, not from the abandoned one.
    await room.changeAsServer(USERS.eva!, (workbook) => ({ cells: [], apply: () => setCells(workbook, cell.sheetId, []) }))
    expect(valueIn(room.doc, 1)).toBe(before)
  })
})
