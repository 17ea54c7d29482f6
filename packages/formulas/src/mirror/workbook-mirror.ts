import { listSheets, observeWorkbook, type CellRef, type Workbook, type WorkbookChange } from '@samplan/domain'
import { MirrorDestroyedError } from '../errors'
import { registerSamplanFunctions } from '../register'
import { EMPTY_COMPUTED, toCellComputed, type CellComputed } from './computed'
import { MirrorEngine } from './mirror-engine'
import { nameKey, SheetTable } from './sheet-table'

/** Computed values of a workbook, kept in step with its Y.Doc. */
export interface WorkbookMirror {
  /** The computed value of a cell; empty for unknown sheets, rows or columns. Throws MirrorDestroyedError. */
  getValue(sheetId: string, rowId: string, colId: string): CellComputed
  /** Every cell of a sheet by current row/column position; [] for an unknown sheet. Throws MirrorDestroyedError. */
  getSheetValues(sheetId: string): CellComputed[][]
  /** Calls `listener` after each applied transaction with the cells whose value changed; returns the unsubscribe. */
  onRecalculated(listener: (changed: CellRef[]) => void): () => void
  /** Stops following the doc and frees the engine. */
  destroy(): void
}

/**
 * Mirrors a workbook into a HyperFormula instance and follows its Y.Doc: each transaction becomes one
 * HyperFormula batch (structure first, then the changed cells). Computed values never go into the doc.
 * The sheet table (sheet-table.ts) maps ids to engine positions; the engine and its writes live in
 * mirror-engine.ts; this function follows the doc and answers reads.
 * @example
 * const mirror = createWorkbookMirror(workbook)
 * mirror.onRecalculated((cells) => grid.refresh(cells))
 * mirror.getValue(sheetId, rowId, colId) // { value: 24990 }
 */
export function createWorkbookMirror(workbook: Workbook): WorkbookMirror {
  registerSamplanFunctions()
  const listeners = new Set<(changed: CellRef[]) => void>()
  const table = new SheetTable()
  const engine = new MirrorEngine(workbook, table)
  let destroyed = false

  /**
   * Whether sheet names are or were ambiguous: concurrent edits can leave two sheets with one name for a
   * while. Formulas then name a sheet the engine cannot tell apart, and which one gets the plain name
   * decides values, so the mirror rebuilds (as a fresh build would) until names are unique again.
   */
  function namesAmbiguous(): boolean {
    if (table.hasRenamedDuplicates()) return true
    const names = listSheets(workbook).map((s) => nameKey(s.name))
    return new Set(names).size !== names.length
  }

  function onChange(change: WorkbookChange): void {
    if (onlyComments(change)) return
    let changed: CellRef[]
    try {
      changed = change.sheetsChanged && namesAmbiguous() ? engine.rebuild() : table.changedCells(engine.apply(change))
    } catch {
      // The engine refused an incremental step: rebuild from the doc, which is always right.
      changed = engine.rebuild()
    }
    if (changed.length === 0) return
    for (const listener of [...listeners]) listener(changed)
  }

  const unobserve = observeWorkbook(workbook, onChange)

  function alive(): void {
    if (destroyed) throw new MirrorDestroyedError()
  }

  return {
    getValue(sheetId, rowId, colId) {
      alive()
      const sheet = table.get(sheetId)
      const at = sheet && table.position(sheet, rowId, colId)
      return at === undefined ? EMPTY_COMPUTED : toCellComputed(engine.hyperFormula.getCellValue(at))
    },
    getSheetValues(sheetId) {
      alive()
      const sheet = table.get(sheetId)
      if (!sheet) return []
      const values = engine.hyperFormula.getSheetValues(sheet.hfId)
      return sheet.rows.map((_rowId, row) =>
        sheet.cols.map((_colId, col) => {
          const value = values[row]?.[col]
          return value === undefined ? EMPTY_COMPUTED : toCellComputed(value)
        }),
      )
    },
    onRecalculated(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      unobserve()
      listeners.clear()
      engine.destroy()
    },
  }
}

/**
 * Whether a change holds nothing but comments. Comments never change a value, and even an empty batch
 * makes HyperFormula recompute volatile functions (RAND, NOW), so such a change never reaches the engine.
 */
function onlyComments(change: WorkbookChange): boolean {
  return (
    change.comments.length > 0 &&
    !change.sheetsChanged &&
    !change.infoChanged &&
    change.structure.length === 0 &&
    change.cells.length === 0 &&
    change.specsChanged.length === 0 &&
    change.notesChanged.length === 0
  )
}
