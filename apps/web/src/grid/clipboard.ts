import type Handsontable from 'handsontable/base'
import {
  CopiedBlock,
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

/**
 * Copy, cut, paste, the fill handle, Ctrl+D, Ctrl+R and Ctrl+Enter, moving formulas as Excel
 * and Google Sheets do (domain SPEC F11, F12). Handsontable's own clipboard plugin still reads
 * the keys and the browser's clipboard events; this module hooks into it:
 *
 * - Copying out of Samplan puts the values as shown (`20 684,1`) on the clipboard as text/plain,
 *   and as text/html whose cells carry the plain number in Excel's `x:num` attribute (so Excel,
 *   in any locale, gets numbers). Beside them goes the domain's `CopiedBlock` (the inputs, with
 *   formulas) under {@link SAMPLAN_CLIPBOARD_TYPE}, and again in the HTML table's
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
 * person may change; the others are left alone and reported through `onSkipped`.
 */
export const SAMPLAN_CLIPBOARD_TYPE = 'application/x-samplan-cells+json'

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

type RangeLike = { startRow: number; startCol: number; endRow: number; endCol: number }
/** What this module reads of Handsontable's CellRange. */
interface CornerRange {
  getTopStartCorner(): { row: number | null; col: number | null }
  getBottomEndCorner(): { row: number | null; col: number | null }
}

function rectOfRange(range: RangeLike): CellRect {
  return {
    top: Math.max(0, Math.min(range.startRow, range.endRow)),
    left: Math.max(0, Math.min(range.startCol, range.endCol)),
    bottom: Math.max(range.startRow, range.endRow),
    right: Math.max(range.startCol, range.endCol),
  }
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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** An HTML table Excel and Sheets read: shown text, the number in `x:num`, the block in `data-samplan`. */
export function clipboardHtml(shown: string[][], numbers: Array<Array<number | undefined>>, block: CopiedBlock | undefined): string {
  const rows = shown
    .map((row, i) => {
      const cells = row.map((text, j) => {
        const n = numbers[i]?.[j]
        const num = n === undefined ? '' : ` x:num="${escapeHtml(String(n))}" style="mso-number-format:General;text-align:right"`
        return `<td${num}>${escapeHtml(text)}</td>`
      })
      return `<tr>${cells.join('')}</tr>`
    })
    .join('')
  const data = block ? ` data-samplan="${escapeHtml(JSON.stringify(block))}"` : ''
  return (
    '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"><meta name="generator" content="Samplan"></head>' +
    `<body><table${data}><tbody>${rows}</tbody></table></body></html>`
  )
}

/** A Samplan block from a paste event's clipboard, or undefined (refused by the domain's schema). */
export function readBlock(data: DataTransfer | null): CopiedBlock | undefined {
  if (!data) return undefined
  const parse = (json: string) => {
    try {
      const result = CopiedBlock.safeParse(JSON.parse(json))
      return result.success ? result.data : undefined
    } catch {
      return undefined
    }
  }
  const own = data.getData(SAMPLAN_CLIPBOARD_TYPE)
  if (own) return parse(own)
  const html = data.getData('text/html')
  if (!html || !html.includes('data-samplan=')) return undefined
  const table = new DOMParser().parseFromString(html, 'text/html').querySelector('table[data-samplan]')
  const json = table?.getAttribute('data-samplan')
  return json ? parse(json) : undefined
}

interface PendingCopy {
  block: CopiedBlock | undefined
  shown: string[][]
  numbers: Array<Array<number | undefined>>
}

/** Wires the clipboard and fill actions into a grid; returns the function that removes them. */
export function installFormulaClipboard(hot: Handsontable, host: ClipboardHost): () => void {
  let pendingCopy: PendingCopy | undefined
  let pendingPaste: CopiedBlock | undefined
  // Cut blocks already pasted (as their JSON): pasted again, a cut is a copy.
  const pastedCuts = new Set<string>()

  const editable = (grid: SheetGrid) => (row: number, col: number) => host.canEdit(grid, row, col)

  const report = (result: PasteResult) => {
    if (result.area) hot.selectCell(result.area.top, result.area.left, result.area.bottom, result.area.right, false)
    if (result.skipped > 0 && result.area) host.onSkipped(result.skipped, result.area)
  }

  /** Replaces Handsontable's copied data (inputs) by what the cells show, and keeps the block. */
  const capture = (data: unknown[][], coords: RangeLike[], mode: 'copy' | 'cut'): void => {
    const grid = host.grid()
    if (!grid || coords.length === 0) return
    const rect = rectOfRange(coords[coords.length - 1]!)
    const shown: string[][] = []
    const numbers: Array<Array<number | undefined>> = []
    for (let r = rect.top; r <= rect.bottom; r++) {
      shown.push([])
      numbers.push([])
      for (let c = rect.left; c <= rect.right; c++) {
        shown[shown.length - 1]!.push(host.shownText(r, c))
        numbers[numbers.length - 1]!.push(host.numberAt(r, c))
      }
    }
    // Handsontable writes text/plain from `data`: the shown values, not the inputs.
    if (coords.length === 1 && data.length === shown.length) shown.forEach((row, i) => (data[i] = [...row]))
    const cells = (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1)
    let block: CopiedBlock | undefined
    if (coords.length === 1 && cells <= MAX_COPIED_CELLS) {
      // A cut moves only when every cut cell is emptied; otherwise it pastes as a copy.
      let allMine = true
      for (let r = rect.top; r <= rect.bottom && allMine; r++) for (let c = rect.left; c <= rect.right; c++) if (!host.canEdit(grid, r, c)) allMine = false
      block = copyCells(host.workbook, grid.sheet.id, rect, mode === 'cut' && allMine ? 'cut' : 'copy')
    }
    pendingCopy = { block, shown, numbers }
  }

  const onCopyDone = (event: ClipboardEvent) => {
    const pending = pendingCopy
    pendingCopy = undefined
    // Handsontable handled the event (and prevented the browser's own copy) when it ran beforeCopy.
    if (!pending || !event.clipboardData || !event.defaultPrevented) return
    event.clipboardData.setData('text/html', clipboardHtml(pending.shown, pending.numbers, pending.block))
    if (pending.block) event.clipboardData.setData(SAMPLAN_CLIPBOARD_TYPE, JSON.stringify(pending.block))
  }

  const onPasteStart = (event: ClipboardEvent) => {
    pendingPaste = readBlock(event.clipboardData)
  }
  const onPasteDone = () => {
    pendingPaste = undefined
  }

  const pasteBlock = (block: CopiedBlock): void => {
    const grid = host.grid()
    const rect = selectedRect(hot)
    if (!grid || !rect) return
    const key = JSON.stringify(block)
    const asPasted: CopiedBlock = block.mode === 'cut' && pastedCuts.has(key) ? { ...block, mode: 'copy' } : block
    if (block.mode === 'cut') pastedCuts.add(key)
    report(pasteCells(host.workbook, grid.sheet.id, rect, asPasted, { canWrite: editable(grid) }))
  }

  const fill = (source: CellRect, target: CellRect): void => {
    const grid = host.grid()
    if (!grid) return
    const result = fillCells(host.workbook, grid.sheet.id, source, target, { canWrite: editable(grid) })
    const all = {
      top: Math.min(source.top, target.top),
      left: Math.min(source.left, target.left),
      bottom: Math.max(source.bottom, target.bottom),
      right: Math.max(source.right, target.right),
    }
    hot.selectCell(all.top, all.left, all.bottom, all.right, false)
    if (result.skipped > 0) host.onSkipped(result.skipped, all)
  }

  /** Ctrl+D / Ctrl+R: the first row (column) of the selection into the rest; one cell copies its neighbour above (left). */
  const fillFromEdge = (axis: 'down' | 'right'): void => {
    const rect = selectedRect(hot)
    if (!rect) return
    if (axis === 'down') {
      if (rect.top === rect.bottom) {
        if (rect.top > 0) fill({ ...rect, top: rect.top - 1, bottom: rect.top - 1 }, rect)
      } else fill({ ...rect, bottom: rect.top }, { ...rect, top: rect.top + 1 })
    } else if (rect.left === rect.right) {
      if (rect.left > 0) fill({ ...rect, left: rect.left - 1, right: rect.left - 1 }, rect)
    } else fill({ ...rect, right: rect.left }, { ...rect, left: rect.left + 1 })
  }

  const hooks: Partial<Handsontable.GridSettings> = {
    beforeCopy: (data: unknown[][], coords: RangeLike[]) => capture(data, coords, 'copy'),
    beforeCut: (data: unknown[][], coords: RangeLike[]) => capture(data, coords, 'cut'),
    beforePaste: () => {
      const block = pendingPaste
      pendingPaste = undefined
      if (!block) return
      pasteBlock(block)
      return false
    },
    beforeAutofill: ((_data: unknown, sourceRange: CornerRange, targetRange: CornerRange) => {
      const corners = (range: CornerRange) => {
        const a = range.getTopStartCorner()
        const b = range.getBottomEndCorner()
        return rectOfRange({ startRow: a.row ?? 0, startCol: a.col ?? 0, endRow: b.row ?? 0, endCol: b.col ?? 0 })
      }
      fill(corners(sourceRange), corners(targetRange))
      // The domain wrote the cells; Handsontable's own fill (which copies formula text unchanged) must not.
      return false
    }) as unknown as Handsontable.GridSettings['beforeAutofill'],
    beforeChange: (changes: Array<Handsontable.CellChange | null>, source: string) => {
      // Ctrl+Enter puts the active cell's text into every selected cell: move its formula to each one.
      if (source !== 'edit' || changes.length < 2) return
      const value = changes[0]?.[3]
      if (typeof value !== 'string' || !value.startsWith('=') || !changes.every((c) => c === null || c[3] === value)) return
      const origin = hot.getSelectedRangeLast()?.highlight
      if (!origin || origin.row === null || origin.col === null) return
      for (const change of changes) {
        if (!change) continue
        change[3] = shiftFormula(value, host.locale, change[0] - origin.row, Number(change[1]) - origin.col)
      }
    },
  }
  for (const [name, fn] of Object.entries(hooks)) hot.addHook(name as never, fn as never)
  // The fill handle never adds rows to Handsontable's copy of the data: rows belong to the doc.
  hot.updateSettings({ fillHandle: { autoInsertRow: false } })

  const grid = hot.getShortcutManager().getContext('grid')
  const group = 'samplan.formulaFill'
  const whenSelected = () => hot.getSelectedRangeLast() !== undefined && !hot.getActiveEditor()?.isOpened()
  grid?.addShortcuts(
    [
      { keys: [['Control/Meta', 'd']], callback: () => fillFromEdge('down'), runOnlyIf: whenSelected },
      { keys: [['Control/Meta', 'r']], callback: () => fillFromEdge('right'), runOnlyIf: whenSelected },
    ],
    { group },
  )

  // After Handsontable's own listeners (document, grid element): window, bubbling. Paste: before them.
  window.addEventListener('copy', onCopyDone)
  window.addEventListener('cut', onCopyDone)
  window.addEventListener('paste', onPasteStart, true)
  window.addEventListener('paste', onPasteDone)
  return () => {
    window.removeEventListener('copy', onCopyDone)
    window.removeEventListener('cut', onCopyDone)
    window.removeEventListener('paste', onPasteStart, true)
    window.removeEventListener('paste', onPasteDone)
    grid?.removeShortcutsByGroup(group)
    for (const [name, fn] of Object.entries(hooks)) hot.removeHook(name as never, fn as never)
  }
}
