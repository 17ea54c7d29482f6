import type Handsontable from 'handsontable/base'
import { checkFormulaSyntax, type FormulaLocale } from '@samplan/domain'
import { FormulaAssist, type FormulaField } from '../app/formula-help/formula-assist'
import { GridNotice } from './grid-notice'

export interface FormulaNoticeLabels {
  /** Second line under a refused formula: how to go on. */
  fixOrEscape: string
  /** Cells a paste or fill left alone. */
  skipped: (count: number) => string
  close: string
  /** Accessible name of the list of functions offered while typing a formula. */
  functions: string
}

/** The text field of the open cell editor, or null when no editor is open. */
export function editorField(hot: Handsontable): FormulaField | null {
  const editor = hot.getActiveEditor() as { TEXTAREA?: unknown; isOpened(): boolean } | undefined
  const field = editor?.isOpened() ? editor.TEXTAREA : null
  return field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement ? field : null
}

/**
 * Function names, argument hints and F4 in the cell editor (formula-assist.ts), as in the formula
 * bar: attached to Handsontable's editor field the first time it opens (it keeps one per grid).
 */
export class FormulaEditorHelp {
  private readonly assists = new Map<FormulaField, FormulaAssist>()
  private readonly opened = () => {
    const field = editorField(this.hot)
    if (!field) return
    let assist = this.assists.get(field)
    if (!assist) {
      const editing = field
      assist = new FormulaAssist(field, this.locale, () => ({ functions: this.labels().functions }), {
        closed: () => editorField(this.hot) !== editing,
      })
      this.assists.set(field, assist)
    }
    assist.update()
  }

  constructor(
    private readonly hot: Handsontable,
    private readonly locale: FormulaLocale,
    private readonly labels: () => FormulaNoticeLabels,
  ) {
    hot.addHook('afterBeginEditing', this.opened)
  }

  destroy(): void {
    this.hot.removeHook('afterBeginEditing', this.opened)
    for (const assist of this.assists.values()) assist.destroy()
    this.assists.clear()
  }
}

/**
 * Formulas that cannot be read are refused at entry (domain SPEC F13): Handsontable's validator
 * runs the domain's `checkFormulaSyntax` on what the editor holds when it is committed; with
 * `allowInvalid: false` a refused formula is not stored and the editor stays open with the text,
 * so it can be fixed (Esc leaves the cell as it was). The Swedish (English) message stands beside
 * the cell until the formula is fixed or the editor closes.
 *
 * Only the editor is checked: a paste from outside or a remote change is stored as it comes
 * (domain F9) and shows `#FEL!` with its explanation.
 *
 * The same notice tells how many cells a paste or fill left alone (no right to change them).
 */
export class FormulaNotices {
  private readonly notice: GridNotice
  private watch = 0
  /** The cell whose editor holds a refused formula. */
  private refusedAt: { row: number; col: number } | null = null

  constructor(
    private readonly hot: Handsontable,
    host: HTMLElement,
    private readonly locale: FormulaLocale,
    private readonly labels: () => FormulaNoticeLabels,
  ) {
    this.notice = new GridNotice(host, 'formula-notice', 'alert')
    const self = this
    this.validator = function (this: Handsontable.CellProperties, value: unknown, callback: (valid: boolean) => void) {
      callback(self.check(this.visualRow, this.visualCol, value))
    }
    hot.updateSettings({ allowInvalid: false })
    hot.addHook('afterBeginEditing', this.editorOpened)
  }

  private readonly validator: Handsontable.GridSettings['validator']
  private readonly fields = new Set<FormulaField>()
  /** The cell whose meta carries the validator (the edited cell, while its editor holds a formula). */
  private validated: { row: number; col: number } | null = null

  /**
   * A validator makes Handsontable store an edit a microtask later, with a draw and two preparations of
   * the editor of its own before the next cell is ready, so only the edited cell carries it, and only
   * while its editor holds a formula, the only text it can refuse
   * (`checkFormulaSyntax` passes anything else). Read again on every input of the editor. The cell's own
   * meta is written: the grid's settings object is not inherited by cells, and `cells`/`afterGetCellMeta`
   * run once per full draw, not when the edit is stored.
   */
  private readonly followEditor = () => {
    const editor = this.hot.getActiveEditor()
    const field = editorField(this.hot)
    const at = editor && field && editor.row !== null && editor.col !== null ? { row: editor.row, col: editor.col } : null
    const wanted = at && field?.value.trimStart().startsWith('=') ? at : null
    const held = this.validated
    if (held && (!wanted || held.row !== wanted.row || held.col !== wanted.col)) {
      this.hot.getCellMeta(held.row, held.col).validator = undefined
      this.validated = null
    }
    if (wanted && !this.validated) {
      this.hot.getCellMeta(wanted.row, wanted.col).validator = this.validator
      this.validated = wanted
    }
  }

  private readonly editorOpened = () => {
    const field = editorField(this.hot)
    if (field && !this.fields.has(field)) {
      this.fields.add(field)
      field.addEventListener('input', this.followEditor)
    }
    this.followEditor()
  }

  /** The validator: only text being committed from the open editor is judged. */
  private check(row: number, col: number, value: unknown): boolean {
    if (!this.hot.getActiveEditor()?.isOpened() || typeof value !== 'string') return true
    const result = checkFormulaSyntax(value, this.locale)
    if (result.ok) {
      if (this.refusedAt) this.hide()
      return true
    }
    this.refusedAt = { row, col }
    this.notice.show(() => this.hot.getCell(row, col), {
      text: `${this.locale === 'en' ? result.messageEn : result.message} ${this.labels().fixOrEscape}`,
      actions: [{ label: '×', ariaLabel: this.labels().close, onClick: () => this.hide() }],
    })
    this.closeWithEditor()
    return false
  }

  /** A paste or fill left `count` cells alone: say so beside the first cell of the area. */
  skipped(count: number, row: number, col: number): void {
    this.notice.show(() => this.hot.getCell(row, col), {
      text: this.labels().skipped(count),
      actions: [{ label: '×', ariaLabel: this.labels().close, onClick: () => this.hide() }],
    })
  }

  /** Handsontable has no "editor closed" hook: watch once a frame while a refusal is shown. */
  private closeWithEditor(): void {
    if (this.watch) return
    const check = () => {
      if (this.refusedAt && this.hot.getActiveEditor()?.isOpened()) this.watch = requestAnimationFrame(check)
      else {
        this.watch = 0
        if (this.refusedAt) this.hide()
      }
    }
    this.watch = requestAnimationFrame(check)
  }

  hide(): void {
    const at = this.refusedAt
    this.refusedAt = null
    this.notice.hide()
    // The refused text was never stored: the cell is not invalid (Handsontable marked it so).
    if (at && this.hot.getCellMeta(at.row, at.col).valid === false) {
      this.hot.setCellMeta(at.row, at.col, 'valid', true)
      this.hot.render()
    }
  }

  reposition(): void {
    this.notice.reposition()
  }

  destroy(): void {
    cancelAnimationFrame(this.watch)
    this.hot.removeHook('afterBeginEditing', this.editorOpened)
    for (const field of this.fields) field.removeEventListener('input', this.followEditor)
    this.notice.destroy()
  }
}
