import type Handsontable from 'handsontable/base'
import { getCellInput, type CellInput, type FormulaLocale, type SheetGrid, type SummedTextWarning, type Workbook } from '@samplan/domain'
import { errorTooltip, type CellComputed, type WorkbookMirror } from '@samplan/formulas'
import { cellText } from './cell-view'
import { installFormulaClipboard } from './clipboard'
import { FormulaNotices, type FormulaNoticeLabels } from './formula-entry'
import { SummedTextCache } from './summed-text-cache'

export interface GridFormulasOptions {
  locale: FormulaLocale
  grid(): SheetGrid | undefined
  canEdit(grid: SheetGrid, row: number, col: number): boolean
  labels(): FormulaNoticeLabels
  /** V7 warnings may have changed on cells whose value did not (summed-text-cache.ts). */
  sumsChanged(): void
}

/**
 * What the grid does with formulas beyond showing them: copy, cut, paste and fill
 * that move references (clipboard.ts, domain F11/F12), formulas refused at entry when they
 * cannot be read (formula-entry.ts, F13), errors named and explained on hover (formulas SPEC FD1-FD3),
 * and totals that skip text marked with a warning (domain V7). One object per grid, so the grid
 * needs a few lines to use it.
 */
export class GridFormulas {
  private readonly notices: FormulaNotices
  private readonly removeClipboard: () => void
  /** V7 results of formula cells, kept until a change could alter them. */
  private readonly sums: SummedTextCache

  constructor(
    private readonly hot: Handsontable,
    noticeHost: HTMLElement,
    private readonly workbook: Workbook,
    private readonly mirror: WorkbookMirror,
    private readonly options: GridFormulasOptions,
  ) {
    this.notices = new FormulaNotices(hot, noticeHost, options.locale, options.labels)
    this.removeClipboard = installFormulaClipboard(hot, {
      workbook,
      locale: options.locale,
      grid: options.grid,
      canEdit: options.canEdit,
      shownText: (row, col) => this.shownText(row, col),
      numberAt: (row, col) => {
        const value = this.computedAt(row, col)
        return typeof value?.value === 'number' && !value.error ? value.value : undefined
      },
      onSkipped: (count, at) => this.notices.skipped(count, at.top, at.left),
    })
    this.sums = new SummedTextCache(workbook, () => options.sumsChanged())
    hot.addHook('afterRender', this.reposition)
  }

  private readonly reposition = () => this.notices.reposition()

  private computedAt(row: number, col: number): CellComputed | undefined {
    const grid = this.options.grid()
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    return grid && rowId && colId ? this.mirror.getValue(grid.sheet.id, rowId, colId) : undefined
  }

  /** The text a cell shows, as the grid's renderer draws it (cell-view.ts). */
  private shownText(row: number, col: number): string {
    const grid = this.options.grid()
    const rowId = grid?.rowIds[row]
    const colId = grid?.colIds[col]
    if (!grid || !rowId || !colId) return ''
    const input = getCellInput(this.workbook, grid.sheet.id, rowId, colId)
    return cellText(this.computedAt(row, col), grid.columns[col], grid.rows[row], input, this.options.locale)
  }

  /** The V7 warning of a formula cell (summed-text-cache.ts). */
  sumWarning(sheetId: string, rowId: string, colId: string, input: CellInput | undefined): SummedTextWarning | undefined {
    return this.sums.warningOf(sheetId, rowId, colId, input)
  }

  /** What the cell-hint beside a selected cell says about its formula: the error and its meaning (FD3), the V7 warning. */
  hintLines(sheetId: string, rowId: string, colId: string, input: CellInput | undefined): string[] {
    const lines: string[] = []
    const computed = this.mirror.getValue(sheetId, rowId, colId)
    if (computed.error) lines.push(errorTooltip(computed.error, this.options.locale))
    const warning = this.sumWarning(sheetId, rowId, colId, input)
    if (warning) lines.push(this.options.locale === 'en' ? warning.messageEn : warning.message)
    return lines
  }

  destroy(): void {
    this.hot.removeHook('afterRender', this.reposition)
    this.sums.destroy()
    this.removeClipboard()
    this.notices.destroy()
  }
}
