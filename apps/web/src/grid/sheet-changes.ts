import type { CellRef, SheetGrid, WorkbookChange } from '@samplan/domain'

/** The shown sheet with each row's and column's position by id. */
export interface IndexedSheet {
  grid: SheetGrid
  rows: Map<string, number>
  cols: Map<string, number>
}

export function indexSheet(grid: SheetGrid): IndexedSheet {
  return { grid, rows: new Map(grid.rowIds.map((id, i) => [id, i])), cols: new Map(grid.colIds.map((id, i) => [id, i])) }
}

/** What the shown sheet needs at the next frame: a whole reload, or just these cells (`rowId:colId`). */
export interface SheetChanges {
  /** Rows, columns, specs, sheets or the workbook's status changed: reload the sheet and its layout. */
  whole: boolean
  /** Cells whose input changed: their editor texts. */
  inputs: Set<string>
  /** Computed values of the sheet changed (cells read them from the engine when drawn). */
  values: boolean
  /** The sheet's comment markers changed. */
  comments: boolean
}

export function noChanges(): SheetChanges {
  return { whole: false, inputs: new Set(), values: false, comments: false }
}

export function hasChanges(changes: SheetChanges): boolean {
  return changes.whole || changes.values || changes.comments || changes.inputs.size > 0
}

/**
 * Adds one transaction's effect on the shown sheet. Anything that moves cells, changes how the
 * sheet is laid out or who may edit it asks for a whole reload; so does an input in a section
 * row, whose title spans the sheet only while the rest of the row is empty (sheet-layout.ts).
 */
export function addWorkbookChange(changes: SheetChanges, change: WorkbookChange, shown: IndexedSheet | undefined): void {
  if (!shown) {
    changes.whole = true
    return
  }
  const { grid } = shown
  const sheetId = grid.sheet.id
  if (
    change.sheetsChanged ||
    change.infoChanged ||
    change.structure.some((s) => s.sheetId === sheetId) ||
    change.specsChanged.includes(sheetId) ||
    change.notesChanged.includes(sheetId)
  ) {
    changes.whole = true
    return
  }
  if (change.comments.some((c) => c.sheetId === sheetId)) changes.comments = true
  for (const cell of change.cells) {
    if (cell.sheetId !== sheetId) continue
    const at = shown.rows.get(cell.rowId)
    const row = at === undefined ? undefined : grid.rows[at]
    if (!row || !shown.cols.has(cell.colId) || row.kind === 'section') {
      changes.whole = true
      return
    }
    changes.inputs.add(`${cell.rowId}:${cell.colId}`)
  }
}

/** Notes whether the mirror's report of changed values touches the shown sheet. */
export function addChangedValues(changes: SheetChanges, cells: readonly CellRef[], sheetId: string | undefined): void {
  if (!changes.values) changes.values = cells.some((cell) => cell.sheetId === sheetId)
}

/** Splits a `rowId:colId` key (ids never contain a colon). */
export function cellIds(key: string): { rowId: string; colId: string } {
  const at = key.indexOf(':')
  return { rowId: key.slice(0, at), colId: key.slice(at + 1) }
}

/**
 * localStorage key that makes the grid reload the whole sheet on every change, as it did before
 * cell-only changes were applied alone: the repaint benchmark measures both ways with one build.
 */
export const WHOLE_RELOAD_KEY = 'samplan:grid-whole-reload'

export function wholeReloadRequested(): boolean {
  try {
    return globalThis.localStorage?.getItem(WHOLE_RELOAD_KEY) === '1'
  } catch {
    // Storage may be refused (privacy settings): the incremental path is the default anyway.
    return false
  }
}
