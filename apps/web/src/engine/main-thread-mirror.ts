import type { Workbook } from '@samplan/domain'
import { createWorkbookMirror, MirrorDestroyedError } from '@samplan/formulas'
import { ENGINE_READY_MARK, type EngineMirror, markFormulasLive } from './engine-mirror'

/** HyperFormula on the main thread, every value current as soon as a transaction ends (the design before the worker). */
export function mainThreadMirror(workbook: Workbook): EngineMirror {
  const mirror = createWorkbookMirror(workbook)
  performance.mark(ENGINE_READY_MARK)
  markFormulasLive()
  let destroyed = false
  return {
    runsOn: 'main-thread',
    ready: true,
    getValue: mirror.getValue,
    getSheetValues: mirror.getSheetValues,
    onRecalculated: mirror.onRecalculated,
    whenCurrent: () => (destroyed ? Promise.reject(new MirrorDestroyedError()) : Promise.resolve()),
    seed: () => false,
    destroy() {
      destroyed = true
      mirror.destroy()
    },
  }
}
