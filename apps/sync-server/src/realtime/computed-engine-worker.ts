import { getCellInput, getSheetGrid, isFormula, listSheets, openWorkbook, type Api, type Workbook } from '@samplan/domain'
import { createWorkbookMirror, type WorkbookMirror } from '@samplan/formulas'
import { parentPort } from 'node:worker_threads'
import * as Y from 'yjs'
import { answeredSheet, changedSince, type AnsweredSheet } from './computed-engine-diff'
import type { EngineReply, EngineRequest } from './computed-engine-messages'

/**
 * The formula engines of the rooms one server asked for values, on a thread of their own
 * (computed-engine.ts starts it): per workbook a replica of the room's doc with a WorkbookMirror
 * over it. Messages are handled one at a time in the order posted, so a `values` request sees every
 * update posted before it, and a room's build delays the other rooms' answers only by its own length.
 */
interface Engine {
  doc: Y.Doc
  workbook: Workbook
  mirror: WorkbookMirror
  /** Each sheet's last answer, so the next ask `since` it gets only what changed. */
  answered: Map<string, AnsweredSheet>
}

/** Each room's engine, or why it cannot answer (a build or an update that threw). */
const engines = new Map<string, Engine | { broken: string }>()

function build(state: Uint8Array): Engine {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  const workbook = openWorkbook(doc)
  return { doc, workbook, mirror: createWorkbookMirror(workbook), answered: new Map() }
}

function drop(workbookId: string): void {
  const engine = engines.get(workbookId)
  engines.delete(workbookId)
  if (engine && 'doc' in engine) {
    engine.mirror.destroy()
    engine.doc.destroy()
  }
}

/** The formula cells of a sheet (of its first `firstRows` rows, when given) with their values, by position. */
function sheetValues({ doc, workbook, mirror }: Engine, sheetId: string | null, firstRows?: number): Api.ComputedSheet | null {
  const id = sheetId ?? listSheets(workbook)[0]?.id
  if (id === undefined || !listSheets(workbook).some((s) => s.id === id)) return null
  const grid = getSheetGrid(workbook, id)
  const rows = firstRows === undefined ? grid.rowIds : grid.rowIds.slice(0, firstRows)
  const cells: Api.ComputedSheet['cells'] = []
  rows.forEach((rowId, r) => {
    grid.colIds.forEach((colId, c) => {
      if (isFormula(getCellInput(workbook, id, rowId, colId))) cells.push([r, c, mirror.getValue(id, rowId, colId)])
    })
  })
  return {
    sheetId: id,
    stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('base64'),
    rows,
    cols: grid.colIds,
    cells,
  }
}

function handle(message: EngineRequest): EngineReply | null {
  switch (message.kind) {
    case 'open':
      drop(message.workbookId)
      try {
        engines.set(message.workbookId, build(message.state))
      } catch (err) {
        engines.set(message.workbookId, { broken: `the build failed: ${(err as Error).message}` })
      }
      return { kind: 'done', id: message.id }
    case 'updates': {
      const engine = engines.get(message.workbookId)
      if (!engine || !('doc' in engine)) return { kind: 'done', id: message.id }
      try {
        // One transaction: the mirror recalculates once for the batch.
        engine.doc.transact(() => {
          for (const update of message.updates) Y.applyUpdate(engine.doc, update)
        })
      } catch (err) {
        drop(message.workbookId)
        engines.set(message.workbookId, { broken: `an update failed: ${(err as Error).message}` })
      }
      return { kind: 'done', id: message.id }
    }
    case 'values': {
      const engine = engines.get(message.workbookId)
      if (!engine) return { kind: 'values', id: message.id, ok: false, message: 'the engine has no document' }
      if (!('doc' in engine)) return { kind: 'values', id: message.id, ok: false, message: engine.broken }
      try {
        const sheet = sheetValues(engine, message.sheetId, message.firstRows)
        // A window of the sheet is never a sheet's last answer: a `since` against it would miss the rest.
        if (!sheet || message.firstRows !== undefined) return { kind: 'values', id: message.id, ok: true, sheet }
        const before = engine.answered.get(sheet.sheetId)
        engine.answered.set(sheet.sheetId, answeredSheet(sheet))
        const since = before && message.since !== undefined && before.stateVector === message.since ? before : null
        return { kind: 'values', id: message.id, ok: true, sheet: since ? changedSince(since, sheet) : sheet }
      } catch (err) {
        return { kind: 'values', id: message.id, ok: false, message: (err as Error).message }
      }
    }
    case 'close':
      drop(message.workbookId)
      return null
    case 'hosted':
      return { kind: 'hosted', id: message.id, workbookIds: [...engines.keys()] }
  }
}

parentPort?.on('message', (message: EngineRequest) => {
  const reply = handle(message)
  if (reply) parentPort?.postMessage(reply)
})
