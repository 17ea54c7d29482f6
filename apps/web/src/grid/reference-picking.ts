import type Handsontable from 'handsontable/base'
import type { FormulaLocale } from '@samplan/domain'
import { applyEdit, type FormulaField } from '../app/formula-help/formula-assist'
import { mayInsertReferenceAt, referenceText, replaceSpan, type CellRect } from '../app/formula-help/reference-text'
import { editorField } from './formula-entry'

/**
 * A field outside the grid that takes references from clicks on cells (the formula bar), and the
 * sheet its formula belongs to. It takes them while it has the focus, or while it is marked
 * `data-point-mode="on"` (a formula left open to pick cells on another sheet).
 */
export interface PickTarget {
  field: FormulaField
  sheetId: string
}

interface Coords {
  row: number | null
  col: number | null
}

/**
 * Point-and-click references, as Excel's point mode: while the cell editor or the formula bar
 * holds a formula whose caret stands where a reference may go (after `=`, an operator, `(` or the
 * separator), a click on a cell writes its A1 reference at the caret instead of selecting it, a
 * drag writes the range (`B2:B5`), and a click right after replaces the reference just written.
 * The field keeps the focus, so typing goes on. A cell of another sheet than the formula's is
 * written with its sheet (`'Volym egen regi'!B2`).
 */
export class ReferencePicking {
  private target: PickTarget | null = null
  /** The reference just written: replaced by the next click while the text is as it left it. */
  private written: { field: FormulaField; start: number; end: number; text: string } | null = null
  /** The cell a drag started on, while the button is down. */
  private anchor: { row: number; col: number } | null = null
  private dropSwallow: (() => void) | null = null
  private readonly stops: Array<() => void> = []

  constructor(
    private readonly hot: Handsontable,
    private readonly shown: () => { sheetId: string; name: string } | undefined,
    private readonly locale: FormulaLocale,
  ) {
    const down = (event: MouseEvent, coords: Coords) => this.down(event, coords)
    const over = (event: MouseEvent, coords: Coords) => this.over(event, coords)
    // The release ending a pick is not a click on the cell either.
    const release = (event: MouseEvent) => {
      if (!this.anchor) return
      this.anchor = null
      event.stopImmediatePropagation()
    }
    hot.addHook('beforeOnCellMouseDown', down)
    hot.addHook('beforeOnCellMouseOver', over)
    hot.addHook('beforeOnCellMouseUp', release)
    // A new edit starts with nothing just written.
    const opened = () => {
      this.written = null
    }
    hot.addHook('afterBeginEditing', opened)
    const up = () => {
      this.anchor = null
    }
    // A release off the cells ends the drag too (one on a cell is `release`'s).
    document.addEventListener('mouseup', up)
    // A click that never came (released outside the window) is not waited for past the next press.
    const press = () => this.dropSwallow?.()
    window.addEventListener('mousedown', press, true)
    this.stops.push(
      () => hot.removeHook('beforeOnCellMouseDown', down),
      () => hot.removeHook('beforeOnCellMouseOver', over),
      () => hot.removeHook('beforeOnCellMouseUp', release),
      () => hot.removeHook('afterBeginEditing', opened),
      () => document.removeEventListener('mouseup', up),
      () => window.removeEventListener('mousedown', press, true),
    )
  }

  /** The formula bar takes references while it has the focus (null: it no longer does). */
  pickInto(target: PickTarget | null): void {
    this.target = target
  }

  /** The field a click would write into, with the sheet its formula belongs to. */
  private receiver(): PickTarget | null {
    const editing = editorField(this.hot)
    const sheetId = this.shown()?.sheetId
    if (editing && sheetId) return { field: editing, sheetId }
    const target = this.target
    // The bar keeps its formula open while another sheet is shown (FormulaBar.tsx marks it so).
    const open = target && (document.activeElement === target.field || target.field.dataset.pointMode === 'on')
    return open ? target : null
  }

  private down(event: MouseEvent, coords: Coords): void {
    if (event.button !== 0 || coords.row === null || coords.col === null || coords.row < 0 || coords.col < 0) return
    const receiver = this.receiver()
    if (!receiver) return
    const { field } = receiver
    const text = field.value
    const caret = field.selectionStart ?? text.length
    const written = this.written
    const replaces = written !== null && written.field === field && written.text === text && written.end === caret
    if (!replaces && !mayInsertReferenceAt(text, caret, this.locale)) return
    // The click is the formula's: no selection change, no closed editor, the focus stays in the field.
    event.preventDefault()
    event.stopImmediatePropagation()
    // Handsontable took the keyboard on the press and takes it again on the click that follows:
    // keys typed on go to the formula bar, not the grid.
    if (field !== editorField(this.hot)) {
      this.hot.unlisten()
      this.swallowNextClick()
    }
    this.anchor = { row: coords.row, col: coords.col }
    const start = replaces ? written.start : Math.min(caret, field.selectionEnd ?? caret)
    const end = replaces ? written.end : Math.max(caret, field.selectionEnd ?? caret)
    this.write(receiver, start, end, { top: coords.row, left: coords.col, bottom: coords.row, right: coords.col })
  }

  /** The click that ends a pick is the formula's, not a click into the grid. */
  private swallowNextClick(): void {
    this.dropSwallow?.()
    const swallow = (event: MouseEvent) => {
      event.stopPropagation()
      this.dropSwallow?.()
    }
    window.addEventListener('click', swallow, true)
    this.dropSwallow = () => {
      window.removeEventListener('click', swallow, true)
      this.dropSwallow = null
    }
  }

  private over(event: MouseEvent, coords: Coords): void {
    const anchor = this.anchor
    const written = this.written
    if (!anchor || !written || coords.row === null || coords.col === null || coords.row < 0 || coords.col < 0) return
    const receiver = this.receiver()
    if (!receiver || receiver.field !== written.field) return
    event.stopImmediatePropagation()
    this.write(receiver, written.start, written.end, { top: anchor.row, left: anchor.col, bottom: coords.row, right: coords.col })
  }

  private write(receiver: PickTarget, start: number, end: number, rect: CellRect): void {
    const shown = this.shown()
    const sheet = shown && shown.sheetId !== receiver.sheetId ? shown.name : undefined
    const edit = replaceSpan(receiver.field.value, start, end, referenceText(rect, sheet))
    if (document.activeElement !== receiver.field) receiver.field.focus()
    applyEdit(receiver.field, edit)
    this.written = { field: receiver.field, start: edit.start, end: edit.end, text: edit.text }
  }

  destroy(): void {
    this.dropSwallow?.()
    for (const stop of this.stops.splice(0)) stop()
  }
}
