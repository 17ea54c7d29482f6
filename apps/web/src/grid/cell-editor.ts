import type { CellProperties } from 'handsontable/settings'
import { EDITOR_STATE } from 'handsontable/editors/baseEditor'
import { TextEditor } from 'handsontable/editors/textEditor'
import { AfterPaint } from './after-paint'

/**
 * Handsontable's text editor, prepared cheaply. Handsontable prepares the closed editor on every
 * selection move, and twice for an Enter (the cell left, then the cell reached); each preparation
 * placed the hidden text field over its cell, which reads the cell's position, its computed style and
 * the text's size: a layout forced right after the edit's DOM writes. The field is placed once the
 * frame showing the move is painted instead (only where the selection ended up). Opening the editor
 * places it again itself, so a key typed before that shows the editor over its cell all the same.
 */
export class CellEditor extends TextEditor {
  private readonly later = new AfterPaint()
  private preparing = false
  /** Whether the last preparation hides the field once it is placed (Handsontable's own rule). */
  private hideWhenPlaced = false

  override prepare(
    row: number,
    col: number,
    prop: string | number,
    td: HTMLTableCellElement,
    value: unknown,
    cellProperties: CellProperties,
  ): void {
    this.hideWhenPlaced = this.state !== EDITOR_STATE.FINISHED
    this.preparing = true
    try {
      super.prepare(row, col, prop, td, value, cellProperties)
    } finally {
      this.preparing = false
    }
  }

  override refreshDimensions(force = false): void {
    if (!(this.preparing && force && !this.isOpened())) return super.refreshDimensions(force)
    this.later.queue('place', () => this.place())
  }

  override hideEditableElement(): void {
    // Hidden by the preparation before it was placed: placing it shows it again, then hides it.
    if (!this.preparing) super.hideEditableElement()
  }

  override destroy(): void {
    this.later.destroy()
    super.destroy()
  }

  /** Puts the closed field over the selected cell, as Handsontable's preparation did. */
  private place(): void {
    if (this.hot.isDestroyed || this.isOpened() || this.row === null || this.col === null) return
    super.refreshDimensions(true)
    if (this.hideWhenPlaced && !this.isOpened()) super.hideEditableElement()
  }
}
