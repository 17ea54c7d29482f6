import { getCellInput, getSheetGrid, isFormula, listSheets, openWorkbook, type CellRef, type Workbook } from '@samplan/domain'
import { createWorkbookMirror, type WorkbookMirror } from '../mirror/workbook-mirror'
import type { ChangedValue, FromEngine, MessagePortLike, SheetValues, ToEngine } from './messages'
import type { YjsCalls } from './yjs-calls'

/**
 * The engine's end of a remote mirror (runs in a Web Worker): keeps a replica of the page's Y.Doc from the
 * messages on `port`; on `build` mirrors it with `createWorkbookMirror` and answers with every formula
 * cell's value, then each update with the cells it changed. `Y` is the app's Yjs; `onClose` runs
 * after the page said `close` (a worker closes itself there).
 */
export function hostWorkbookMirror(port: MessagePortLike, Y: YjsCalls, onClose: () => void = () => {}): void {
  const doc = new Y.Doc()
  let mirror: WorkbookMirror | undefined
  let changed: CellRef[] = []
  // The last update applied: the page's sequence number, 0 for the opening state.
  let applied = 0
  const post = (message: FromEngine) => port.postMessage(message)

  function build(): void {
    if (mirror) return
    const workbook = openWorkbook(doc)
    const built = createWorkbookMirror(workbook)
    mirror = built
    built.onRecalculated((cells) => {
      changed.push(...cells)
    })
    post({ type: 'ready', seq: applied, sheets: formulaValues(workbook, built) })
  }

  port.onmessage = (event) => {
    const message = event.data as ToEngine
    try {
      switch (message.type) {
        case 'open':
          Y.applyUpdate(doc, message.state)
          return
        case 'update': {
          changed = []
          Y.applyUpdate(doc, message.update)
          applied = message.seq
          // Before the build the doc only catches up; the build answers for all of it.
          const current = mirror
          if (!current) return
          const values: ChangedValue[] = changed.map(({ sheetId, rowId, colId }) => [
            sheetId,
            rowId,
            colId,
            current.getValue(sheetId, rowId, colId),
          ])
          changed = []
          post({ type: 'applied', seq: message.seq, changed: values })
          return
        }
        case 'build':
          build()
          return
        case 'close':
          port.onmessage = null
          mirror?.destroy()
          doc.destroy()
          onClose()
      }
    } catch (err) {
      post({ type: 'failed', message: err instanceof Error ? err.message : String(err) })
    }
  }
}

/** Every formula cell's value; the page reads the other cells' values from the inputs in its own doc. */
function formulaValues(workbook: Workbook, mirror: WorkbookMirror): SheetValues[] {
  return listSheets(workbook).map(({ id: sheetId }) => {
    const { rowIds, colIds } = getSheetGrid(workbook, sheetId)
    const cells: SheetValues['cells'] = []
    rowIds.forEach((rowId, row) => {
      colIds.forEach((colId, col) => {
        if (isFormula(getCellInput(workbook, sheetId, rowId, colId))) cells.push([row, col, mirror.getValue(sheetId, rowId, colId)])
      })
    })
    return { sheetId, rows: rowIds, cols: colIds, cells }
  })
}
