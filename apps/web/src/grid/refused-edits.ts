import { describeRefusal, type RefusalLabels, type RefusalReason } from './edit-refusal'
import { copyText, GridNotice } from './grid-notice'

export interface RefusedEditLabels extends RefusalLabels {
  typed: string
  copy: string
  close: string
}

/** A cell the user tried to change, by stable ids (the notice follows it when rows move). */
export interface RefusedCell {
  rowId: string
  colId: string
  address: string
  reason: RefusalReason
  /** The cell's element now, to anchor the notice to. */
  element: () => HTMLElement | null
}

/** Whether a key press would type a character into a cell (not a shortcut or a navigation key). */
export function typesCharacter(event: KeyboardEvent): boolean {
  return event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.isComposing
}

/**
 * Says at once, next to the cell, why an edit was refused, and keeps what the user typed
 * (shown in the notice, with a button to copy it), so nothing typed is silently lost.
 */
export class RefusedEdits {
  private readonly notice: GridNotice
  private shown: { rowId: string; colId: string; typed: string } | null = null

  constructor(host: HTMLElement, private readonly labels: () => RefusedEditLabels) {
    this.notice = new GridNotice(host, 'edit-refused', 'status')
  }

  /** Typing into a refused cell: the characters so far are kept in the notice. */
  typed(cell: RefusedCell, character: string): void {
    const same = this.shown && this.shown.rowId === cell.rowId && this.shown.colId === cell.colId
    this.explain(cell, (same ? this.shown!.typed : '') + character)
  }

  /** F2, a double click, Delete or a paste on a refused cell: the reason alone (or with what was pasted). */
  explain(cell: RefusedCell, typed = ''): void {
    const labels = this.labels()
    this.shown = { rowId: cell.rowId, colId: cell.colId, typed }
    this.notice.show(cell.element, {
      text: `${labels.cannotChange(cell.address)} ${describeRefusal(cell.reason, labels)}`,
      detail: typed ? { label: labels.typed, value: typed } : undefined,
      actions: typed ? [{ label: labels.copy, onClick: () => void copyText(typed) }] : [],
      close: { label: labels.close, onClick: () => this.hide() },
    })
  }

  /** Whether the notice is about this cell. */
  isAbout(rowId: string, colId: string): boolean {
    return !!this.shown && this.notice.visible && this.shown.rowId === rowId && this.shown.colId === colId
  }

  get visible(): boolean {
    return this.notice.visible
  }

  hide(): void {
    this.shown = null
    this.notice.hide()
  }

  reposition(): void {
    this.notice.reposition()
  }

  destroy(): void {
    this.notice.destroy()
  }
}
