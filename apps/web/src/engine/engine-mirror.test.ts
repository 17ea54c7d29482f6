import { addSheet, formulaFromA1, getSheetGrid, insertRows, openWorkbook, setCells, type CellRef } from '@samplan/domain'
import { hostWorkbookMirror, type MessagePortLike } from '@samplan/formulas'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createWorkerMirror, type EngineWorker } from './engine-mirror'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function budget() {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Blad1', kind: 'generic', columns: [{ label: 'Belopp', type: 'number', editable: 'ekonom' }] })
  insertRows(wb, sheetId, 0, 2)
  const { rowIds, colIds } = getSheetGrid(wb, sheetId)
  const a1 = { rowId: rowIds[0]!, colId: colIds[0]! }
  const a2 = { rowId: rowIds[1]!, colId: colIds[0]! }
  setCells(wb, sheetId, [
    { ...a1, input: 2 },
    { ...a2, input: formulaFromA1(wb, sheetId, '=A1*3') },
  ])
  return { wb, sheetId, a1, a2 }
}

/** A worker's page end over a real MessageChannel: the far port is the worker's scope. */
function channelWorker(): { worker: EngineWorker; far: MessagePort; terminated: () => boolean; failScript: (message: string) => void } {
  const { port1, port2 } = new MessageChannel()
  let terminated = false
  const errorListeners: ((event: { message: string }) => void)[] = []
  const worker: EngineWorker = {
    postMessage: (message) => port1.postMessage(message),
    get onmessage() {
      return port1.onmessage as MessagePortLike['onmessage']
    },
    set onmessage(handler) {
      port1.onmessage = handler as typeof port1.onmessage
    },
    terminate: () => {
      terminated = true
      port1.close()
    },
    addEventListener: (_type, listener) => errorListeners.push(listener),
  }
  cleanups.push(() => {
    port1.close()
    port2.close()
  })
  return { worker, far: port2, terminated: () => terminated, failScript: (message) => errorListeners.forEach((l) => l({ message })) }
}

describe('createWorkerMirror', () => {
  it('[FM9] computes in the worker while it works', async () => {
    const { wb, sheetId, a2 } = budget()
    const { worker, far, terminated } = channelWorker()
    hostWorkbookMirror(far as unknown as MessagePortLike, Y)
    const mirror = createWorkerMirror(wb, worker)
    cleanups.push(() => mirror.destroy())
    await mirror.whenCurrent()
    expect(mirror.runsOn).toBe('worker')
    expect(mirror.getValue(sheetId, a2.rowId, a2.colId)).toEqual({ value: 6 })
    mirror.destroy()
    expect(terminated()).toBe(true)
  })

  it('falls back to the main thread when the engine fails, and every formula cell is read again', async () => {
    const { wb, sheetId, a1, a2 } = budget()
    const { worker, far, terminated } = channelWorker()
    const mirror = createWorkerMirror(wb, worker)
    cleanups.push(() => mirror.destroy())
    const calls: CellRef[][] = []
    mirror.onRecalculated((changed) => calls.push(changed))
    // The engine's answer when it cannot build what it was sent.
    far.postMessage({ type: 'failed', message: 'out of memory' })
    await mirror.whenCurrent()
    expect(mirror.runsOn).toBe('main-thread')
    expect(terminated()).toBe(true)
    expect(mirror.getValue(sheetId, a2.rowId, a2.colId)).toEqual({ value: 6 })
    expect(calls).toEqual([[{ sheetId, ...a2 }]])
    setCells(wb, sheetId, [{ ...a1, input: 5 }])
    expect(mirror.getValue(sheetId, a2.rowId, a2.colId)).toEqual({ value: 15 })
  })

  it('falls back when the worker script fails, once the doc can be shown', async () => {
    const { wb, sheetId, a2 } = budget()
    const { worker, failScript } = channelWorker()
    let shown = () => {}
    const buildWhen = new Promise<void>((resolve) => (shown = resolve))
    const mirror = createWorkerMirror(wb, worker, buildWhen)
    cleanups.push(() => mirror.destroy())
    failScript('Failed to fetch the worker script')
    const current = mirror.whenCurrent()
    expect(mirror.runsOn).toBe('worker')
    shown()
    await current
    expect(mirror.runsOn).toBe('main-thread')
    expect(mirror.getValue(sheetId, a2.rowId, a2.colId)).toEqual({ value: 6 })
  })
})
