import Handsontable from 'handsontable/base'
import { registerAllModules } from 'handsontable/registry'
import { baseRenderer } from 'handsontable/renderers'
import { mainTheme, registerTheme } from 'handsontable/themes'
import {
  columnLetters,
  commentedCells,
  deleteColumns,
  deleteRows,
  insertColumns,
  insertRows,
  getSheetGrid,
  observeWorkbook,
  Origin,
  renderInput,
  setCellFromText,
  validateInput,
  getCellInput,
  isKontrollDeviation,
  KONTROLL_MESSAGE,
  type FormulaLocale,
  type SheetGrid,
  type Workbook,
} from '@samplan/domain'
import type { CellComputed, WorkbookMirror } from '@samplan/formulas'
import * as Y from 'yjs'
import type { Peer } from '../sync/presence'
import { CellHint } from './cell-hint'
import { displayInvalidNumber, displayValue } from './display'
import { mayOpenEditorFor } from './double-click'
import { EditConflicts, type ConflictLabels } from './edit-conflicts'
import type { RefusalReason } from './edit-refusal'
import { RefusedEdits, typesCharacter, type RefusedCell, type RefusedEditLabels } from './refused-edits'
import type { FormulaNoticeLabels } from './formula-entry'
import { GridFormulas } from './grid-formulas'

registerAllModules()
const theme = registerTheme(mainTheme)
const DEFAULT_COLUMN_WIDTH = 110

type RendererArgs = Parameters<typeof baseRenderer>

export interface SelectedCell {
  sheetId: string
  rowId: string
  colId: string
  address: string
}

export interface GridOptions {
  locale: FormulaLocale
  licenseKey: string
  /** Whether the signed-in user may type into this cell (rights live in the domain). */
  canEdit: (grid: SheetGrid, row: number, col: number) => boolean
  onSelect: (cell: SelectedCell | null) => void
  /** Marks the cells this user may edit (an områdeschef's own RSU-platser). */
  highlightEditable: boolean
  /** Ctrl+Z / Ctrl+Y (Cmd on macOS), outside the cell editor. */
  onUndo: () => void
  onRedo: () => void
  /** Whether the user may insert and delete rows and columns (ekonom, admin; not when beslutad). */
  canChangeStructure: () => boolean
  /** Context-menu labels in the UI language. */
  labels: StructureLabels
  /** Why the signed-in user may not type into this cell, or null when they may (the domain's rights). */
  refusal: (grid: SheetGrid, row: number, col: number) => RefusalReason | null
  /** Words of the notices beside a cell: refused edits, a colleague's change while editing. */
  notices: GridNoticeLabels
  /** Words of a refused formula and of a paste or fill that left cells alone (grid-formulas.ts). */
  formulaLabels: FormulaNoticeLabels
}

export interface GridNoticeLabels {
  refused: RefusedEditLabels
  conflict: ConflictLabels
}

export interface StructureLabels {
  rowAbove: string
  rowBelow: string
  deleteRows: string
  colLeft: string
  colRight: string
  deleteCols: string
}

/**
 * Handsontable as a view of one sheet of the Yjs workbook. Yjs is the source
 * of truth: edits go to the domain as operations, and the grid re-reads the
 * doc (batched to one update per frame) when anything changes, local or remote.
 */
export class WorkbookGrid {
  private readonly hot: Handsontable
  private grid: SheetGrid | undefined
  private computed: CellComputed[][] = []
  private sheetId: string | undefined
  private frame = 0
  /** The selected cell by ids, so the selection follows its cell when rows or columns move. */
  private selectedIds: { rowId: string; colId: string } | undefined
  /** Frame watching for the editor to close, after remote changes arrived while it was open. */
  private editorWatch = 0
  /** `rowId:colId` of the cells of this sheet that carry comments. */
  private commented = new Set<string>()
  /** Other people's selected cells, by `sheetId|rowId|colId`. */
  private peersByCell = new Map<string, Peer[]>()
  /** Notices beside a cell: why an edit was refused; a colleague's change to the cell I am editing. */
  private readonly refused: RefusedEdits
  private readonly conflicts: EditConflicts
  private readonly hint: CellHint
  private readonly onDoubleClick: (event: MouseEvent) => void
  private readonly unobserve: () => void
  private readonly unlisten: () => void
  /** Copy, paste and fill that move references; formulas refused at entry; error and V7 hints. */
  private readonly formulas: GridFormulas

  constructor(
    private readonly container: HTMLElement,
    private readonly workbook: Workbook,
    private readonly mirror: WorkbookMirror,
    private readonly options: GridOptions,
  ) {
    const self = this
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
    this.hot = new Handsontable(container, {
      data: [[]],
      theme,
      licenseKey: options.licenseKey,
      rowHeaders: true,
      colHeaders: (index: number) => this.columnHeader(index),
      height: '100%',
      width: '100%',
      stretchH: 'none',
      outsideClickDeselects: false,
      undo: false,
      autoWrapRow: true,
      autoWrapCol: true,
      manualColumnResize: true,
      mergeCells: [],
      contextMenu: {
        items: {
          row_above: { name: options.labels.rowAbove, disabled: () => !options.canChangeStructure(), callback: () => self.structure('row-above') },
          row_below: { name: options.labels.rowBelow, disabled: () => !options.canChangeStructure(), callback: () => self.structure('row-below') },
          remove_row: { name: options.labels.deleteRows, disabled: () => !options.canChangeStructure(), callback: () => self.structure('remove-rows') },
          sp1: '---------',
          col_left: { name: options.labels.colLeft, disabled: () => !options.canChangeStructure(), callback: () => self.structure('col-left') },
          col_right: { name: options.labels.colRight, disabled: () => !options.canChangeStructure(), callback: () => self.structure('col-right') },
          remove_col: { name: options.labels.deleteCols, disabled: () => !options.canChangeStructure(), callback: () => self.structure('remove-cols') },
        },
      },
      enterMoves: { row: 1, col: 0 },
      cells(row: number, col: number) {
        return { readOnly: !self.grid || !options.canEdit(self.grid, row, col) }
      },
      renderer: (...args: RendererArgs) => this.renderCell(...args),
      afterChange(changes, source) {
        if (!changes || source === 'loadData' || source === 'updateData') return
        self.commit(changes)
      },
      // afterSelection, not afterSelectionEnd: keyboard moves (Enter, arrows) must be reported too.
      afterSelection(row: number, col: number) {
        const before = self.selectedIds
        self.reportSelection(row, col)
        // Not when a reload re-selects the same cell (a closed mark stays closed).
        const now = self.selectedIds
        if (now && (before?.rowId !== now.rowId || before.colId !== now.colId)) self.showHint(now.rowId, now.colId)
      },
      // Only the browser knows a double click from two clicks (double-click.ts).
      beforeBeginEditing: (_row: number, _col: number, _value: unknown, event: unknown) => mayOpenEditorFor(event),
      afterBeginEditing(row: number, col: number) {
        self.editorOpened(row, col)
      },
      afterOnCellMouseDown(_event: MouseEvent, coords: { row: number | null; col: number | null }) {
        const rowId = coords.row === null ? undefined : self.grid?.rowIds[coords.row]
        const colId = coords.col === null ? undefined : self.grid?.colIds[coords.col]
        if (!rowId || !colId || !self.refused.isAbout(rowId, colId)) self.refused.hide()
        if (!rowId || !colId || !self.hint.isAbout(`${rowId}:${colId}`)) self.hint.hide()
      },
      afterRender() {
        self.refused.reposition()
        self.conflicts.reposition()
        self.hint.reposition()
      },
      afterDeselect() {
        options.onSelect(null)
      },
      beforeKeyDown(event: KeyboardEvent) {
        self.explainRefusedKey(event)
        if (!(event.ctrlKey || event.metaKey) || self.hot.getActiveEditor()?.isOpened()) return
        const key = event.key.toLowerCase()
        if (key === 'z' && !event.shiftKey) options.onUndo()
        else if (key === 'y' || (key === 'z' && event.shiftKey)) options.onRedo()
        else return
        event.preventDefault()
        event.stopImmediatePropagation()
      },
    })
    const stopObserving = observeWorkbook(workbook, (change) => {
      this.conflicts.changed(change)
      this.schedule()
    })
    // A real double click on a cell the user may not change says why (an editable one opens its editor).
    this.onDoubleClick = (event) => {
      const td = event.target instanceof Element ? event.target.closest('td') : null
      const coords = td ? this.hot.getCoords(td) : null
      const { row, col } = coords ?? { row: null, col: null }
      const cell = row !== null && col !== null && row >= 0 && col >= 0 ? this.refusedCell(row, col) : null
      if (cell) this.refused.explain(cell)
    }
    container.addEventListener('dblclick', this.onDoubleClick)
    // Comments live in their own roots, outside the cell change feed: redraw their markers too.
    const onComments = (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) {
        if (type._item === null && Y.findRootTypeKey(type).startsWith('comments:')) return this.schedule()
      }
    }
    workbook.doc.on('afterTransaction', onComments)
    this.unobserve = () => {
      stopObserving()
      workbook.doc.off('afterTransaction', onComments)
    }
    this.unlisten = mirror.onRecalculated(() => this.schedule())
    this.formulas = new GridFormulas(this.hot, noticeHost, workbook, mirror, {
      locale: options.locale,
      grid: () => this.grid,
      canEdit: options.canEdit,
      labels: () => options.formulaLabels,
    })
  }

  showSheet(sheetId: string): void {
    this.sheetId = sheetId
    this.refused.hide()
    this.hint.hide()
    this.refresh()
    this.hot.deselectCell()
  }

  /** Draws other people's selections; they are kept by stable ids so they follow row inserts. */
  setPeers(peers: readonly Peer[]): void {
    const next = new Map<string, Peer[]>()
    for (const peer of peers) {
      if (!peer.cursor) continue
      const key = `${peer.cursor.sheetId}|${peer.cursor.rowId}|${peer.cursor.colId}`
      next.set(key, [...(next.get(key) ?? []), peer])
    }
    this.peersByCell = next
    this.conflicts.setPeers(peers)
    this.hot.render()
  }

  destroy(): void {
    cancelAnimationFrame(this.frame)
    cancelAnimationFrame(this.editorWatch)
    this.unobserve()
    this.unlisten()
    this.container.removeEventListener('dblclick', this.onDoubleClick)
    this.refused.destroy()
    this.conflicts.destroy()
    this.hint.destroy()
    this.formulas.destroy()
    this.hot.destroy()
  }

  private schedule(): void {
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.refresh()
    })
  }

  private refresh(): void {
    if (!this.sheetId) return
    const grid = getSheetGrid(this.workbook, this.sheetId)
    if (this.editorOpen()) {
      // The open editor keeps its text and its position: values elsewhere are redrawn now if
      // no row or column moved; the inputs reload when the editor closes.
      if (this.grid && sameIds(grid.rowIds, this.grid.rowIds) && sameIds(grid.colIds, this.grid.colIds)) {
        this.computed = this.mirror.getSheetValues(this.sheetId)
        this.hot.render()
      }
      this.reloadWhenEditorCloses()
      return
    }
    this.conflicts.closed()
    const previous = this.grid
    this.grid = grid
    this.computed = this.mirror.getSheetValues(this.sheetId)
    this.commented = commentedCells(this.workbook, this.sheetId)
    const inputs = grid.rowIds.map((rowId) =>
      grid.colIds.map((colId) =>
        renderInput(this.workbook, grid.sheet.id, getCellInput(this.workbook, grid.sheet.id, rowId, colId) ?? null, this.options.locale),
      ),
    )
    // Notes (Källa lines, printed-vs-formula remarks) span the sheet instead of widening column A.
    const noteRows = grid.rows.flatMap((r, i) => (r.kind === 'note' ? [i] : []))
    this.hot.updateSettings({
      // Header rows are frozen; column A is not, because a note row spans it (Handsontable cannot
      // draw a merged cell across the frozen-column boundary).
      fixedRowsTop: grid.sheet.frozenRows,
      colWidths: grid.columns.map((c) => c.width ?? DEFAULT_COLUMN_WIDTH),
      mergeCells: grid.colIds.length > 1 ? noteRows.map((row) => ({ row, col: 0, rowspan: 1, colspan: grid.colIds.length })) : [],
    })
    // Read before updateData, which re-fires selection hooks at the old position.
    const was = this.selectedIds
    const moved = !previous || !sameIds(previous.rowIds, grid.rowIds) || !sameIds(previous.colIds, grid.colIds)
    this.hot.updateData(inputs.length > 0 ? inputs : [[]])
    this.keepSelectionOnItsCell(grid, moved ? was : undefined)
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

  /**
   * Row and column commands from the context menu, as domain operations on the
   * selection (Handsontable's own row handling is not used: the Y.Doc decides).
   */
  structure(command: 'row-above' | 'row-below' | 'remove-rows' | 'col-left' | 'col-right' | 'remove-cols'): void {
    const grid = this.grid
    const range = this.hot.getSelectedRangeLast()
    if (!grid || !range || !this.options.canChangeStructure()) return
    const { from, to } = range
    // Header clicks select whole rows/columns with a -1 corner.
    const top = Math.max(0, Math.min(from.row ?? 0, to.row ?? 0))
    const bottom = Math.max(from.row ?? 0, to.row ?? 0)
    const left = Math.max(0, Math.min(from.col ?? 0, to.col ?? 0))
    const right = Math.max(from.col ?? 0, to.col ?? 0)
    const sheetId = grid.sheet.id
    const column = grid.columns[left] ?? { label: '', type: 'number' as const, editable: 'ekonom' as const }
    const newColumn = { ...column, label: '' }
    switch (command) {
      case 'row-above':
        return void insertRows(this.workbook, sheetId, top, 1, undefined, Origin.LocalEdit)
      case 'row-below':
        return void insertRows(this.workbook, sheetId, bottom + 1, 1, undefined, Origin.LocalEdit)
      case 'remove-rows':
        return deleteRows(this.workbook, sheetId, top, bottom - top + 1, Origin.LocalEdit)
      case 'col-left':
        return void insertColumns(this.workbook, sheetId, left, [newColumn], Origin.LocalEdit)
      case 'col-right':
        return void insertColumns(this.workbook, sheetId, right + 1, [newColumn], Origin.LocalEdit)
      case 'remove-cols':
        return deleteColumns(this.workbook, sheetId, left, right - left + 1, Origin.LocalEdit)
    }
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

  /** A key that would change a cell the user may not change: say why, beside it, keeping what was typed. */
  private explainRefusedKey(event: KeyboardEvent): void {
    if (this.editorOpen()) return
    const character = typesCharacter(event)
    if (!character && event.key !== 'F2' && event.key !== 'Delete' && event.key !== 'Backspace') return
    this.explainRefusal(character ? event.key : undefined)
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

  private commit(changes: Handsontable.CellChange[]): void {
    const grid = this.grid
    if (!grid) return
    this.workbook.doc.transact(() => {
      for (const [row, prop, , next] of changes) {
        const col = typeof prop === 'number' ? prop : Number(prop)
        const rowId = grid.rowIds[row]
        const colId = grid.colIds[col]
        if (rowId === undefined || colId === undefined) continue
        if (!this.options.canEdit(grid, row, col)) continue
        const text = next === null || next === undefined ? '' : String(next)
        setCellFromText(this.workbook, grid.sheet.id, rowId, colId, text, this.options.locale, Origin.LocalEdit)
        this.conflicts.committed(grid.sheet.id, rowId, colId)
      }
    }, Origin.LocalEdit)
    // A value typed into one cell: say at once what is wrong with it, or whose value it replaced.
    const [only] = changes.length === 1 ? changes : []
    const rowId = only ? grid.rowIds[only[0]] : undefined
    const colId = only ? grid.colIds[typeof only[1] === 'number' ? only[1] : Number(only[1])] : undefined
    if (rowId && colId) this.showHint(rowId, colId)
  }

  private reportSelection(row: number, col: number): void {
    const grid = this.grid
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    this.selectedIds = rowId !== undefined && colId !== undefined ? { rowId, colId } : undefined
    if (!grid || rowId === undefined || colId === undefined) return this.options.onSelect(null)
    this.options.onSelect({
      sheetId: grid.sheet.id,
      rowId,
      colId,
      address: `${columnLetters(col)}${row + 1}`,
    })
  }

  private columnHeader(index: number): string {
    const unit = this.grid?.columns[index]?.unit
    const letter = columnLetters(index)
    return unit ? `${letter} · ${unit}` : letter
  }

  private renderCell(...args: RendererArgs): void {
    const [, td, row, col, , , cellProperties] = args
    // Handsontable reuses cells while scrolling: drop our classes from the last cell drawn here.
    td.classList.remove(...[...td.classList].filter((c) => c.startsWith('sp-')))
    baseRenderer(...args)
    const grid = this.grid
    const column = grid?.columns[col]
    const rowSpec = grid?.rows[row]
    // textContent, never innerHTML: cell text is user input.
    td.textContent = displayValue(this.computed[row]?.[col], column, rowSpec, this.options.locale)
    td.dataset.cell = `${columnLetters(col)}${row + 1}`
    const classes = ['sp-cell']
    const computed = this.computed[row]?.[col]
    if (typeof computed?.value === 'number' && rowSpec?.kind !== 'header') classes.push('sp-num')
    if (rowSpec) classes.push(`sp-row-${rowSpec.kind}`)
    const deviates = rowSpec?.kind === 'kontroll' && column !== undefined && isKontrollDeviation(computed?.value, column)
    if (deviates) classes.push('sp-kontroll-deviation')
    if (cellProperties.readOnly) classes.push('sp-locked')
    else if (this.options.highlightEditable) classes.push('sp-editable-own')
    if (computed?.error) classes.push('sp-error')
    td.title = ''
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    if (rowId && colId && this.commented.has(`${rowId}:${colId}`)) classes.push('sp-commented')
    const here = grid && rowId && colId ? this.peersByCell.get(`${grid.sheet.id}|${rowId}|${colId}`) : undefined
    if (here && here.length > 0) {
      classes.push('sp-peer')
      td.dataset.peer = here.map((p) => p.user.name).join(', ')
      td.style.setProperty('--sp-peer-color', here[0]!.user.color)
    } else {
      delete td.dataset.peer
    }
    if (grid && column && rowSpec && rowId && colId) {
      const input = getCellInput(this.workbook, grid.sheet.id, rowId, colId)
      if (input !== undefined) {
        const check = validateInput(input, column, rowSpec)
        if (!check.ok) {
          classes.push('sp-invalid')
          td.title = this.options.locale === 'en' ? check.messageEn : check.message
          // As typed, never rounded to the column's decimals: a rounded figure would look valid.
          if (typeof input === 'number') td.textContent = displayInvalidNumber(input, column, this.options.locale)
        }
      }
      this.formulas.decorate(td, classes, grid.sheet.id, rowId, colId, input, computed)
    }
    if (deviates) td.title = this.options.locale === 'en' ? KONTROLL_MESSAGE.en : KONTROLL_MESSAGE.sv
    // Who wrote over whose value, and when (edit-conflicts.ts).
    const overwritten = grid && rowId && colId ? this.conflicts.markOf(grid.sheet.id, rowId, colId) : undefined
    if (overwritten) {
      classes.push('sp-overwritten')
      td.dataset.overwritten = overwritten
      td.title = td.title ? `${td.title}\n${overwritten}` : overwritten
    } else {
      delete td.dataset.overwritten
    }
    td.classList.add(...classes)
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i])
}
