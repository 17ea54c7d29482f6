import type Handsontable from 'handsontable/base'
import {
  type CopiedBlock,
  copyCells,
  fillCells,
  MAX_COPIED_CELLS,
  pasteCells,
  shiftFormula,
  type CellRect,
  type FormulaLocale,
  type PasteResult,
  type SheetGrid,
  type Workbook,
} from '@samplan/domain'
import { clipboardHtml, readBlock, SAMPLAN_CLIPBOARD_TYPE } from './clipboard-format'
import { edgeFill, rectOfRange, spanOf, type RangeLike } from './fill-ranges'

export interface ClipboardHost {
  readonly workbook: Workbook
  readonly locale: FormulaLocale
  /** The sheet the grid shows now. */
  grid(): SheetGrid | undefined
  canEdit(grid: SheetGrid, row: number, col: number): boolean
  /** The text a cell shows (what a person copying expects to get). */
  shownText(row: number, col: number): string
  /** The computed number behind a cell, for Excel; undefined for text, errors and empty cells. */
  numberAt(row: number, col: number): number | undefined
  /** Cells a paste or fill left alone because the person may not change them. */
  onSkipped(count: number, at: CellRect): void
}

/** What this module reads of Handsontable's CellRange. */
interface CornerRange {
  getTopStartCorner(): { row: number | null; col: number | null }
  getBottomEndCorner(): { row: number | null; col: number | null }
}

/** The last selected rectangle, header clicks (-1 corners) clamped to the cells. */
function selectedRect(hot: Handsontable): CellRect | undefined {
  const range = hot.getSelectedRangeLast()
  if (!range) return undefined
  const from = range.getTopStartCorner()
  const to = range.getBottomEndCorner()
  if (from.row === null || from.col === null || to.row === null || to.col === null) return undefined
  return rectOfRange({ startRow: from.row, startCol: from.col, endRow: to.row, endCol: to.col })
}

function rectOfCorners(range: CornerRange): CellRect {
  const a = range.getTopStartCorner()
  const b = range.getBottomEndCorner()
  return rectOfRange({ startRow: a.row ?? 0, startCol: a.col ?? 0, endRow: b.row ?? 0, endCol: b.col ?? 0 })
}

interface PendingCopy {
  block: CopiedBlock | undefined
  shown: string[][]
  numbers: Array<Array<number | undefined>>
}

const SHORTCUT_GROUP = 'samplan.formulaFill'

/**
 * Copy, cut, paste, the fill handle, Ctrl+D, Ctrl+R and Ctrl+Enter, moving formulas as Excel
 * and Google Sheets do (domain SPEC F11, F12). Handsontable's own clipboard plugin still reads
 * the keys and the browser's clipboard events; this module hooks into it:
 *
 * - Copying out of Samplan puts the values as shown (`20 684,1`) on the clipboard as text/plain,
 *   and as text/html whose cells carry the plain number in Excel's `x:num` attribute (so Excel,
 *   in any locale, gets numbers). Beside them goes the domain's `CopiedBlock` (the inputs, with
 *   formulas) under `SAMPLAN_CLIPBOARD_TYPE`, and again in the HTML table's
 *   `data-samplan` attribute for clipboards that drop unknown types.
 * - Pasting a Samplan block writes it through the domain (`pasteCells`): formulas move by the
 *   offset, `$` parts stay, references that leave the sheet become `#REFERENS!`. Anything else
 *   (Excel, a text editor) goes through Handsontable and the grid's commit, as typed text
 *   (`1 234,5` read as a Swedish number).
 * - A cut pastes once as a move; pasted again it is a copy.
 * - The fill handle, Ctrl+D and Ctrl+R call `fillCells`; Ctrl+Enter over a selection moves the
 *   typed formula to each cell.
 *
 * Everything is written in one transaction per action (one undo step), only into cells the
 * person may change; the others are left alone and reported through `onSkipped`. Returns the
 * function that removes it all.
 */
export function installFormulaClipboard(hot: Handsontable, host: ClipboardHost): () => void {
  const clipboard = new FormulaClipboard(hot, host)
  return () => clipboard.destroy()
}

/** Handsontable's clipboard and fill hooks, the Ctrl+D / Ctrl+R shortcuts and the window's clipboard events. */
class FormulaClipboard {
  /** What the copy hook captured, for the clipboard event that follows it. */
  private pendingCopy: PendingCopy | undefined
  /** The Samplan block of the paste under way, read before Handsontable's own paste handling. */
  private pendingPaste: CopiedBlock | undefined
  /** Cut blocks already pasted (as their JSON): pasted again, a cut is a copy. */
  private readonly pastedCuts = new Set<string>()
  private readonly hooks: Partial<Handsontable.GridSettings>

  constructor(
    private readonly hot: Handsontable,
    private readonly host: ClipboardHost,
  ) {
    this.hooks = {
      beforeCopy: (data: unknown[][], coords: RangeLike[]) => this.capture(data, coords, 'copy'),
      beforeCut: (data: unknown[][], coords: RangeLike[]) => this.capture(data, coords, 'cut'),
      beforePaste: () => this.paste(),
      beforeAutofill: ((_data: unknown, source: CornerRange, target: CornerRange) => {
        this.fill(rectOfCorners(source), rectOfCorners(target))
        // The domain wrote the cells; Handsontable's own fill (which copies formula text unchanged) must not.
        return false
      }) as unknown as Handsontable.GridSettings['beforeAutofill'],
      beforeChange: (changes: Array<Handsontable.CellChange | null>, source: string) => this.moveTypedFormula(changes, source),
    }
    for (const [name, fn] of Object.entries(this.hooks)) hot.addHook(name as never, fn as never)
    // The fill handle never adds rows to Handsontable's copy of the data: rows belong to the doc.
    hot.updateSettings({ fillHandle: { autoInsertRow: false } })
    const whenSelected = () => hot.getSelectedRangeLast() !== undefined && !hot.getActiveEditor()?.isOpened()
    hot
      .getShortcutManager()
      .getContext('grid')
      ?.addShortcuts(
        [
          { keys: [['Control/Meta', 'd']], callback: () => this.fillFromEdge('down'), runOnlyIf: whenSelected },
          { keys: [['Control/Meta', 'r']], callback: () => this.fillFromEdge('right'), runOnlyIf: whenSelected },
        ],
        { group: SHORTCUT_GROUP },
      )
    // After Handsontable's own listeners (document, grid element): window, bubbling. Paste: before them.
    window.addEventListener('copy', this.copied)
    window.addEventListener('cut', this.copied)
    window.addEventListener('paste', this.pasteStarted, true)
    window.addEventListener('paste', this.pasteEnded)
  }

  destroy(): void {
    window.removeEventListener('copy', this.copied)
    window.removeEventListener('cut', this.copied)
    window.removeEventListener('paste', this.pasteStarted, true)
    window.removeEventListener('paste', this.pasteEnded)
    this.hot.getShortcutManager().getContext('grid')?.removeShortcutsByGroup(SHORTCUT_GROUP)
    for (const [name, fn] of Object.entries(this.hooks)) this.hot.removeHook(name as never, fn as never)
  }

  /** Replaces Handsontable's copied data (inputs) by what the cells show, and keeps the block. */
  private capture(data: unknown[][], coords: RangeLike[], mode: 'copy' | 'cut'): void {
    const grid = this.host.grid()
    if (!grid || coords.length === 0) return
    const rect = rectOfRange(coords[coords.length - 1]!)
    const shown: string[][] = []
    const numbers: Array<Array<number | undefined>> = []
    for (let r = rect.top; r <= rect.bottom; r++) {
      const cols = Array.from({ length: rect.right - rect.left + 1 }, (_, i) => rect.left + i)
      shown.push(cols.map((c) => this.host.shownText(r, c)))
      numbers.push(cols.map((c) => this.host.numberAt(r, c)))
    }
    // Handsontable writes text/plain from `data`: the shown values, not the inputs.
    if (coords.length === 1 && data.length === shown.length) shown.forEach((row, i) => (data[i] = [...row]))
    const cells = (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1)
    const block = coords.length === 1 && cells <= MAX_COPIED_CELLS ? this.copyBlock(grid, rect, mode) : undefined
    this.pendingCopy = { block, shown, numbers }
  }

  /** A cut moves only when every cut cell is emptied; otherwise it pastes as a copy. */
  private copyBlock(grid: SheetGrid, rect: CellRect, mode: 'copy' | 'cut'): CopiedBlock {
    let allMine = true
    for (let r = rect.top; r <= rect.bottom && allMine; r++) for (let c = rect.left; c <= rect.right; c++) if (!this.host.canEdit(grid, r, c)) allMine = false
    return copyCells(this.host.workbook, grid.sheet.id, rect, mode === 'cut' && allMine ? 'cut' : 'copy')
  }

  private readonly copied = (event: ClipboardEvent) => {
    const pending = this.pendingCopy
    this.pendingCopy = undefined
    // Handsontable handled the event (and prevented the browser's own copy) when it ran beforeCopy.
    if (!pending || !event.clipboardData || !event.defaultPrevented) return
    event.clipboardData.setData('text/html', clipboardHtml(pending.shown, pending.numbers, pending.block))
    if (pending.block) event.clipboardData.setData(SAMPLAN_CLIPBOARD_TYPE, JSON.stringify(pending.block))
  }

  private readonly pasteStarted = (event: ClipboardEvent) => {
    this.pendingPaste = readBlock(event.clipboardData)
  }

  private readonly pasteEnded = () => {
    this.pendingPaste = undefined
  }

  /** Handsontable's paste: a Samplan block is written by the domain instead (false stops Handsontable's). */
  private paste(): false | undefined {
    const block = this.pendingPaste
    this.pendingPaste = undefined
    if (!block) return undefined
    const grid = this.host.grid()
    const rect = selectedRect(this.hot)
    if (!grid || !rect) return false
    const key = JSON.stringify(block)
    const asPasted: CopiedBlock = block.mode === 'cut' && this.pastedCuts.has(key) ? { ...block, mode: 'copy' } : block
    if (block.mode === 'cut') this.pastedCuts.add(key)
    this.report(pasteCells(this.host.workbook, grid.sheet.id, rect, asPasted, { canWrite: this.writable(grid) }))
    return false
  }

  private fill(source: CellRect, target: CellRect): void {
    const grid = this.host.grid()
    if (!grid) return
    const result = fillCells(this.host.workbook, grid.sheet.id, source, target, { canWrite: this.writable(grid) })
    const all = spanOf(source, target)
    this.hot.selectCell(all.top, all.left, all.bottom, all.right, false)
    if (result.skipped > 0) this.host.onSkipped(result.skipped, all)
  }

  private fillFromEdge(axis: 'down' | 'right'): void {
    const rect = selectedRect(this.hot)
    const ranges = rect && edgeFill(rect, axis)
    if (ranges) this.fill(ranges.source, ranges.target)
  }

  /** Ctrl+Enter puts the active cell's text into every selected cell: move its formula to each one. */
  private moveTypedFormula(changes: Array<Handsontable.CellChange | null>, source: string): void {
    if (source !== 'edit' || changes.length < 2) return
    const value = changes[0]?.[3]
    if (typeof value !== 'string' || !value.startsWith('=') || !changes.every((c) => c === null || c[3] === value)) return
    const origin = this.hot.getSelectedRangeLast()?.highlight
    if (!origin || origin.row === null || origin.col === null) return
    for (const change of changes) {
      if (change) change[3] = shiftFormula(value, this.host.locale, change[0] - origin.row, Number(change[1]) - origin.col)
    }
  }

  private writable(grid: SheetGrid) {
    return (row: number, col: number) => this.host.canEdit(grid, row, col)
  }

  private report(result: PasteResult): void {
    if (result.area) this.hot.selectCell(result.area.top, result.area.left, result.area.bottom, result.area.right, false)
    if (result.skipped > 0 && result.area) this.host.onSkipped(result.skipped, result.area)
  }
}
