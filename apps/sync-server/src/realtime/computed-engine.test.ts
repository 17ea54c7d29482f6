import {
  addSheet,
  formulaFromA1,
  getCellInput,
  getSheetGrid,
  insertRows,
  isFormula,
  listSheets,
  openWorkbook,
  setCells,
  type Api,
} from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import type { User } from '../auth/users'
import type { Storage } from '../storage/open-storage'
import { openSqliteStorage } from '../storage/sqlite/open-sqlite'
import { createWorkbookService, type WorkbookService } from '../storage/workbooks'
import { ComputedEnginePool } from './computed-engine'
import { RoomRegistry } from './room-registry'
import type { Room } from './room'
import { connectPeer, untilDoc, type TestPeer } from './test-peer'

const EVA: User = { id: 'u-eva', username: 'ekonom', name: 'Eva Ekonom', role: 'ekonom', omrade: null }
const WORKBOOK = 'vp-2024'
/** Short, so the test sees the room unload; a room only unloads once its last socket has left. */
const IDLE_MS = 50

/** Every formula cell of a sheet as `createWorkbookMirror` computes it over `doc`, keyed `row:col`. */
function expectedValues(doc: Y.Doc, sheetId: string): Map<string, unknown> {
  const workbook = openWorkbook(doc)
  const mirror = createWorkbookMirror(workbook)
  const grid = getSheetGrid(workbook, sheetId)
  const values = new Map<string, unknown>()
  grid.rowIds.forEach((rowId, r) => {
    grid.colIds.forEach((colId, c) => {
      if (isFormula(getCellInput(workbook, sheetId, rowId, colId))) values.set(`${r}:${c}`, mirror.getValue(sheetId, rowId, colId))
    })
  })
  mirror.destroy()
  return values
}

/** Every formula cell of an answer, keyed `row:col` as `expectedValues` keys them. */
const byPosition = (sheet: Api.ComputedSheet | null) => new Map(sheet?.cells.map(([r, c, value]) => [`${r}:${c}`, value]))

/** The workbook a test socket asks for: its path is `/<id>`. */
const workbookOf = (path: string | undefined) => decodeURIComponent((path ?? '/').slice(1))

/**
 * Raises the first number input of the first sheet by `by` through the peer's socket; resolves once
 * the room holds the edit, so it was accepted and applied to the live doc.
 */
async function raiseFirstNumber(peer: TestPeer, room: Room, by: number): Promise<void> {
  const workbook = openWorkbook(peer.doc)
  const sheetId = listSheets(workbook)[0]?.id as string
  const grid = getSheetGrid(workbook, sheetId)
  const cell = grid.rowIds
    .flatMap((rowId) => grid.colIds.map((colId) => ({ rowId, colId, input: getCellInput(workbook, sheetId, rowId, colId) })))
    .find((c) => typeof c.input === 'number')
  if (!cell) throw new Error('the first sheet has a number input')
  const raised = (cell.input as number) + by
  setCells(workbook, sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: raised }])
  await untilDoc(room.doc, () => getCellInput(room.workbook, sheetId, cell.rowId, cell.colId) === raised)
}

/**
 * The registry's formula engines with real worker threads, over an in-memory store and a real
 * socket that keeps the room loaded until it closes.
 */
describe('computed engine of a room', () => {
  let storage: Storage
  let rooms: RoomRegistry
  let wss: WebSocketServer
  let url: string
  let workbooks: WorkbookService

  beforeAll(async () => {
    storage = openSqliteStorage(':memory:')
    workbooks = createWorkbookService(storage.store)
    await workbooks.seedIfEmpty()
    rooms = new RoomRegistry(storage.store, () => {}, null, IDLE_MS, 1, 0)
    // The path names the workbook: `/<id>`.
    wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, done) => void rooms.get(workbookOf(info.req.url)).then(() => done(true)),
    })
    wss.on('connection', (socket, req) => rooms.peek(workbookOf(req.url))?.connect(socket, EVA))
    await new Promise((resolve) => wss.once('listening', resolve))
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`
  })

  /** Resolves once the loaded room of `workbookId` has unloaded (its doc is destroyed after its engine is dropped). */
  function unloaded(workbookId: string): Promise<void> {
    const room = rooms.peek(workbookId)
    if (!room) throw new Error(`${workbookId} is not loaded`)
    return new Promise((resolve) => room.doc.once('destroy', () => resolve()))
  }

  /** Opens `workbookId` on a socket and resolves with the peer and the loaded room. */
  async function open(workbookId: string): Promise<{ peer: TestPeer; room: Room }> {
    const peer = await connectPeer(`${url}/${workbookId}`)
    const room = rooms.peek(workbookId)
    if (!room) throw new Error('the room is loaded by the connection')
    return { peer, room }
  }

  afterAll(async () => {
    await rooms.destroyAll()
    await new Promise((resolve) => wss.close(resolve))
    await storage.close()
  })

  it('builds the engine with the room, answers every sheet as the mirror computes it, follows an edit, runs one engine, and drops it when the room unloads', async () => {
    const { peer, room } = await open(WORKBOOK)
    // The room's engine is built when it loads, before anyone asks.
    const engine = rooms.computedEngines.engine(WORKBOOK)
    expect(engine).toBeDefined()
    expect(await rooms.computedEngines.hosted()).toEqual([[WORKBOOK]])
    const [first, again] = await Promise.all([rooms.computedSheet(WORKBOOK, null), rooms.computedSheet(WORKBOOK, null)])
    expect(rooms.computedEngines.engine(WORKBOOK)).toBe(engine)
    expect(engine?.posted.builds).toBe(1)
    expect(again).toEqual(first)

    const sheets = listSheets(room.workbook)
    expect(first?.sheetId).toBe(sheets[0]?.id)
    for (const sheet of sheets) {
      const answer = await rooms.computedSheet(WORKBOOK, sheet.id)
      const grid = getSheetGrid(room.workbook, sheet.id)
      expect(answer?.rows).toEqual(grid.rowIds)
      expect(answer?.cols).toEqual(grid.colIds)
      expect(new Map(answer?.cells.map(([r, c, value]) => [`${r}:${c}`, value]))).toEqual(expectedValues(room.doc, sheet.id))
    }
    expect(rooms.computedEngines.engine(WORKBOOK)).toBe(engine)
    expect(await rooms.computedSheet(WORKBOOK, 'no-such-sheet')).toBeNull()

    // An edit through the socket: once the room holds it, the next answer reflects it.
    const workbook = openWorkbook(peer.doc)
    const sheetId = sheets[0]?.id as string
    const grid = getSheetGrid(workbook, sheetId)
    const before = expectedValues(room.doc, sheetId)
    const input = grid.rowIds
      .flatMap((rowId) => grid.colIds.map((colId) => ({ rowId, colId, input: getCellInput(workbook, sheetId, rowId, colId) })))
      .find((cell) => typeof cell.input === 'number')
    if (!input) throw new Error('the first sheet has a number input')
    setCells(workbook, sheetId, [{ rowId: input.rowId, colId: input.colId, input: (input.input as number) + 1000 }])
    await new Promise<void>((resolve) => {
      const check = () => {
        if (getCellInput(room.workbook, sheetId, input.rowId, input.colId) !== (input.input as number) + 1000) return
        room.doc.off('afterTransaction', check)
        resolve()
      }
      room.doc.on('afterTransaction', check)
      check()
    })
    const after = expectedValues(room.doc, sheetId)
    expect(after).not.toEqual(before)
    const answer = await rooms.computedSheet(WORKBOOK, sheetId)
    expect(new Map(answer?.cells.map(([r, c, value]) => [`${r}:${c}`, value]))).toEqual(after)
    expect(Y.decodeStateVector(Buffer.from(answer?.stateVector ?? '', 'base64'))).toEqual(
      Y.decodeStateVector(Y.encodeStateVector(room.doc)),
    )

    // The last socket leaves: the room unloads after its idle time, and its engine leaves the worker, which stays up.
    const gone = unloaded(WORKBOOK)
    peer.close()
    await gone
    expect(rooms.computedEngines.engine(WORKBOOK)).toBeUndefined()
    await expect(engine?.sheetValues(null)).rejects.toThrow('unloaded')
    expect(await rooms.computedEngines.hosted()).toEqual([[]])
    expect(engine?.failed).toBe(true)
  }, 60_000)

  it('[FM15] answers a first screen with its rows alone, and a later `since` still diffs against the last whole answer', async () => {
    const { id } = await workbooks.create('Första skärmen', 'vp2024')
    const { peer } = await open(id)
    const whole = await rooms.computedSheet(id, null)
    if (!whole) throw new Error('VP 2024 has a first sheet')
    // Up to and including the first row with a formula: some of the sheet's formula cells, not all.
    const firstRows = Math.min(...whole.cells.map(([r]) => r)) + 1
    const window = await rooms.computedSheet(id, null, { firstRows })
    expect(window?.rows).toEqual(whole.rows.slice(0, firstRows))
    expect(window?.cells).toEqual(whole.cells.filter(([r]) => r < firstRows))
    expect(window?.cells.length).toBeGreaterThan(0)
    expect(window?.cells.length).toBeLessThan(whole.cells.length)
    // Nothing changed since the whole answer: had the window become the sheet's last answer, every cell below it would look new.
    const since = await rooms.computedSheet(id, null, { since: whole.stateVector })
    expect(since?.since).toBe(whole.stateVector)
    expect(since?.cells).toEqual([])
    const gone = unloaded(id)
    peer.close()
    await gone
  })

  it('hosts several rooms in one worker, each answering its own values, and one room unloading leaves the others answering', async () => {
    const ids = await Promise.all([1, 2, 3].map(async (n) => (await workbooks.create(`Kopia ${n}`, 'vp2024')).id))
    const opened = await Promise.all(ids.map((id) => open(id)))
    // Each copy's budget differs, so an answer mixed up between rooms would show.
    for (const [n, { peer, room }] of opened.entries()) await raiseFirstNumber(peer, room, (n + 1) * 1000)

    const answers = await Promise.all(ids.map((id) => rooms.computedSheet(id, null)))
    answers.forEach((answer, n) => expect(byPosition(answer)).toEqual(expectedValues(opened[n]!.room.doc, answer?.sheetId as string)))
    expect(new Set(answers.map((answer) => JSON.stringify(answer?.cells))).size).toBe(3)
    expect(await rooms.computedEngines.hosted()).toEqual([[...ids].sort()])
    expect(new Set(ids.map((id) => rooms.computedEngines.engine(id)?.worker.threadId)).size).toBe(1)

    const gone = unloaded(ids[0] as string)
    opened[0]?.peer.close()
    await gone
    expect(await rooms.computedEngines.hosted()).toEqual([ids.slice(1).sort()])
    for (const { peer, room } of opened.slice(1)) {
      await raiseFirstNumber(peer, room, 7)
      const answer = await rooms.computedSheet(room.workbookId, null)
      expect(byPosition(answer)).toEqual(expectedValues(room.doc, answer?.sheetId as string))
    }

    const closed = opened.slice(1).map(({ room, peer }) => {
      const done = unloaded(room.workbookId)
      peer.close()
      return done
    })
    await Promise.all(closed)
    expect(await rooms.computedEngines.hosted()).toEqual([[]])
  }, 60_000)

  it('restarts a worker that ended on the next request and rebuilds every room it hosted from the live doc', async () => {
    const ids = await Promise.all([1, 2].map(async (n) => (await workbooks.create(`Krasch ${n}`, 'vp2024')).id))
    const [a, b] = await Promise.all(ids.map((id) => open(id)))
    if (!a || !b) throw new Error('both rooms open')
    await Promise.all(ids.map((id) => rooms.computedSheet(id, null)))
    const ended = rooms.computedEngines.engine(a.room.workbookId)?.worker
    if (!ended) throw new Error('the room has an engine')
    await ended.terminate()
    expect(rooms.computedEngines.engine(b.room.workbookId)?.failed).toBe(true)
    // Accepted while no worker runs: the rebuilt engine must have it.
    await raiseFirstNumber(b.peer, b.room, 2500)

    const answerA = await rooms.computedSheet(a.room.workbookId, null)
    expect(byPosition(answerA)).toEqual(expectedValues(a.room.doc, answerA?.sheetId as string))
    const restarted = rooms.computedEngines.engine(a.room.workbookId)?.worker
    expect(restarted?.threadId).not.toBe(ended.threadId)
    // Both rooms are back in the new worker before b asks again.
    expect(await rooms.computedEngines.hosted()).toEqual([[...ids].sort()])
    expect(rooms.computedEngines.engine(b.room.workbookId)?.worker).toBe(restarted)
    const answerB = await rooms.computedSheet(b.room.workbookId, null)
    expect(byPosition(answerB)).toEqual(expectedValues(b.room.doc, answerB?.sheetId as string))
    expect(Y.decodeStateVector(Buffer.from(answerB?.stateVector ?? '', 'base64'))).toEqual(
      Y.decodeStateVector(Y.encodeStateVector(b.room.doc)),
    )

    const closed = [a, b].map(({ room, peer }) => {
      const done = unloaded(room.workbookId)
      peer.close()
      return done
    })
    await Promise.all(closed)
  }, 60_000)

  it('spreads rooms over SAMPLAN_ENGINE_WORKERS threads, the next room to the thread hosting the fewest', async () => {
    const pooled = new RoomRegistry(storage.store, () => {}, null, 60_000, 2, 0)
    try {
      const ids = await Promise.all([1, 2, 3].map(async (n) => (await workbooks.create(`Pool ${n}`, 'vp2024')).id))
      const answers = await Promise.all(ids.slice(0, 2).map((id) => pooled.computedSheet(id, null)))
      answers.forEach((answer, n) =>
        expect(byPosition(answer)).toEqual(expectedValues(pooled.peek(ids[n] as string)?.doc as Y.Doc, answer?.sheetId as string)),
      )
      expect(await pooled.computedEngines.hosted()).toEqual([[ids[0]], [ids[1]]])
      pooled.computedEngines.drop(ids[0] as string)
      await pooled.computedSheet(ids[2] as string, null)
      expect(await pooled.computedEngines.hosted()).toEqual([[ids[2]], [ids[1]]])
    } finally {
      await pooled.destroyAll()
    }
  }, 60_000)

  it('builds the engine of a large workbook when its room loads, and a small one by its first request', async () => {
    const pool = new ComputedEnginePool(1)
    const small = new Y.Doc()
    const large = new Y.Doc()
    const sourceOf = (doc: Y.Doc) => ({ doc, fullState: () => Y.encodeStateAsUpdate(doc) })
    try {
      const column = { label: 'Belopp', type: 'number', editable: 'ekonom' } as const
      for (const [doc, rows] of [
        [small, 10],
        [large, 4000],
      ] as const) {
        const workbook = openWorkbook(doc)
        const sheetId = addSheet(workbook, { name: 'Blad1', kind: 'generic', columns: [column, column, column] })
        insertRows(workbook, sheetId, 0, rows)
        const grid = getSheetGrid(workbook, sheetId)
        setCells(
          workbook,
          sheetId,
          grid.rowIds.flatMap((rowId, r) => grid.colIds.map((colId) => ({ rowId, colId, input: r * 1000.25 }))),
        )
      }
      expect(Y.encodeStateAsUpdate(small).byteLength).toBeLessThan(pool.prebuildMinBytes)
      expect(Y.encodeStateAsUpdate(large).byteLength).toBeGreaterThanOrEqual(pool.prebuildMinBytes)
      pool.warm('small', sourceOf(small))
      pool.warm('large', sourceOf(large))
      expect(pool.engine('small')).toBeUndefined()
      expect(pool.engine('large')?.posted.builds).toBe(1)
      expect(await pool.hosted()).toEqual([['large']])
      const answer = await pool.sheetValues('small', sourceOf(small), null)
      expect(answer?.sheetId).toBe(listSheets(openWorkbook(small))[0]?.id)
      expect(await pool.hosted()).toEqual([['large', 'small']])
    } finally {
      await pool.stop()
    }
  })

  it('drops an engine that falls behind a workbook written cell by cell, answers a request from one build of the whole state, and rebuilds once the writes settle', async () => {
    const pool = new ComputedEnginePool(1, () => {}, 0)
    const doc = new Y.Doc()
    const source = { doc, fullState: () => Y.encodeStateAsUpdate(doc) }
    try {
      const workbook = openWorkbook(doc)
      const column = { label: 'Belopp', type: 'number', editable: 'ekonom' } as const
      const sheetId = addSheet(workbook, { name: 'Blad1', kind: 'generic', columns: [column, column, column] })
      insertRows(workbook, sheetId, 0, 3000)
      pool.warm('bulk', source)
      const engine = pool.engine('bulk')
      if (!engine) throw new Error('warm builds the engine')
      // An import or a generated workbook: thousands of updates, one cell each, while the engine builds.
      const grid = getSheetGrid(workbook, sheetId)
      const [a, b] = grid.colIds
      grid.rowIds.forEach((rowId, r) => {
        setCells(workbook, sheetId, [{ rowId, colId: a as string, input: r }])
        setCells(workbook, sheetId, [
          { rowId, colId: b as string, input: formulaFromA1(workbook, sheetId, `=A${r + 1}*2+SUM(A1:A${r + 1})`) },
        ])
      })
      expect(engine.behind).toBe(true)
      // Dropped, not followed: far fewer batches were posted than updates made.
      expect(engine.posted.batches).toBeLessThan(10)

      const answer = await pool.sheetValues('bulk', source, null)
      expect(byPosition(answer)).toEqual(expectedValues(doc, sheetId))
      expect(Y.decodeStateVector(Buffer.from(answer?.stateVector ?? '', 'base64'))).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)))
      expect(engine.posted.builds).toBe(2)
      expect(engine.behind).toBe(false)

      // Written again in bulk and left alone: it builds once more by itself, and a later edit is followed batch-wise.
      grid.rowIds.forEach((rowId, r) => setCells(workbook, sheetId, [{ rowId, colId: a as string, input: r + 1 }]))
      expect(engine.behind).toBe(true)
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (engine.behind) return
          clearInterval(check)
          resolve()
        }, 20)
      })
      expect(engine.posted.builds).toBe(3)
      setCells(workbook, sheetId, [{ rowId: grid.rowIds[0] as string, colId: a as string, input: 1000 }])
      const edited = await pool.sheetValues('bulk', source, sheetId)
      expect(byPosition(edited)).toEqual(expectedValues(doc, sheetId))
      expect(engine.posted.builds).toBe(3)
      expect(engine.behind).toBe(false)
    } finally {
      await pool.stop()
    }
  }, 60_000)
})
