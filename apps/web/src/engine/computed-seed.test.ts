import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  addSheet,
  formulaFromA1,
  getSheetGrid,
  insertRows,
  openWorkbook,
  sameStateVector,
  setCells,
  type Api,
  type Workbook,
} from '@samplan/domain'
import { createRemoteMirror, createWorkbookMirror, type MessagePortLike, type RemoteMirror } from '@samplan/formulas'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createApiClient } from '../api/client'
import { workbookApi } from '../api/endpoints'
import { decodeStateVector, fetchComputedSheet, followServerValues, seedWhenSameState } from './computed-seed'

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))

function sheetWorkbook(): { wb: Workbook; sheetId: string } {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Blad1', kind: 'generic', columns: [{ label: 'Belopp', type: 'number', editable: 'ekonom' }] })
  insertRows(wb, sheetId, 0, 2)
  const { rowIds, colIds } = getSheetGrid(wb, sheetId)
  setCells(wb, sheetId, [
    { rowId: rowIds[0]!, colId: colIds[0]!, input: 4 },
    { rowId: rowIds[1]!, colId: colIds[0]!, input: `=${rowIds[0]}` },
  ])
  return { wb, sheetId }
}

/** What the server would answer for the sheet at the doc's current state: A2 = 4. */
function answerFor(wb: Workbook, sheetId: string): Api.ComputedSheet {
  const { rowIds, colIds } = getSheetGrid(wb, sheetId)
  return { sheetId, stateVector: toBase64(Y.encodeStateVector(wb.doc)), rows: rowIds, cols: colIds, cells: [[1, 0, { value: 4 }]] }
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A remote mirror whose engine has not answered yet (nothing hosts the far port). */
function waitingMirror(wb: Workbook): RemoteMirror {
  const { port1, port2 } = new MessageChannel()
  const mirror = createRemoteMirror(wb, port1 as unknown as MessagePortLike, { Y })
  cleanups.push(() => {
    mirror.destroy()
    port1.close()
    port2.close()
  })
  return mirror
}

describe('seedWhenSameState', () => {
  it('[FM11] paints the server values at once when the doc is at the state they were computed at', () => {
    const { wb, sheetId } = sheetWorkbook()
    const mirror = waitingMirror(wb)
    const { rowIds, colIds } = getSheetGrid(wb, sheetId)
    seedWhenSameState(mirror, wb.doc, answerFor(wb, sheetId))
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: 4 })
  })

  it('[FM11] waits while the doc lacks what the values were computed at, and seeds once it has it', () => {
    const { wb, sheetId } = sheetWorkbook()
    const early = openWorkbook(new Y.Doc())
    // The page's doc holds only the sheet, not yet the cells the values were computed from.
    const sheetOnly = Y.encodeStateAsUpdate(wb.doc)
    Y.applyUpdate(early.doc, sheetOnly)
    const answer = answerFor(wb, sheetId)
    const { rowIds, colIds } = getSheetGrid(wb, sheetId)
    setCells(wb, sheetId, [{ rowId: rowIds[0]!, colId: colIds[0]!, input: 5 }])
    const later = answerFor(wb, sheetId)
    const mirror = waitingMirror(early)
    const stop = seedWhenSameState(mirror, early.doc, { ...later, cells: [[1, 0, { value: 5 }]] })
    cleanups.push(stop)
    expect(sameStateVector(Y.decodeStateVector(Y.encodeStateVector(early.doc)), decodeStateVector(answer.stateVector)!)).toBe(true)
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: null })
    Y.applyUpdate(early.doc, Y.encodeStateAsUpdate(wb.doc, Y.encodeStateVector(early.doc)))
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: 5 })
  })

  it('[FM11] never seeds from values of a state the doc has moved past', () => {
    const { wb, sheetId } = sheetWorkbook()
    const stale = answerFor(wb, sheetId)
    const { rowIds, colIds } = getSheetGrid(wb, sheetId)
    setCells(wb, sheetId, [{ rowId: rowIds[0]!, colId: colIds[0]!, input: 6 }])
    const mirror = waitingMirror(wb)
    cleanups.push(seedWhenSameState(mirror, wb.doc, stale))
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: null })
    expect(decodeStateVector('not base64!')).toBeNull()
  })
})

describe('followServerValues', () => {
  /** What a server's engine answers for the sheet at the doc's state now: A2 as HyperFormula computes it. */
  function computedNow(wb: Workbook, sheetId: string): Api.ComputedSheet {
    const engine = createWorkbookMirror(wb)
    const { rowIds, colIds } = getSheetGrid(wb, sheetId)
    const a2 = engine.getValue(sheetId, rowIds[1]!, colIds[0]!)
    engine.destroy()
    return { ...answerFor(wb, sheetId), cells: [[1, 0, a2]] }
  }

  it("[FM14] until the engine is ready, each change is answered by the server's values once the server has it", async () => {
    const { wb, sheetId } = sheetWorkbook()
    const { rowIds, colIds } = getSheetGrid(wb, sheetId)
    setCells(wb, sheetId, [{ rowId: rowIds[1]!, colId: colIds[0]!, input: formulaFromA1(wb, sheetId, '=A1') }])
    const mirror = waitingMirror(wb)
    let serverHas = () => {}
    let asked = 0
    let seeded = 0
    const askedFor: string[] = []
    let onAsk = (_sheetId: string) => {}
    const follower = followServerValues(
      mirror,
      wb,
      {
        fetchSheet: async (id) => {
          asked++
          askedFor.push(id)
          onAsk(id)
          return computedNow(wb, sheetId)
        },
        // The server takes the change when the test says so.
        whenServerHas: () => new Promise<void>((resolve) => (serverHas = resolve)),
      },
      () => seeded++,
    )
    cleanups.push(() => follower.stop())
    follower.seedFrom(computedNow(wb, sheetId))
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: 4 })
    expect(seeded).toBe(1)

    const recalculated = new Promise<void>((resolve) => mirror.onRecalculated(() => resolve()))
    setCells(wb, sheetId, [{ rowId: rowIds[0]!, colId: colIds[0]!, input: 7 }])
    // Not asked before the server has the change.
    expect(asked).toBe(0)
    serverHas()
    await recalculated
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: 7 })
    expect(asked).toBe(1)
    expect(seeded).toBe(2)

    // An edit on another sheet asks for that sheet too.
    const other = addSheet(wb, { name: 'Blad2', kind: 'generic', columns: [{ label: 'Belopp', type: 'number', editable: 'ekonom' }] })
    insertRows(wb, other, 0, 1)
    const otherGrid = getSheetGrid(wb, other)
    serverHas()
    const askedOther = new Promise<void>((resolve) => {
      onAsk = (id) => {
        if (id === other) resolve()
      }
    })
    setCells(wb, other, [{ rowId: otherGrid.rowIds[0]!, colId: otherGrid.colIds[0]!, input: 1 }])
    serverHas()
    await askedOther

    follower.stop()
    const askedBefore = asked
    setCells(wb, sheetId, [{ rowId: rowIds[0]!, colId: colIds[0]!, input: 9 }])
    serverHas()
    expect(asked).toBe(askedBefore)
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: 7 })
  })
})

describe('followServerValues asking only what changed', () => {
  it('[FM14] asks since the state it last showed and merges an answer of only the changed cells; one since another state is dropped', async () => {
    const { wb, sheetId } = sheetWorkbook()
    const { rowIds, colIds } = getSheetGrid(wb, sheetId)
    setCells(wb, sheetId, [{ rowId: rowIds[1]!, colId: colIds[0]!, input: formulaFromA1(wb, sheetId, '=A1') }])
    const mirror = waitingMirror(wb)
    const sinceAsked: (string | undefined)[] = []
    let answer = (since: string | undefined): Api.ComputedSheet => ({ ...answerFor(wb, sheetId), since })
    let answered = () => {}
    const follower = followServerValues(mirror, wb, {
      fetchSheet: async (_id, since) => {
        sinceAsked.push(since)
        queueMicrotask(() => answered())
        return answer(since)
      },
      whenServerHas: async () => {},
    })
    cleanups.push(() => follower.stop())
    const first = { ...answerFor(wb, sheetId), cells: [[1, 0, { value: 4 }]] as Api.ComputedSheet['cells'] }
    follower.seedFrom(first)
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: 4 })

    // A1 becomes 7: the server answers A2 alone, naming only its row and column.
    answer = (since) => ({ ...answerFor(wb, sheetId), rows: [rowIds[1]!], cols: [colIds[0]!], cells: [[0, 0, { value: 7 }]], since })
    const recalculated = new Promise<void>((resolve) => mirror.onRecalculated(() => resolve()))
    setCells(wb, sheetId, [{ rowId: rowIds[0]!, colId: colIds[0]!, input: 7 }])
    const seven = answerFor(wb, sheetId).stateVector
    await recalculated
    expect(sinceAsked).toEqual([first.stateVector])
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: 7 })

    // An answer of what changed since a state this page never showed would leave A2 behind: it is dropped.
    answer = () => ({ ...answerFor(wb, sheetId), rows: [rowIds[1]!], cols: [colIds[0]!], cells: [[0, 0, { value: 99 }]], since: 'AA==' })
    const askedAgain = new Promise<void>((resolve) => (answered = resolve))
    setCells(wb, sheetId, [{ rowId: rowIds[0]!, colId: colIds[0]!, input: 8 }])
    await askedAgain
    // The asking round ends in microtasks: a task later it has seeded or dropped the answer.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(sinceAsked[1]).toBe(seven)
    expect(mirror.getValue(sheetId, rowIds[1]!, colIds[0]!)).toEqual({ value: 7 })
  })
})

describe('fetchComputedSheet against a real HTTP server', () => {
  let server: Server
  let baseUrl = ''
  const { wb, sheetId } = sheetWorkbook()
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname === '/api/workbooks/has/computed') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(answerFor(wb, sheetId)))
      } else if (url.pathname === '/api/workbooks/bad/computed') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ sheetId, cells: 'all of them' }))
      } else {
        res.writeHead(404, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: 'not-found', message: 'Ingen API-resurs.' }))
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('[FM11] reads the answer through the contract schema; a 404 or a malformed answer means no early numbers', async () => {
    const api = createApiClient({ baseUrl, token: 't' })
    const answer = await fetchComputedSheet(() => workbookApi(api, 'has').computed())
    expect(answer?.cells).toEqual([[1, 0, { value: 4 }]])
    expect(await fetchComputedSheet(() => workbookApi(api, 'missing').computed(sheetId))).toBeNull()
    expect(await fetchComputedSheet(() => workbookApi(api, 'bad').computed())).toBeNull()
  })
})
