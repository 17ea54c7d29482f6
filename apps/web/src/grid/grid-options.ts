import type { FormulaLocale, SheetGrid } from '@samplan/domain'
import type { CellComputed } from '@samplan/formulas'
import type { CellAnnouncementLabels } from './cell-announcer'
import type { ConflictLabels } from './edit-conflicts'
import type { RefusalReason } from './edit-refusal'
import type { FormulaNoticeLabels } from './formula-entry'
import type { StructureLabels } from './hot-settings'
import type { RefusedEditLabels } from './refused-edits'

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
  /** What screen readers hear about the selected cell (cell-announcer.ts). */
  announcements: CellAnnouncementLabels
  /** The computed values of the selected cells, whenever the selection or the values change (the status bar). */
  onRangeValues?: (values: readonly CellComputed[]) => void
}

export interface GridNoticeLabels {
  refused: RefusedEditLabels
  conflict: ConflictLabels
}
