import {
  getCellInput,
  isFormula,
  observeWorkbook,
  textInSums,
  type CellInput,
  type SummedTextWarning,
  type Workbook,
  type WorkbookChange,
} from '@samplan/domain'

const cellKey = (sheetId: string, rowId: string, colId: string) => `${sheetId}|${rowId}|${colId}`

/** A text input: what V7 counts (formulas and computed text never do). */
function isTextInput(input: CellInput | undefined): boolean {
  return typeof input === 'string' && input !== '' && !isFormula(input)
}

/**
 * The V7 warnings of formula cells (domain SPEC V7), each kept until a change could alter it, so a
 * repaint after a colleague's number edit does not search every total's ranges again. A warning
 * depends on the formula, the positions and kinds of rows and columns, and the text inputs in its
 * ranges: so every warning is dropped when sheets, rows, columns or specs change, when a cell gets a
 * text input, or when a text cell a warning names changes; a cell whose formula changed is
 * computed again when read.
 */
export class SummedTextCache {
  private readonly warnings = new Map<string, { input: string; warning: SummedTextWarning | null }>()
  /** The text cells the kept warnings name. */
  private readonly named = new Set<string>()
  private readonly stop: () => void

  /** `dropped` hears when kept warnings were dropped: cells drawn with them may show another one now. */
  constructor(
    private readonly workbook: Workbook,
    dropped: () => void = () => {},
  ) {
    this.stop = observeWorkbook(workbook, (change) => {
      if (!this.mayChange(change)) return
      this.clear()
      dropped()
    })
  }

  /** The V7 warning of a cell holding `input` (none for a value that is no formula). */
  warningOf(sheetId: string, rowId: string, colId: string, input: CellInput | undefined): SummedTextWarning | undefined {
    if (typeof input !== 'string' || !isFormula(input)) return undefined
    const key = cellKey(sheetId, rowId, colId)
    const kept = this.warnings.get(key)
    if (kept?.input === input) return kept.warning ?? undefined
    const warning = textInSums(this.workbook, sheetId, input) ?? null
    this.warnings.set(key, { input, warning })
    for (const cell of warning?.cells ?? []) this.named.add(cellKey(cell.sheetId, cell.rowId, cell.colId))
    return warning ?? undefined
  }

  destroy(): void {
    this.stop()
  }

  private mayChange(change: WorkbookChange): boolean {
    if (this.warnings.size === 0) return false
    if (change.sheetsChanged || change.structure.length > 0 || change.specsChanged.length > 0) return true
    return change.cells.some(
      ({ sheetId, rowId, colId }) =>
        this.named.has(cellKey(sheetId, rowId, colId)) || isTextInput(getCellInput(this.workbook, sheetId, rowId, colId)),
    )
  }

  private clear(): void {
    this.warnings.clear()
    this.named.clear()
  }
}
