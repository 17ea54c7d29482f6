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
  /** The mirror's reports of changed values that touch the shown sheet (cells of other sheets are skipped when read). */
  values: Array<readonly CellRef[]>
  /** Other cells whose look changed: comment markers, colleagues' selections. */
  marks: Set<string>
  /** The sheet's comments changed: read which cells carry one again. */
  comments: boolean
  /** Cells beyond those listed may look different (a total's V7 warning): repaint every drawn cell. */
  viewport: boolean
}

export function noChanges(): SheetChanges {
  return { whole: false, inputs: new Set(), values: [], marks: new Set(), comments: false, viewport: false }
}

export function hasChanges(changes: SheetChanges): boolean {
  return changes.whole || changes.viewport || changes.values.length > 0 || changes.marks.size > 0 || changes.inputs.size > 0
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
  for (const c of change.comments) {
    if (c.sheetId !== sheetId) continue
    changes.comments = true
    changes.marks.add(`${c.rowId}:${c.colId}`)
  }
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

/** Keeps the mirror's report of changed values if it touches the shown sheet (read at the frame, not copied now). */
export function addChangedValues(changes: SheetChanges, cells: readonly CellRef[], sheetId: string | undefined): void {
  if (cells.some((cell) => cell.sheetId === sheetId)) changes.values.push(cells)
}

/**
 * The part of the sheet Handsontable has drawn, by visual position: the rendered rows and columns
 * of the main table, plus the frozen rows and columns, which its overlays draw whatever the scroll.
 */
export interface DrawnArea {
  firstRow: number
  lastRow: number
  firstCol: number
  lastCol: number
  frozenRows: number
  frozenCols: number
  /** Rows merged across the sheet (sheet-layout.ts): one cell draws the whole row. */
  spanningRows: ReadonlySet<number>
}

/** Which drawn cells a frame must repaint. */
export interface DrawnChanges {
  /** Visual positions of the changed cells that are drawn, each once. */
  cells: Array<{ row: number; col: number }>
  /**
   * Repaint every drawn cell instead: a changed cell lies in the frozen corner (drawn four times,
   * of which Handsontable hands out two) or in a row merged across the sheet.
   */
  viewport: boolean
}

/**
 * The changed cells (inputs, values, marks) that are drawn now. Cells outside the area
 * need nothing: Handsontable draws them from its data and the renderer when they are scrolled in.
 */
export function drawnChanges(changes: SheetChanges, shown: IndexedSheet, area: DrawnArea): DrawnChanges {
  const width = shown.grid.colIds.length
  const seen = new Set<number>()
  const cells: DrawnChanges['cells'] = []
  let viewport = false
  const add = (rowId: string, colId: string) => {
    const row = shown.rows.get(rowId)
    const col = shown.cols.get(colId)
    if (row === undefined || col === undefined) return
    const frozenRow = row < area.frozenRows
    const frozenCol = col < area.frozenCols
    if (!(frozenRow || (row >= area.firstRow && row <= area.lastRow))) return
    if (!(frozenCol || (col >= area.firstCol && col <= area.lastCol))) return
    if ((frozenRow && frozenCol) || area.spanningRows.has(row)) viewport = true
    const at = row * width + col
    if (seen.has(at)) return
    seen.add(at)
    cells.push({ row, col })
  }
  for (const key of changes.inputs) {
    const { rowId, colId } = cellIds(key)
    add(rowId, colId)
  }
  for (const key of changes.marks) {
    const { rowId, colId } = cellIds(key)
    add(rowId, colId)
  }
  const sheetId = shown.grid.sheet.id
  for (const report of changes.values) for (const cell of report) if (cell.sheetId === sheetId) add(cell.rowId, cell.colId)
  return { cells, viewport }
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
