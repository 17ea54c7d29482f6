import {
  addSheet,
  CloseCode,
  getCellInput,
  getSheetGrid,
  initWorkbook,
  insertRows,
  listSheets,
  openWorkbook,
  Origin,
  setCells,
} from '@samplan/domain'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { RoomRegistry } from '../realtime/room-registry'
import { connectPeer, type TestPeer } from '../realtime/test-peer'
import type { Storage } from '../storage/open-storage'
import { openSqliteStorage } from '../storage/sqlite/open-sqlite'
import type { SessionEvent } from '../cluster/session-event'
import { MEMBERSHIP_ENDED_MESSAGE, OpenSessions, RIGHTS_CHANGED_MESSAGE } from './open-sessions'
import { tokenFailureMessage } from './tokens'
import type { User } from './users'

function cellAt(doc: Y.Doc) {
  const wb = openWorkbook(doc)
  const sheetId = listSheets(wb)[0]!.id
  const grid = getSheetGrid(wb, sheetId)
  return { wb, sheetId, rowId: grid.rowIds[0]!, colId: grid.colIds[0]! }
}

function write(peer: TestPeer, input: number): void {
  const { wb, sheetId, rowId, colId } = cellAt(peer.doc)
  setCells(wb, sheetId, [{ rowId, colId, input }])
}

function read(doc: Y.Doc): unknown {
  const { wb, sheetId, rowId, colId } = cellAt(doc)
  return getCellInput(wb, sheetId, rowId, colId)
}

/**
 * A role change reaches an open connection's rights check at once: the sync endpoint registers the
 * very user object it hands the room, and `changeUser` changes it in place. Real sockets on
 * 127.0.0.1 and a real room, as in the sync endpoint.
 */
describe('[A6] open sessions: a role change on an open connection', () => {
  let storage: Storage
  let rooms: RoomRegistry
  let wss: WebSocketServer
  let base: string
  const sessions = new OpenSessions()
  const people: Record<string, User> = {
    eva: { id: 'u-eva', username: 'ekonom', name: 'Eva', role: 'ekonom', omrade: null },
    nils: { id: 'u-nils', username: 'nils', name: 'Nils', role: 'lasare', omrade: null },
  }

  beforeAll(async () => {
    storage = openSqliteStorage(':memory:')
    const wb = openWorkbook(new Y.Doc())
    initWorkbook(wb, { title: 'Prov' })
    const sheetId = addSheet(
      wb,
      { name: 'Budget', kind: 'generic', columns: [{ label: 'Belopp', type: 'number', editable: 'ekonom' }] },
      Origin.Seed,
    )
    insertRows(wb, sheetId, 0, 1, undefined, Origin.Seed)
    await storage.store.createWorkbook({ id: 'wb', title: 'Prov', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(wb.doc))
    rooms = new RoomRegistry(storage.store, () => {})
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: (_info, done) => void rooms.get('wb').then(() => done(true)) })
    wss.on('connection', (socket: WebSocket, request) => {
      const as = new URL(request.url ?? '/', 'http://x').searchParams.get('as') ?? ''
      // As the sync endpoint does: one object for the room and the register.
      const user = { ...people[as]! }
      rooms.peek('wb')!.connect(socket, user)
      const forget = sessions.add(user.id, socket, user)
      socket.on('close', forget)
    })
    await new Promise((resolve) => wss.once('listening', resolve))
    base = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await rooms.destroyAll()
    await new Promise((resolve) => wss.close(resolve))
    await storage.close()
  })

  it('[A6] judges the next update of the same socket with the new role, both ways, without a reconnect', async () => {
    const eva = await connectPeer(`${base}/?as=eva`)
    const nils = await connectPeer(`${base}/?as=nils`)
    expect(sessions.changeUser('u-nils', { role: 'ekonom', omrade: null })).toBe(1)
    write(nils, 1234)
    await eva.until(() => read(eva.doc) === 1234)
    expect(nils.socket.readyState).toBe(WebSocket.OPEN)
    expect((await storage.audit.history('wb', {}))[0]).toMatchObject({ userId: 'u-nils', new: 1234 })

    sessions.changeUser('u-nils', { role: 'lasare', omrade: null })
    write(nils, 999)
    expect(await nils.closed).toEqual({ code: 4403, reason: expect.stringMatching(/läsbehörighet/) })
    expect(read((await rooms.get('wb')).doc)).toBe(1234)
    eva.close()
  })
})

/** What one server does to its sockets it announces, and every other server does the same on hearing it. */
describe('[A6] open sessions across servers', () => {
  const closer = () => {
    const closed: Array<{ code: number; reason: string }> = []
    return { closed, socket: { close: (code: number, reason: string) => closed.push({ code, reason }) } }
  }

  it('[A6] announces each session change once, naming the user and never a role or a token', () => {
    const notices: unknown[] = []
    const sessions = new OpenSessions((notice) => notices.push(notice))
    sessions.endEverywhere('u-1', 'token-a')
    sessions.deactivated('u-2')
    sessions.rightsChanged('u-3', { role: 'ekonom', omrade: null }, true)
    sessions.memberRemoved('u-4', 'wb')
    expect(notices).toEqual([
      { kind: 'signed-out-everywhere', userId: 'u-1', sparedTokenHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { kind: 'deactivated', userId: 'u-2' },
      { kind: 'user-changed', userId: 'u-3' },
      { kind: 'member-removed', userId: 'u-4', workbookId: 'wb' },
    ])
  })

  it('[A6] a removed member\'s sockets of that workbook close with 4404 and the reason; their other workbooks stay open', () => {
    const sessions = new OpenSessions()
    const inWb = closer()
    const elsewhere = closer()
    sessions.add('u-4', inWb.socket, undefined, null, 'wb')
    sessions.add('u-4', elsewhere.socket, undefined, null, 'other')
    sessions.memberRemoved('u-4', 'wb')
    expect(inWb.closed).toEqual([{ code: 4404, reason: MEMBERSHIP_ENDED_MESSAGE }])
    expect(elsewhere.closed).toEqual([])
    expect(sessions.count('u-4')).toBe(1)
  })

  it('[A6] applies what another server did as that server did: the role read from the database, the asking browser spared', async () => {
    const sender = new OpenSessions((notice) => heard.push({ ...notice, from: 'a' }))
    const heard: SessionEvent[] = []
    const receiver = new OpenSessions()
    const user: User = { id: 'u-nils', username: 'nils', name: 'Nils', role: 'lasare', omrade: null }
    const nils = closer()
    receiver.add(user.id, nils.socket, user, 'token-b')
    sender.rightsChanged(user.id, { role: 'admin', omrade: null }, true)
    // The message's receiver reads the person as the database has them now.
    await receiver.receive(heard[0] as SessionEvent, async () => ({ role: 'ekonom', omrade: null, active: true }))
    expect(user.role).toBe('ekonom')
    expect(nils.closed).toEqual([{ code: CloseCode.Unauthorized, reason: RIGHTS_CHANGED_MESSAGE }])

    const spared = closer()
    const ended = closer()
    receiver.add('u-eva', spared.socket, undefined, 'token-asking')
    receiver.add('u-eva', ended.socket, undefined, 'token-other')
    sender.endEverywhere('u-eva', 'token-asking')
    await receiver.receive(heard[1] as SessionEvent, async () => undefined)
    expect(spared.closed).toEqual([])
    expect(ended.closed).toEqual([{ code: CloseCode.Unauthorized, reason: tokenFailureMessage.ended }])
    expect(receiver.count('u-eva')).toBe(1)
  })
})
