import { invalidatePositions } from '../model/positions'
import { nextId, workbookMap, type Workbook, type WorkbookStatus } from '../model/workbook'
import { Origin } from '../origin'

/** Writes title, a new random epoch (unless given) and status 'utkast'. */
export function initWorkbook(wb: Workbook, init: { title: string; epoch?: string }, origin: unknown = Origin.Seed): void {
  wb.doc.transact(() => {
    invalidatePositions(wb)
    const m = workbookMap(wb)
    m.set('title', init.title)
    m.set('epoch', init.epoch ?? `${nextId(wb)}${nextId(wb)}`)
    m.set('status', 'utkast')
  }, origin)
}

/** Sets the workflow status (utkast -> inskickad -> beslutad; any transition is allowed here, rights decide elsewhere). */
export function setWorkbookStatus(wb: Workbook, status: WorkbookStatus, origin: unknown = Origin.LocalEdit): void {
  wb.doc.transact(() => workbookMap(wb).set('status', status), origin)
}

/** Renames the workbook. */
export function setWorkbookTitle(wb: Workbook, title: string, origin: unknown = Origin.LocalEdit): void {
  wb.doc.transact(() => workbookMap(wb).set('title', title), origin)
}
