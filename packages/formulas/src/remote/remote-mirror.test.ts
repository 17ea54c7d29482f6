// Node's own MessageChannel, the real thing a worker's port is.
/// <reference types="node" />
import {
  deleteColumns,
  deleteRows,
  formulaFromA1,
  getSheetGrid,
  insertColumns,
  insertRows,
  listSheets,
  openWorkbook,
  renameSheet,
  setCells,
  type CellRef,
  type Workbook,
} from '@samplan/domain'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MirrorDestroyedError, RemoteEngineError } from '../errors'
import { createWorkbookMirror, type WorkbookMirror } from '../mirror/workbook-mirror'
import { addGridSheet, createWorkbook, idsAt, NUMBER_COLUMN } from '../test/workbook-fixture'
import type { MessagePortLike } from './messages'
import { hostWorkbookMirror } from './mirror-host'
import { createRemoteMirror, type RemoteMirror } from './remote-mirror'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A remote mirror whose engine runs at the far end of a real MessageChannel. */
function remoteOf(wb: Workbook): { mirror: RemoteMirror; engineClosed: Promise<void> } {
  const { port1, port2 } = new MessageChannel()
  let closed = () => {}
  const engineClosed = new Promise<void>((resolve) => (closed = resolve))
  hostWorkbookMirror(asPortLike(port2), Y, () => {
    port2.close()
    closed()
  })
  const mirror = createRemoteMirror(wb, asPortLike(port1), { Y, onDestroy: () => port1.close() })
  cleanups.push(() => {
    mirror.destroy()
    port1.close()
    port2.close()
  })
  return { mirror, engineClosed }
}

/** Node's MessagePort (global, as in a browser) speaks `onmessage`; only its event type differs. */
function asPortLike(port: InstanceType<typeof MessagePort>): MessagePortLike {
  return port as unknown as MessagePortLike
}

function localOf(wb: Workbook): WorkbookMirror {
  const mirror = createWorkbookMirror(wb)
  cleanups.push(() => mirror.destroy())
  return mirror
}

function put(wb: Workbook, sheetId: string, cells: Record<string, number | string | boolean>): void {
  const edits = Object.entries(cells).map(([address, input]) => {
    const m = /^([A-Z])(\d+)$/.exec(address)
    if (!m) throw new Error(address)
    const ids = idsAt(wb, sheetId, Number(m[2]) - 1, m[1]!.charCodeAt(0) - 65)
    return { ...ids, input: typeof input === 'string' && input.startsWith('=') ? formulaFromA1(wb, sheetId, input) : input }
  })
  setCells(wb, sheetId, edits)
}

/** Every sheet's values, as a fresh in-process mirror of the same doc computes them. */
function expectSameAsLocal(wb: Workbook, remote: RemoteMirror): void {
  const local = localOf(wb)
  for (const { id } of listSheets(wb)) expect(remote.getSheetValues(id), id).toEqual(local.getSheetValues(id))
}

function valueAt(mirror: WorkbookMirror, wb: Workbook, sheetId: string, address: string) {
  const m = /^([A-Z])(\d+)$/.exec(address)
  if (!m) throw new Error(address)
  const { rowId, colId } = idsAt(wb, sheetId, Number(m[2]) - 1, m[1]!.charCodeAt(0) - 65)
  return mirror.getValue(sheetId, rowId, colId)
}

function recorder(mirror: WorkbookMirror): CellRef[][] {
  const calls: CellRef[][] = []
  mirror.onRecalculated((changed) => calls.push(changed))
  return calls
}

describe('createRemoteMirror over a real MessageChannel', () => {
  it('[FM9] answers like an in-process mirror once the engine is ready: numbers, text, booleans, formulas, errors', async () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 5, 3)
    put(wb, s, { A1: 1, A2: 2, A3: '=SUM(A1:A2)', B1: 'text', B2: '12', B3: true, C1: '=1/0', C2: '=FOO(1)', C3: '=RSUGRANT(170,147)' })
    const { mirror } = remoteOf(wb)
    expect(mirror.ready).toBe(false)
    // Cells without a formula need no engine.
    expect(valueAt(mirror, wb, s, 'A1')).toEqual({ value: 1 })
    expect(valueAt(mirror, wb, s, 'B2')).toEqual({ value: '12' })
    expect(valueAt(mirror, wb, s, 'A3')).toEqual({ value: null })
    await mirror.whenCurrent()
    expect(mirror.ready).toBe(true)
    expect(valueAt(mirror, wb, s, 'A3')).toEqual({ value: 3 })
    expect(valueAt(mirror, wb, s, 'C3')).toEqual({ value: 24_990 })
    expect(valueAt(mirror, wb, s, 'C1').error?.display).toBe('#DIVISION/0!')
    expectSameAsLocal(wb, mirror)
    expect(mirror.getSheetValues('no-such-sheet')).toEqual([])
    expect(mirror.getValue(s, 'no-row', 'no-col')).toEqual({ value: null })
  })

  it('[FM10] an edit reaches the engine in order and onRecalculated reports its dependents when the answer arrives', async () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 4, 2)
    put(wb, s, { A1: 1, A2: 2, A3: '=A1+A2', A4: '=A3*2', B1: '=A4+1' })
    const { mirror } = remoteOf(wb)
    await mirror.whenCurrent()
    const calls = recorder(mirror)
    put(wb, s, { A1: 10 })
    // The typed number shows at once; its dependents wait for the engine.
    expect(valueAt(mirror, wb, s, 'A1')).toEqual({ value: 10 })
    expect(valueAt(mirror, wb, s, 'A4')).toEqual({ value: 6 })
    put(wb, s, { A2: 20 })
    await mirror.whenCurrent()
    expect(valueAt(mirror, wb, s, 'A4')).toEqual({ value: 60 })
    expect(valueAt(mirror, wb, s, 'B1')).toEqual({ value: 61 })
    expect(calls).toHaveLength(2)
    const reported = new Set(calls.flat().map((c) => `${c.rowId}:${c.colId}`))
    for (const address of ['A3', 'A4', 'B1']) {
      const { rowId, colId } = idsAt(wb, s, Number(address.slice(1)) - 1, address.charCodeAt(0) - 65)
      expect(reported.has(`${rowId}:${colId}`), address).toBe(true)
    }
  })

  it('[FM10] with buildWhen, updates of the first sync reach the engine as they come and it builds from all of them', async () => {
    const server = createWorkbook()
    const s = addGridSheet(server, 'Budget', 3, 1)
    put(server, s, { A1: 2, A2: '=A1*5' })
    const page = openWorkbook(new Y.Doc())
    const { port1, port2 } = new MessageChannel()
    hostWorkbookMirror(asPortLike(port2), Y, () => port2.close())
    let shown = () => {}
    const buildWhen = new Promise<void>((resolve) => (shown = resolve))
    const mirror = createRemoteMirror(page, asPortLike(port1), { Y, buildWhen, onDestroy: () => port1.close() })
    cleanups.push(() => {
      mirror.destroy()
      port2.close()
    })
    const calls = recorder(mirror)
    // The sync brings the workbook in two updates; the page can show it after the second.
    Y.applyUpdate(page.doc, Y.encodeStateAsUpdate(server.doc))
    put(server, s, { A1: 3 })
    Y.applyUpdate(page.doc, Y.encodeStateAsUpdate(server.doc, Y.encodeStateVector(page.doc)))
    expect(mirror.ready).toBe(false)
    shown()
    await mirror.whenCurrent()
    expect(mirror.ready).toBe(true)
    expect(valueAt(mirror, page, s, 'A2')).toEqual({ value: 15 })
    // One answer for the whole build, not one per update before it.
    expect(calls).toHaveLength(1)
    expectSameAsLocal(page, mirror)
  })

  it('[FM10] with postWhen, nothing reaches the engine before it resolves, then everything in order', async () => {
    const server = createWorkbook()
    const s = addGridSheet(server, 'Budget', 3, 1)
    put(server, s, { A1: 2, A2: '=A1*5' })
    const page = openWorkbook(new Y.Doc())
    const { port1, port2 } = new MessageChannel()
    // The engine's end, noting what arrives before handing it on.
    const seen: string[] = []
    const far = asPortLike(port2)
    const engineEnd: MessagePortLike = { postMessage: (message) => port2.postMessage(message), onmessage: null }
    far.onmessage = (event) => {
      seen.push((event.data as { type: string }).type)
      engineEnd.onmessage?.(event)
    }
    hostWorkbookMirror(engineEnd, Y, () => port2.close())
    let painted = () => {}
    const postWhen = new Promise<void>((resolve) => (painted = resolve))
    const mirror = createRemoteMirror(page, asPortLike(port1), { Y, postWhen, onDestroy: () => port1.close() })
    cleanups.push(() => {
      mirror.destroy()
      port2.close()
    })
    Y.applyUpdate(page.doc, Y.encodeStateAsUpdate(server.doc))
    // A message sent on the same port after the mirror's would arrive after them: none came before it.
    const probed = new Promise<void>((resolve) => {
      const forward = far.onmessage
      far.onmessage = (event) => {
        if ((event.data as { type: string }).type === 'probe') {
          far.onmessage = forward
          resolve()
        } else forward?.(event)
      }
    })
    port1.postMessage({ type: 'probe' })
    await probed
    expect(seen).toEqual([])
    painted()
    await mirror.whenCurrent()
    expect(seen).toEqual(['open', 'build', 'update'])
    expect(valueAt(mirror, page, s, 'A2')).toEqual({ value: 10 })
  })

  it('[FM10] follows an update that came from another replica', async () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 2, 1)
    put(wb, s, { A1: 1, A2: '=A1*3' })
    const peer = openWorkbook(new Y.Doc())
    Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(wb.doc))
    const { mirror } = remoteOf(wb)
    put(peer, s, { A1: 5 })
    Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(wb.doc)))
    await mirror.whenCurrent()
    expect(valueAt(mirror, wb, s, 'A2')).toEqual({ value: 15 })
  })

  it('[FM9] stays equal to an in-process mirror through row and column inserts and deletes', async () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 4, 2)
    put(wb, s, { A1: 1, A2: 2, A3: 3, A4: '=SUM(A1:A3)', B1: '=A2*10', B4: '=A4+B1' })
    const { mirror } = remoteOf(wb)
    await mirror.whenCurrent()
    insertRows(wb, s, 1, 2)
    put(wb, s, { A2: 100 })
    insertColumns(wb, s, 0, [NUMBER_COLUMN])
    deleteRows(wb, s, 0, 1)
    deleteColumns(wb, s, 0, 1)
    await mirror.whenCurrent()
    expectSameAsLocal(wb, mirror)
    expect(getSheetGrid(wb, s).rowIds).toHaveLength(5)
  })

  it('[FM9] keeps cross-sheet formulas right when sheets are added and renamed', async () => {
    const wb = createWorkbook()
    const budget = addGridSheet(wb, 'Budget', 2, 1)
    put(wb, budget, { A1: 7 })
    const { mirror } = remoteOf(wb)
    await mirror.whenCurrent()
    const rsu = addGridSheet(wb, 'RSU', 2, 1)
    put(wb, rsu, { A1: "='Budget'!A1*3" })
    renameSheet(wb, budget, 'Budget 2024')
    put(wb, budget, { A1: 8 })
    await mirror.whenCurrent()
    expect(valueAt(mirror, wb, rsu, 'A1')).toEqual({ value: 24 })
    expectSameAsLocal(wb, mirror)
  })

  it('[FM9] after a rebuild (two sheets renamed to one name concurrently) the values equal a fresh mirror', async () => {
    const wb = createWorkbook()
    const a = addGridSheet(wb, 'A', 2, 1)
    const b = addGridSheet(wb, 'B', 2, 1)
    const c = addGridSheet(wb, 'C', 2, 1)
    put(wb, a, { A1: 1 })
    put(wb, b, { A1: 2 })
    put(wb, c, { A1: "='X'!A1*10" })
    const peer = openWorkbook(new Y.Doc())
    Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(wb.doc))
    const { mirror } = remoteOf(wb)
    await mirror.whenCurrent()
    const calls = recorder(mirror)
    renameSheet(wb, a, 'X')
    renameSheet(peer, b, 'X')
    Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(wb.doc)))
    await mirror.whenCurrent()
    expectSameAsLocal(wb, mirror)
    expect(calls.length).toBeGreaterThan(0)
  })

  it('[FM11] a seed shows until the engine is ready; the engine then reports exactly the cells whose value differs', async () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 3, 1)
    put(wb, s, { A1: 2, A2: '=A1*2', A3: '=A1*3' })
    const { rowIds, colIds } = getSheetGrid(wb, s)
    // Hold the engine's end until the seed is in: its answer must replace the seed, whatever the timing.
    const { port1, port2 } = new MessageChannel()
    const mirror = createRemoteMirror(wb, asPortLike(port1), { Y, onDestroy: () => port1.close() })
    cleanups.push(() => {
      mirror.destroy()
      port2.close()
    })
    const calls = recorder(mirror)
    // A2 seeded right, A3 seeded wrong (as a stale server answer would be).
    expect(
      mirror.seed({
        sheetId: s,
        rows: rowIds,
        cols: colIds,
        cells: [
          [1, 0, { value: 4 }],
          [2, 0, { value: 99 }],
        ],
      }),
    ).toBe(true)
    expect(valueAt(mirror, wb, s, 'A2')).toEqual({ value: 4 })
    expect(valueAt(mirror, wb, s, 'A3')).toEqual({ value: 99 })
    expect(calls.flat().map((c) => c.rowId)).toEqual([rowIds[1], rowIds[2]])
    calls.length = 0
    hostWorkbookMirror(asPortLike(port2), Y, () => port2.close())
    await mirror.whenCurrent()
    expect(valueAt(mirror, wb, s, 'A3')).toEqual({ value: 6 })
    expect(calls).toEqual([[{ sheetId: s, rowId: rowIds[2], colId: colIds[0] }]])
    expect(mirror.seed({ sheetId: s, rows: rowIds, cols: colIds, cells: [[1, 0, { value: 0 }]] })).toBe(false)
    expect(valueAt(mirror, wb, s, 'A2')).toEqual({ value: 4 })
  })

  it('[FM14] an engine built before an edit the seed already shows replaces the seed only once it has answered that edit', async () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 2, 1)
    put(wb, s, { A1: 2, A2: '=A1*2' })
    const { rowIds, colIds } = getSheetGrid(wb, s)
    // The engine's end is played by hand: built at the opening state, then answering the edit.
    const { port1, port2 } = new MessageChannel()
    const mirror = createRemoteMirror(wb, asPortLike(port1), { Y, onDestroy: () => port1.close() })
    cleanups.push(() => {
      mirror.destroy()
      port2.close()
    })
    const shown: unknown[] = []
    mirror.onRecalculated(() => shown.push(valueAt(mirror, wb, s, 'A2').value))
    put(wb, s, { A1: 5 })
    // The server's answer for the edit, shown first.
    expect(mirror.seed({ sheetId: s, rows: rowIds, cols: colIds, cells: [[1, 0, { value: 10 }]] })).toBe(true)
    port2.postMessage({ type: 'ready', seq: 0, sheets: [{ sheetId: s, rows: rowIds, cols: colIds, cells: [[1, 0, { value: 4 }]] }] })
    port2.postMessage({ type: 'applied', seq: 1, changed: [[s, rowIds[1], colIds[0], { value: 10 }]] })
    await mirror.whenCurrent()
    expect(mirror.ready).toBe(true)
    expect(valueAt(mirror, wb, s, 'A2')).toEqual({ value: 10 })
    // Never the built state's 4 in between.
    expect(shown).toEqual([10])
  })

  it('[FM10] an engine that cannot read what it is sent says so, and whenCurrent rejects with why', async () => {
    const { port1, port2 } = new MessageChannel()
    cleanups.push(() => {
      port1.close()
      port2.close()
    })
    hostWorkbookMirror(asPortLike(port2), Y)
    const answer = new Promise<unknown>((resolve) => port1.once('message', resolve))
    // Not a Yjs update: what a corrupted message would carry.
    port1.postMessage({ type: 'open', state: new Uint8Array([255, 1, 2]) })
    expect(await answer).toMatchObject({ type: 'failed', message: expect.any(String) })

    const wb = createWorkbook()
    const failing = new MessageChannel()
    cleanups.push(() => {
      failing.port1.close()
      failing.port2.close()
    })
    const failures: string[] = []
    const mirror = createRemoteMirror(wb, asPortLike(failing.port1), { Y, onFailure: (m) => failures.push(m) })
    cleanups.push(() => mirror.destroy())
    const pending = mirror.whenCurrent()
    // The engine's end answers as a failing engine does.
    failing.port2.postMessage({ type: 'failed', message: 'out of memory' })
    await expect(pending).rejects.toBeInstanceOf(RemoteEngineError)
    await expect(mirror.whenCurrent()).rejects.toThrow('The formula engine stopped: out of memory')
    expect(failures).toEqual(['out of memory'])
  })

  it('[FM12] destroy closes the engine end, stops following the doc and refuses reads', async () => {
    const wb = createWorkbook()
    const s = addGridSheet(wb, 'Budget', 2, 1)
    put(wb, s, { A1: 1, A2: '=A1+1' })
    const { mirror, engineClosed } = remoteOf(wb)
    await mirror.whenCurrent()
    const calls = recorder(mirror)
    put(wb, s, { A1: 5 })
    const pending = mirror.whenCurrent()
    mirror.destroy()
    await expect(pending).rejects.toBeInstanceOf(MirrorDestroyedError)
    await engineClosed
    expect(calls).toEqual([])
    expect(() => valueAt(mirror, wb, s, 'A2')).toThrow(MirrorDestroyedError)
    expect(() => mirror.getSheetValues(s)).toThrow(MirrorDestroyedError)
    await expect(mirror.whenCurrent()).rejects.toBeInstanceOf(MirrorDestroyedError)
    mirror.destroy()
  })
})
