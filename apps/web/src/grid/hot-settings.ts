import type Handsontable from 'handsontable/base'
import { registerEditor } from 'handsontable/editors/registry'
import type { baseRenderer } from 'handsontable/renderers'
import { CellEditor } from './cell-editor'
import { mayOpenEditorFor } from './double-click'
import { ROW_BAND } from './row-band'
import type { StructureCommand } from './structure-commands'

export type RendererArgs = Parameters<typeof baseRenderer>

/** The grid's cell editor (cell-editor.ts), by the name Handsontable's settings take. */
const CELL_EDITOR = 'samplan-cell'
registerEditor(CELL_EDITOR, CellEditor)

export interface StructureLabels {
  rowAbove: string
  rowBelow: string
  deleteRows: string
  colLeft: string
  colRight: string
  deleteCols: string
}

/** What the grid does when Handsontable reports something; positions are visual rows and columns. */
export interface GridEvents {
  columnHeader(col: number): string
  readOnly(row: number, col: number): boolean
  render(...args: RendererArgs): void
  /** Edits typed, pasted or filled through Handsontable. */
  commit(changes: Handsontable.CellChange[]): void
  selected(row: number, col: number): void
  deselected(): void
  editorOpened(row: number, col: number): void
  /** A mouse press on a cell (null off the cells). */
  pressed(row: number | null, col: number | null): void
  rendered(): void
  /** Handsontable has stored edits (`source` 'edit' from the cell editor) and is about to draw the viewport. */
  editApplying(changes: readonly Handsontable.CellChange[], source: string): void
  /** Handsontable is about to draw the viewport whole: set `skip.skipRender` to draw only the selection. */
  viewDrawing(skip: { skipRender?: boolean }): void
  keyDown(event: KeyboardEvent): void
  structure(command: StructureCommand): void
  mayChangeStructure(): boolean
}

/**
 * Handsontable configured as a view of the Y.Doc: its own undo, formulas and row handling are
 * off (the doc and the domain's operations decide), and every hook goes to `events`.
 */
export function gridSettings(
  events: GridEvents,
  licenseKey: string,
  labels: StructureLabels,
  theme: Handsontable.GridSettings['theme'],
): Handsontable.GridSettings {
  const command = (name: string, run: StructureCommand) => ({
    name,
    disabled: () => !events.mayChangeStructure(),
    callback: () => events.structure(run),
  })
  return {
    data: [[]],
    theme,
    licenseKey,
    // Handsontable's treegrid roles are invalid (its editor and scroll holders sit among the rows);
    // the grid speaks through cell-announcer.ts instead.
    ariaTags: false,
    rowHeaders: true,
    colHeaders: (index: number) => events.columnHeader(index),
    height: '100%',
    width: '100%',
    stretchH: 'none',
    outsideClickDeselects: false,
    undo: false,
    autoWrapRow: true,
    autoWrapCol: true,
    manualColumnResize: true,
    // Every sheet sets its column widths; measuring them would sample every column's cells when a sheet loads.
    autoColumnSize: false,
    mergeCells: [],
    contextMenu: {
      items: {
        row_above: command(labels.rowAbove, 'row-above'),
        row_below: command(labels.rowBelow, 'row-below'),
        remove_row: command(labels.deleteRows, 'remove-rows'),
        sp1: '---------',
        col_left: command(labels.colLeft, 'col-left'),
        col_right: command(labels.colRight, 'col-right'),
        remove_col: command(labels.deleteCols, 'remove-cols'),
      },
    },
    enterMoves: { row: 1, col: 0 },
    editor: CELL_EDITOR,
    // Rows drawn beyond the view, so Enter on the last row in view scrolls to a row already drawn (row-band.ts).
    viewportRowRenderingOffset: ROW_BAND,
    cells: (row: number, col: number) => ({ readOnly: events.readOnly(row, col) }),
    renderer: (...args: RendererArgs) => events.render(...args),
    afterChange(changes, source) {
      if (!changes || source === 'loadData' || source === 'updateData') return
      events.commit(changes)
    },
    // afterSelection, not afterSelectionEnd: keyboard moves (Enter, arrows) must be reported too.
    afterSelection: (row: number, col: number) => events.selected(row, col),
    // Only the browser knows a double click from two clicks (double-click.ts).
    beforeBeginEditing: (_row: number, _col: number, _value: unknown, event: unknown) => mayOpenEditorFor(event),
    afterBeginEditing: (row: number, col: number) => events.editorOpened(row, col),
    afterOnCellMouseDown: (_event: MouseEvent, coords: { row: number | null; col: number | null }) =>
      events.pressed(coords.row, coords.col),
    afterRender: () => events.rendered(),
    beforeChangeRender: (changes: Handsontable.CellChange[], source: string) => events.editApplying(changes, source),
    beforeViewRender: (_isForced: boolean, skip: { skipRender?: boolean }) => events.viewDrawing(skip),
    afterDeselect: () => events.deselected(),
    beforeKeyDown: (event: KeyboardEvent) => events.keyDown(event),
  }
}

/** Ctrl+Z undoes, Ctrl+Y and Ctrl+Shift+Z redo (Cmd on macOS). */
export function undoRedoKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey)) return null
  const key = event.key.toLowerCase()
  if (key === 'z' && !event.shiftKey) return 'undo'
  if (key === 'y' || (key === 'z' && event.shiftKey)) return 'redo'
  return null
}
