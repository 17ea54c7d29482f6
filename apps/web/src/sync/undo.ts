import { observeWorkbook, Origin, undoScope, type Workbook } from '@samplan/domain'
import * as Y from 'yjs'

export interface Undo {
  undo(): void
  redo(): void
  /** Ends the current undo step: the next change is undone on its own, however soon it follows. */
  separate(): void
  destroy(): void
}

/**
 * Per-user undo: only transactions with this client's LocalEdit origin are
 * tracked, so Ctrl+Z never undoes a colleague's edit (their changes arrive
 * with the provider as origin).
 */
export function createUndo(wb: Workbook): Undo {
  const manager = new Y.UndoManager(undoScope(wb), {
    trackedOrigins: new Set([Origin.LocalEdit]),
    captureTimeout: 300,
  })
  const stop = observeWorkbook(wb, (change) => {
    if (change.sheetsChanged) manager.addToScope(undoScope(wb))
  })
  return {
    undo: () => void manager.undo(),
    redo: () => void manager.redo(),
    separate: () => manager.stopCapturing(),
    destroy() {
      stop()
      manager.destroy()
    },
  }
}
