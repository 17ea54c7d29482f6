import Handsontable from 'handsontable/base'
import { AutoColumnSize } from 'handsontable/plugins/autoColumnSize'
import { Autofill } from 'handsontable/plugins/autofill'
import { ContextMenu } from 'handsontable/plugins/contextMenu'
import { CopyPaste } from 'handsontable/plugins/copyPaste'
import { DragToScroll } from 'handsontable/plugins/dragToScroll'
import { ManualColumnResize } from 'handsontable/plugins/manualColumnResize'
import { MergeCells } from 'handsontable/plugins/mergeCells'
import { MultipleSelectionHandles } from 'handsontable/plugins/multipleSelectionHandles'
import { registerPlugin } from 'handsontable/plugins/registry'
import { TouchScroll } from 'handsontable/plugins/touchScroll'
import { baseRenderer } from 'handsontable/renderers/baseRenderer'
import { mainTheme, registerTheme } from 'handsontable/themes'
import {
  columnLetters,
  commentedCells,
  getCellInput,
  getSheetGrid,
  observeWorkbook,
  renderInput,
  validateInput,
  type SheetGrid,
  type Workbook,
} from '@samplan/domain'
import type { CellComputed, WorkbookMirror } from '@samplan/formulas'
import type { Peer } from '../sync/presence'
import { AfterPaint } from './after-paint'
import { CellAnnouncer } from './cell-announcer'
import { CellHint } from './cell-hint'
import { paintCell } from './cell-paint'
import { cellText, cellView, type CellView, type ScenarioMarks } from './cell-view'
import { commitEdits } from './commit-edits'
import { EditConflicts } from './edit-conflicts'
import { editorField, FormulaEditorHelp } from './formula-entry'
import type { GridOptions } from './grid-options'
import { GridFormulas } from './grid-formulas'
import { gridSettings, undoRedoKey, type GridEvents, type RendererArgs } from './hot-settings'
import { changedPeerCells, peersByCell, peerCellKey } from './peer-cells'
import { ReferencePicking, type PickTarget } from './reference-picking'
import { RefusedEdits, typesCharacter, type RefusedCell } from './refused-edits'
import { RowBand } from './row-band'
import {
  addChangedValues,
  addWorkbookChange,
  cellIds,
  drawnChanges,
  hasChanges,
  indexSheet,
  noChanges,
  wholeReloadRequested,
  type DrawnArea,
  type IndexedSheet,
  type SheetChanges,
} from './sheet-changes'
import { editorTexts, sameIds, sheetLayout } from './sheet-layout'
import { runStructureCommand, type StructureCommand } from './structure-commands'

export type { GridNoticeLabels, GridOptions, SelectedCell } from './grid-options'
export type { PickTarget } from './reference-picking'
export type { StructureLabels } from './hot-settings'

// Only the plugins the grid's settings turn on (hot-settings.ts, clipboard.ts) or Handsontable enables by
// default; the text cell type comes with handsontable/base. Registering every module would ship 1.46 MB.
for (const plugin of [
  AutoColumnSize,
  Autofill,
  ContextMenu,
  CopyPaste,
  DragToScroll,
  ManualColumnResize,
  MergeCells,
  MultipleSelectionHandles,
  TouchScroll,
]) {
  registerPlugin(plugin)
}
const theme = registerTheme(mainTheme)

/**
 * Handsontable as a view of one sheet of the Yjs workbook. Yjs is the source
 * of truth: edits go to the domain as operations, and the grid re-reads the
 * doc (batched to one update per frame) when anything changes, local or remote.
 * How a cell looks is decided by `cellView`; the notices beside cells, formulas,
 * the clipboard and the context menu's commands live in their own modules.
 */
export class WorkbookGrid {
  private readonly hot: Handsontable
  private grid: SheetGrid | undefined
  /** The shown sheet's positions by id, and the editor texts Handsontable shows it with (its data, by reference). */
  private shown: IndexedSheet | undefined
  private texts: string[][] = []
  /** Rows merged across the shown sheet (sheet-layout.ts). */
  private spanningRows = new Set<number>()
  /** What changed since the last frame (sheet-changes.ts). */
  private changes: SheetChanges = noChanges()
  /** Reload the whole sheet on every change, as before (for the repaint benchmark's comparison). */
  private readonly reloadWhole = wholeReloadRequested()
  private sheetId: string | undefined
  private frame = 0
  /** The selected cell by ids, so the selection follows its cell when rows or columns move. */
  private selectedIds: { rowId: string; colId: string } | undefined
  /** Frame watching for the editor to close, after remote changes arrived while it was open. */
  private editorWatch = 0
  /** `rowId:colId` of the cells of this sheet that carry comments. */
  private commented = new Set<string>()
  /** Other people's selected cells (peer-cells.ts). */
  private peers = new Map<string, Peer[]>()
  /** The open scenario's changed and moved cells (none while no scenario is open). */
  private scenarioMarks: ScenarioMarks | null = null
  /** Notices beside a cell: why an edit was refused; a colleague's change to the cell I am editing. */
  private readonly refused: RefusedEdits
  private readonly conflicts: EditConflicts
  private readonly hint: CellHint
  /** Says the selected cell to screen readers (cell-announcer.ts); made once Handsontable has drawn its root. */
  private announcer: CellAnnouncer | undefined
  /** Copy, paste and fill that move references; formulas refused at entry; error and V7 hints. */
  private readonly formulas: GridFormulas
  /** Function names and argument hints in the cell editor; clicks on cells that write references into a formula. */
  private readonly formulaHelp: FormulaEditorHelp
  private readonly picking: ReferencePicking
  /** Rows drawn below and above the view, refilled when idle (row-band.ts). */
  private readonly band: RowBand
  private readonly stops: Array<() => void> = []
  /** Where each sheet was scrolled to, so switching back shows the same place (a new sheet starts top-left). */
  private readonly scrolled = new Map<string, { top: number; left: number }>()
  /** What a selection move or an edit tells the rest of the page, once the grid's frame is painted (after-paint.ts). */
  private readonly later = new AfterPaint()
  /** The cell the page was last told is selected: its hint shows when the selection reaches another cell. */
  private reportedIds: { rowId: string; colId: string } | undefined
  /** An edit from the cell editor is being applied: Handsontable's next draw of the whole viewport may leave out the cells. */
  private skipEditDraw = false

  constructor(
    private readonly container: HTMLElement,
    private readonly workbook: Workbook,
    private readonly mirror: WorkbookMirror,
    private readonly options: GridOptions,
  ) {
    const noticeHost = container.parentElement ?? container
    this.refused = new RefusedEdits(noticeHost, () => options.notices.refused)
    this.hint = new CellHint(noticeHost, () => options.notices.refused.close)
    this.conflicts = new EditConflicts(noticeHost, workbook, {
      locale: options.locale,
      labels: () => options.notices.conflict,
      isEditorOpen: () => this.editorOpen(),
      takeTheirs: () => {
        this.hot.getActiveEditor()?.finishEditing(true)
        this.hot.listen()
      },
      keepMine: () => this.hot.getActiveEditor()?.focus(),
      onOverwritten: (sheetId, rowId, colId) => {
        if (sheetId === this.sheetId && !this.editorOpen()) this.showHint(rowId, colId)
      },
    })
    this.hot = new Handsontable(container, gridSettings(this.events(), options.licenseKey, options.labels, theme))
    this.announcer = new CellAnnouncer(noticeHost, this.hot.rootWrapperElement, () => options.announcements)
    this.formulas = new GridFormulas(this.hot, noticeHost, workbook, mirror, {
      locale: options.locale,
      grid: () => this.grid,
      canEdit: options.canEdit,
      labels: () => options.formulaLabels,
      // Text typed or removed may add or drop a total's V7 warning (domain SPEC V7) where no value changed.
      sumsChanged: () => {
        this.changes.viewport = true
        this.schedule()
      },
    })
    this.formulaHelp = new FormulaEditorHelp(this.hot, options.locale, () => options.formulaLabels)
    this.picking = new ReferencePicking(
      this.hot,
      () => this.grid && { sheetId: this.grid.sheet.id, name: this.grid.sheet.name },
      options.locale,
    )
    this.band = new RowBand(this.hot)
    this.follow()
  }

  showSheet(sheetId: string): void {
    const holder = this.scrollHolder()
    if (this.sheetId && holder) this.scrolled.set(this.sheetId, { top: holder.scrollTop, left: holder.scrollLeft })
    this.sheetId = sheetId
    this.refused.hide()
    this.hint.hide()
    this.refresh()
    this.hot.deselectCell()
    const back = this.scrolled.get(sheetId) ?? { top: 0, left: 0 }
    if (holder) {
      holder.scrollTop = back.top
      holder.scrollLeft = back.left
    }
  }

  /** Selects a cell of the shown sheet by position and scrolls it into view; false when the sheet has no such cell. */
  selectCell(row: number, col: number): boolean {
    const grid = this.grid
    if (!grid || row < 0 || col < 0 || row >= grid.rowIds.length || col >= grid.colIds.length) return false
    this.hot.selectCell(row, col)
    return true
  }

  /** Selects a cell and scrolls it into view, leaving the keyboard where it is (search moves on from its box). */
  revealCell(row: number, col: number): boolean {
    const grid = this.grid
    if (!grid || row < 0 || col < 0 || row >= grid.rowIds.length || col >= grid.colIds.length) return false
    this.hot.selectCell(row, col, row, col, true, false)
    return true
  }

  /** Gives the keyboard back to the grid, on its selected cell. */
  focus(): void {
    this.hot.listen()
    this.hot.getFocusManager().focusOnHighlightedCell()
  }

  /** While the formula bar has the focus, clicks on cells write references into it (null: it lost the focus). */
  pickReferencesInto(target: PickTarget | null): void {
    this.picking.pickInto(target)
  }

  /** The last selected rectangle by grid position (for a chart over the selection), or null when nothing is selected. */
  selectedRect(): { top: number; left: number; bottom: number; right: number } | null {
    const range = this.hot.getSelectedRangeLast()
    if (!range) return null
    const from = range.getTopStartCorner()
    const to = range.getBottomEndCorner()
    if (from.row === null || from.col === null || to.row === null || to.col === null) return null
    return { top: Math.max(0, from.row), left: Math.max(0, from.col), bottom: to.row, right: to.col }
  }

  /** Copies the selection as Ctrl+C does (the clipboard module decides what the clipboard gets); for the Redigera menu. */
  copySelection(): void {
    if (this.hot.getSelectedRangeLast()) this.hot.getPlugin('copyPaste').copy()
  }

  /** A row or column command from the app's menus, on the selection, as the context menu runs it. */
  runStructureCommand(command: StructureCommand): void {
    this.structure(command)
  }

  /** The scrolling element of Handsontable's main table. */
  private scrollHolder(): HTMLElement | null {
    return this.container.querySelector<HTMLElement>('.ht_master .wtHolder')
  }

  /** Draws other people's selections at the next frame, on the cells they left or came to; kept by stable ids so they follow row inserts. */
  setPeers(peers: readonly Peer[]): void {
    const before = this.peers
    this.peers = peersByCell(peers)
    this.conflicts.setPeers(peers)
    for (const cell of changedPeerCells(before, this.peers)) {
      if (cell.sheetId === this.sheetId) this.changes.marks.add(`${cell.rowId}:${cell.colId}`)
    }
    if (this.changes.marks.size > 0) this.schedule()
  }

  /** Marks the open scenario's changed cells and the cells it moves (null: no scenario open). */
  setScenarioMarks(marks: ScenarioMarks | null): void {
    if (marks === this.scenarioMarks) return
    this.scenarioMarks = marks
    this.hot.render()
  }

  /**
   * Why the selected cell refuses an edit, beside it (also for keys typed into the formula bar);
   * `character` is added to what the notice keeps. False when the cell may be edited.
   */
  explainRefusal(character?: string): boolean {
    const at = this.hot.getSelectedRangeLast()?.highlight
    const cell = at && at.row !== null && at.col !== null && at.row >= 0 && at.col >= 0 ? this.refusedCell(at.row, at.col) : null
    if (!cell) return false
    if (character) this.refused.typed(cell, character)
    else this.refused.explain(cell)
    return true
  }

  destroy(): void {
    cancelAnimationFrame(this.frame)
    cancelAnimationFrame(this.editorWatch)
    this.later.destroy()
    for (const stop of this.stops.splice(0)) stop()
    this.refused.destroy()
    this.conflicts.destroy()
    this.hint.destroy()
    this.announcer?.destroy()
    this.formulas.destroy()
    this.formulaHelp.destroy()
    this.picking.destroy()
    this.band.destroy()
    this.hot.destroy()
  }

  /** Handsontable's hooks, as this grid's methods. */
  private events(): GridEvents {
    return {
      columnHeader: (col) => this.columnHeader(col),
      readOnly: (row, col) => !this.grid || !this.options.canEdit(this.grid, row, col),
      render: (...args) => this.renderCell(...args),
      commit: (changes) => this.commit(changes),
      selected: (row, col) => {
        this.reportSelection(row, col)
        this.later.queue('announce', () => this.announce(row, col))
        this.reportRange()
        const now = this.selectedIds
        this.later.queue('hint', () => {
          // Not when a reload re-selects the same cell (a closed mark stays closed).
          const before = this.reportedIds
          this.reportedIds = now
          if (now && (before?.rowId !== now.rowId || before.colId !== now.colId)) this.showHint(now.rowId, now.colId)
        })
      },
      deselected: () => {
        this.later.queue('announce', () => this.announcer?.clear())
        this.later.queue('selection', () => this.options.onSelect(null))
        this.later.queue('range', () => this.options.onRangeValues?.([]))
      },
      editApplying: (changes, source) => this.editApplying(changes, source),
      viewDrawing: (skip) => {
        if (this.takeEditDraw()) skip.skipRender = true
      },
      editorOpened: (row, col) => this.editorOpened(row, col),
      pressed: (row, col) => this.pressed(row, col),
      rendered: () => {
        this.announcer?.tidy()
        this.refused.reposition()
        this.conflicts.reposition()
        this.hint.reposition()
      },
      keyDown: (event) => this.keyDown(event),
      structure: (command) => this.structure(command),
      mayChangeStructure: () => this.options.canChangeStructure(),
    }
  }

  /** Redraws on every change to the doc (comment markers included) or the computed values, local or remote, at most once a frame. */
  private follow(): void {
    this.stops.push(
      observeWorkbook(this.workbook, (change) => {
        this.conflicts.changed(change)
        addWorkbookChange(this.changes, change, this.shown)
        this.schedule()
      }),
    )
    this.stops.push(
      this.mirror.onRecalculated((cells) => {
        addChangedValues(this.changes, cells, this.sheetId)
        this.schedule()
      }),
    )
    // A real double click on a cell the user may not change says why (an editable one opens its editor).
    const onDoubleClick = (event: MouseEvent) => {
      const td = event.target instanceof Element ? event.target.closest('td') : null
      const { row, col } = (td ? this.hot.getCoords(td) : null) ?? { row: null, col: null }
      const cell = row !== null && col !== null && row >= 0 && col >= 0 ? this.refusedCell(row, col) : null
      if (cell) this.refused.explain(cell)
    }
    this.container.addEventListener('dblclick', onDoubleClick)
    this.stops.push(() => this.container.removeEventListener('dblclick', onDoubleClick))
    // The grid takes the keys exactly while the focus is in it: Handsontable listens on the whole page
    // and would move its selection on keys meant for the comment box or a menu the keyboard reached,
    // and a dialog that gives the focus back to a cell must give the grid its keys back.
    const onFocusIn = (event: FocusEvent) => {
      if (!(event.target instanceof Node && this.container.contains(event.target))) this.hot.unlisten()
      else if (!this.hot.isListening()) this.hot.listen()
    }
    document.addEventListener('focusin', onFocusIn)
    this.stops.push(() => document.removeEventListener('focusin', onFocusIn))
  }

  private schedule(): void {
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.flush()
    })
  }

  /**
   * Applies what changed since the last frame. Cell-only changes write just those cells' editor
   * texts into Handsontable's data and re-run the renderer on just the changed cells it has drawn
   * (cells scrolled out are drawn from the data when they come into view); anything that moves
   * cells or changes the layout reloads the sheet. The data array is written directly, never
   * through `setSourceDataAtCell`: that also refreshes the closed editor's textarea with the
   * selected cell's text, and the next keystrokes, which open the editor without clearing it, were
   * appended.
   */
  private flush(): void {
    const shown = this.shown
    if (!this.sheetId) return
    if (this.reloadWhole || this.changes.whole || !shown || shown.grid.sheet.id !== this.sheetId) return this.refresh()
    const changes = this.changes
    const editing = this.editorOpen()
    if (!editing) this.conflicts.closed()
    if (!hasChanges(changes)) return
    if (changes.comments) this.commented = commentedCells(this.workbook, this.sheetId)
    let viewport = changes.viewport
    // The open editor keeps its text: the cells are repainted now, their editor texts wait until it closes.
    if (!editing) this.applyInputs(shown, changes)
    const area = this.drawnArea()
    const drawn = area ? drawnChanges(changes, shown, area) : undefined
    viewport ||= !drawn || drawn.viewport || !this.repaintCells(drawn.cells)
    changes.values = []
    changes.marks.clear()
    changes.comments = false
    changes.viewport = false
    if (editing) this.reloadWhenEditorCloses()
    else changes.inputs.clear()
    if (viewport) this.hot.render()
    this.reportRange()
  }

  /** Writes the changed cells' editor texts into the data Handsontable holds. */
  private applyInputs(shown: IndexedSheet, changes: SheetChanges): void {
    const sheetId = shown.grid.sheet.id
    const editor = this.hot.getActiveEditor()
    for (const key of changes.inputs) {
      const { rowId, colId } = cellIds(key)
      const row = shown.rows.get(rowId)
      const col = shown.cols.get(colId)
      const line = row === undefined ? undefined : this.texts[row]
      if (row === undefined || col === undefined || !line) continue
      const text = renderInput(this.workbook, sheetId, getCellInput(this.workbook, sheetId, rowId, colId) ?? null, this.options.locale)
      line[col] = text
      // The closed editor read its cell's text when the cell was selected: F2 and Enter must open with the new one.
      if (editor && editor.row === row && editor.col === col) editor.originalValue = text
    }
  }

  /** What Handsontable has drawn of the sheet (undefined before its first draw). */
  private drawnArea(): DrawnArea | undefined {
    const firstRow = this.hot.getFirstRenderedVisibleRow()
    const lastRow = this.hot.getLastRenderedVisibleRow()
    const firstCol = this.hot.getFirstRenderedVisibleColumn()
    const lastCol = this.hot.getLastRenderedVisibleColumn()
    if (firstRow === null || lastRow === null || firstCol === null || lastCol === null) return undefined
    const settings = this.hot.getSettings()
    return {
      firstRow,
      lastRow,
      firstCol,
      lastCol,
      frozenRows: settings.fixedRowsTop ?? 0,
      frozenCols: settings.fixedColumnsStart ?? 0,
      spanningRows: this.spanningRows,
    }
  }

  /**
   * Re-runs the renderer on the drawn elements of these cells: the main table's and, for a frozen
   * cell, the overlay's on top of it. False when a cell shows or showed text other than a number:
   * text wraps, so its row may change height, which only a draw of the viewport measures.
   */
  private repaintCells(cells: ReadonlyArray<{ row: number; col: number }>): boolean {
    for (const { row, col } of cells) {
      const below = this.hot.getCell(row, col)
      const top = this.hot.getCell(row, col, true)
      const meta = this.hot.getCellMeta(row, col)
      for (const td of top === below ? [below] : [below, top]) {
        if (!td) continue
        if (mayWrap(td.textContent ?? '', td.classList.contains('sp-num'))) return false
        const view = this.renderCell(this.hot, td, row, col, col, this.texts[row]?.[col], meta)
        if (mayWrap(view.text, view.classes.includes('sp-num'))) return false
      }
    }
    return true
  }

  /** The computed value of a cell of the shown sheet, read from the engine when drawn: a recalculation needs only a repaint. */
  private valueAt(row: number, col: number): CellComputed | undefined {
    const grid = this.grid
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    return grid && rowId !== undefined && colId !== undefined ? this.mirror.getValue(grid.sheet.id, rowId, colId) : undefined
  }

  private refresh(): void {
    if (!this.sheetId) return
    const grid = getSheetGrid(this.workbook, this.sheetId)
    if (this.editorOpen()) {
      // The open editor keeps its text and its position: values elsewhere are redrawn now if
      // no row or column moved; the inputs reload when the editor closes.
      if (this.grid && sameIds(grid.rowIds, this.grid.rowIds) && sameIds(grid.colIds, this.grid.colIds)) {
        this.hot.render()
        this.reportRange()
      }
      this.reloadWhenEditorCloses()
      return
    }
    this.conflicts.closed()
    const previous = this.grid
    this.grid = grid
    this.shown = indexSheet(grid)
    this.changes = noChanges()
    this.commented = commentedCells(this.workbook, this.sheetId)
    const inputs = editorTexts(this.workbook, grid, this.options.locale)
    this.texts = inputs
    // Read before the data changes, which re-fires selection hooks at the old position.
    const was = this.selectedIds
    const moved = !previous || !sameIds(previous.rowIds, grid.rowIds) || !sameIds(previous.colIds, grid.colIds)
    // Merges of the rows before go first (they may lie outside the new data), then data and layout
    // in one call: merges declared before their rows exist are dropped with a warning.
    if (moved) this.hot.updateSettings({ mergeCells: [] })
    const layout = sheetLayout(grid, inputs)
    this.spanningRows = new Set(layout.mergeCells.map((merge) => merge.row))
    this.hot.updateSettings({ ...layout, data: inputs.length > 0 ? inputs : [[]] })
    this.keepSelectionOnItsCell(grid, moved ? was : undefined)
    this.reportRange()
  }

  /** The computed values of every selected cell, for the status bar (each cell once, across ranges), after the next paint. */
  private reportRange(): void {
    if (this.options.onRangeValues) this.later.queue('range', () => this.computeRange())
  }

  private computeRange(): void {
    const report = this.options.onRangeValues
    if (!report) return
    const seen = new Set<string>()
    const values: CellComputed[] = []
    for (const range of this.hot.getSelectedRange() ?? []) {
      const from = range.getTopStartCorner()
      const to = range.getBottomEndCorner()
      for (let row = Math.max(0, from.row ?? 0); row <= (to.row ?? -1); row++) {
        for (let col = Math.max(0, from.col ?? 0); col <= (to.col ?? -1); col++) {
          const key = `${row}:${col}`
          if (seen.has(key)) continue
          seen.add(key)
          const value = this.valueAt(row, col)
          if (value) values.push(value)
        }
      }
    }
    report(values)
  }

  /** As in Sheets: when rows or columns move, my selection stays on the cell it was on. */
  private keepSelectionOnItsCell(grid: SheetGrid, was: { rowId: string; colId: string } | undefined): void {
    const [row, col] = this.hot.getSelectedLast() ?? []
    if (row === undefined || col === undefined) return
    const nextRow = was ? grid.rowIds.indexOf(was.rowId) : -1
    const nextCol = was ? grid.colIds.indexOf(was.colId) : -1
    if (nextRow >= 0 && nextCol >= 0 && (nextRow !== row || nextCol !== col)) {
      this.hot.selectCell(nextRow, nextCol, nextRow, nextCol, false)
    } else {
      this.reportSelection(row, col)
    }
  }

  /** Row and column commands from the context menu, on the selection (structure-commands.ts). */
  private structure(command: StructureCommand): void {
    const range = this.hot.getSelectedRangeLast()
    if (!this.grid || !range || !this.options.canChangeStructure()) return
    runStructureCommand(this.workbook, this.grid, range, command)
  }

  /** Beside a cell: why its input is flagged, who wrote over whose value and when (cell-hint.ts). */
  private showHint(rowId: string, colId: string): void {
    const grid = this.grid
    if (!grid) return
    const lines: string[] = []
    const row = grid.rows[grid.rowIds.indexOf(rowId)]
    const column = grid.columns[grid.colIds.indexOf(colId)]
    const input = getCellInput(this.workbook, grid.sheet.id, rowId, colId)
    if (row && column && input !== undefined) {
      const check = validateInput(input, column, row)
      if (!check.ok) lines.push(this.options.locale === 'en' ? check.messageEn : check.message)
    }
    lines.push(...this.formulas.hintLines(grid.sheet.id, rowId, colId, input))
    const mark = this.conflicts.markOf(grid.sheet.id, rowId, colId)
    if (mark) lines.push(mark)
    this.hint.show(`${rowId}:${colId}`, lines, () => this.cellElement(rowId, colId))
  }

  private editorOpened(row: number, col: number): void {
    this.refused.hide()
    this.hint.hide()
    const grid = this.grid
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    if (grid && rowId && colId) this.conflicts.opened(grid.sheet.id, rowId, colId, () => this.cellElement(rowId, colId))
  }

  /** A press elsewhere closes the notices about another cell. */
  private pressed(row: number | null, col: number | null): void {
    const rowId = row === null ? undefined : this.grid?.rowIds[row]
    const colId = col === null ? undefined : this.grid?.colIds[col]
    if (!rowId || !colId || !this.refused.isAbout(rowId, colId)) this.refused.hide()
    if (!rowId || !colId || !this.hint.isAbout(`${rowId}:${colId}`)) this.hint.hide()
  }

  private keyDown(event: KeyboardEvent): void {
    this.explainRefusedKey(event)
    if (this.editorOpen()) return this.drawEnterOnce(event)
    const shortcut = undoRedoKey(event)
    if (!shortcut) return
    if (shortcut === 'undo') this.options.onUndo()
    else this.options.onRedo()
    event.preventDefault()
    event.stopImmediatePropagation()
  }

  /** A key that would change a cell the user may not change: say why, beside it, keeping what was typed. */
  private explainRefusedKey(event: KeyboardEvent): void {
    if (this.editorOpen()) return
    const character = typesCharacter(event)
    if (!character && event.key !== 'F2' && event.key !== 'Delete' && event.key !== 'Backspace') return
    this.explainRefusal(character ? event.key : undefined)
  }

  private refusedCell(row: number, col: number): RefusedCell | null {
    const grid = this.grid
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    // The grid's own rights decide; the reason only explains them.
    if (!grid || !rowId || !colId || this.options.canEdit(grid, row, col)) return null
    const reason = this.options.refusal(grid, row, col) ?? { kind: 'not-allowed' }
    return { rowId, colId, address: `${columnLetters(col)}${row + 1}`, reason, element: () => this.cellElement(rowId, colId) }
  }

  /** The rendered cell of ids (null when scrolled out of view or gone). */
  private cellElement(rowId: string, colId: string): HTMLElement | null {
    const row = this.grid?.rowIds.indexOf(rowId) ?? -1
    const col = this.grid?.colIds.indexOf(colId) ?? -1
    return row >= 0 && col >= 0 ? this.hot.getCell(row, col) : null
  }

  private editorOpen(): boolean {
    return this.hot.getActiveEditor()?.isOpened() ?? false
  }

  /** Handsontable has no "editor closed" hook: check once a frame (Enter, Escape or a click away). */
  private reloadWhenEditorCloses(): void {
    if (this.editorWatch) return
    const check = () => {
      if (this.editorOpen()) this.editorWatch = requestAnimationFrame(check)
      else {
        this.editorWatch = 0
        this.schedule()
      }
    }
    this.editorWatch = requestAnimationFrame(check)
  }

  /**
   * Enter in the cell editor stores the edit, scrolls if needed and moves the selection, and
   * Handsontable draws the grid after each step and measures it in between (the selection, the
   * overlays, the scrollbars, the focus). Drawing is held for the keydown and done once when its
   * handling ends (a microtask), which shows the same. Not for a formula: its validator stores the
   * edit a microtask later itself, and a refused one keeps the editor open.
   *
   * That draw is a fast one (the selection, no cell): the edited cell is repainted at the next frame
   * (`editApplying`), and when the move scrolls, Walkontable itself draws the view whole if the rows
   * reached were not drawn (row-band.ts keeps some drawn below the view).
   */
  private drawEnterOnce(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.altKey || event.ctrlKey || event.metaKey || this.reloadWhole) return
    if (editorField(this.hot)?.value.trimStart().startsWith('=') !== false) return
    this.hot.suspendRender()
    queueMicrotask(() => {
      // A full draw that skips the cells would leave the left cell's highlight on (only a fast draw
      // clears the last one): the selection is drawn as any move draws it, and the edited cell at
      // the next frame (`editApplying`).
      if (this.skipEditDraw) {
        this.skipEditDraw = false
        this.hot.forceFullRender = false
      }
      this.hot.resumeRender()
    })
  }

  /**
   * Whether the draw due now may leave out the cells: an edit from the editor is pending and the view
   * has not scrolled, which it did not if the selected cell was whole in view at the last draw (read
   * from that draw: the scroll position would make the browser lay out the page first).
   */
  private takeEditDraw(): boolean {
    if (!this.skipEditDraw) return false
    this.skipEditDraw = false
    const at = this.hot.getSelectedRangeLast()?.highlight
    if (!at || at.row === null || at.col === null) return false
    const { fixedRowsTop = 0, fixedColumnsStart = 0 } = this.hot.getSettings()
    const shown = (index: number, frozen: number, first: number | null, last: number | null) =>
      index < frozen || (first !== null && last !== null && index >= first && index <= last)
    return (
      shown(at.row, fixedRowsTop, this.hot.getFirstFullyVisibleRow(), this.hot.getLastFullyVisibleRow()) &&
      shown(at.col, fixedColumnsStart, this.hot.getFirstFullyVisibleColumn(), this.hot.getLastFullyVisibleColumn())
    )
  }

  private commit(changes: Handsontable.CellChange[]): void {
    if (!this.grid) return
    const only = commitEdits(this.workbook, this.grid, changes, {
      locale: this.options.locale,
      canEdit: this.options.canEdit,
      written: ({ sheetId, rowId, colId }) => this.conflicts.committed(sheetId, rowId, colId),
    })
    // A value typed into one cell: say what is wrong with it, or whose value it replaced (once the move is painted).
    if (only) this.later.queue('edit-hint', () => this.showHint(only.rowId, only.colId))
  }

  /**
   * Handsontable draws the whole viewport after it stores an edit, every cell's renderer again,
   * which is most of the wait between Enter and the next cell selected. An edit from the cell
   * editor changes only the cells it names: they are repainted at the next frame from the doc, as a
   * colleague's edit is (`flush`), also when the doc refuses the edit, so the cell shows what it
   * holds; a text that may wrap still draws the viewport there.
   */
  private editApplying(changes: readonly Handsontable.CellChange[], source: string): void {
    const grid = this.grid
    if (source !== 'edit' || !grid || this.reloadWhole) return
    for (const [row, prop] of changes) {
      const rowId = grid.rowIds[row]
      const colId = grid.colIds[typeof prop === 'number' ? prop : Number(prop)]
      if (rowId === undefined || colId === undefined) return
      this.changes.inputs.add(`${rowId}:${colId}`)
    }
    this.skipEditDraw = true
    // The draw that follows comes in this task (or, for an Enter, when its held drawing resumes, a
    // microtask queued before this one); a later draw is not this edit's.
    queueMicrotask(() => {
      this.skipEditDraw = false
    })
    this.schedule()
  }

  /** Keeps the selected cell's ids at once; the page (formula bar, side panel, address, presence) hears of it after the next paint. */
  private reportSelection(row: number, col: number): void {
    const grid = this.grid
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    this.selectedIds = rowId !== undefined && colId !== undefined ? { rowId, colId } : undefined
    const cell =
      grid && rowId !== undefined && colId !== undefined
        ? { sheetId: grid.sheet.id, rowId, colId, address: `${columnLetters(col)}${row + 1}` }
        : null
    this.later.queue('selection', () => this.options.onSelect(cell))
  }

  /** The selected cell for screen readers: its address, the value as the cell shows it, and whether it is locked. */
  private announce(row: number, col: number): void {
    const grid = this.grid
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    if (!grid || rowId === undefined || colId === undefined) return this.announcer?.clear()
    const input = getCellInput(this.workbook, grid.sheet.id, rowId, colId)
    const text = cellText(this.valueAt(row, col), grid.columns[col], grid.rows[row], input, this.options.locale)
    this.announcer?.announce(`${columnLetters(col)}${row + 1}`, text, !this.options.canEdit(grid, row, col))
  }

  private columnHeader(index: number): string {
    const unit = this.grid?.columns[index]?.unit
    const letter = columnLetters(index)
    return unit ? `${letter} · ${unit}` : letter
  }

  /** Handsontable's renderer: its base drawing, then what `cellView` decides (returned for the repaint's checks). */
  private renderCell(...args: RendererArgs): CellView {
    const [, td, row, col, , , cellProperties] = args
    baseRenderer(...args)
    // Focusable by script, as Handsontable's ARIA mode makes them: its focus moves onto the selected cell (cell-announcer.ts).
    // (A cell without the attribute reads -1 too.)
    if (td.getAttribute('tabindex') !== '-1') td.tabIndex = -1
    const grid = this.grid
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    const known = grid && rowId && colId ? { sheetId: grid.sheet.id, rowId, colId } : undefined
    const input = known && getCellInput(this.workbook, known.sheetId, known.rowId, known.colId)
    const view = cellView({
      locale: this.options.locale,
      address: `${columnLetters(col)}${row + 1}`,
      column: grid?.columns[col],
      row: grid?.rows[row],
      computed: this.valueAt(row, col),
      input,
      readOnly: !!cellProperties.readOnly,
      highlightEditable: this.options.highlightEditable,
      commented: !!known && this.commented.has(`${known.rowId}:${known.colId}`),
      peers: (known && this.peers.get(peerCellKey(known))) ?? [],
      sumWarning: known && this.formulas.sumWarning(known.sheetId, known.rowId, known.colId, input),
      overwritten: known && this.conflicts.markOf(known.sheetId, known.rowId, known.colId),
      scenario: known && this.scenarioMarks?.get(`${known.sheetId}:${known.rowId}:${known.colId}`),
    })
    paintCell(td, view)
    return view
  }
}

/** Text other than a number may wrap (numbers never do: `sp-num` cells keep to one line). */
function mayWrap(text: string, numeric: boolean): boolean {
  return text !== '' && !numeric
}
