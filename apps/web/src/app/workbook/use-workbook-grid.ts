import { canChangeStructure, getWorkbookInfo, type Actor, type SheetGrid } from '@samplan/domain'
import type { CellComputed } from '@samplan/formulas'
import { useEffect, useRef, type RefObject } from 'react'
import { refusalReason } from '../../grid/edit-refusal'
import { WorkbookGrid, type SelectedCell } from '../../grid/workbook-grid'
import { setCursor, type Peer } from '../../sync/presence'
import { HANDSONTABLE_LICENSE_KEY } from '../config'
import type { Messages, UiLocale } from '../i18n'
import { highlightsOwnCells, mayEditAt } from './permissions'
import type { LiveWorkbook } from './use-live-workbook'

export interface WorkbookGridOptions {
  live: LiveWorkbook | null
  actor: Actor
  locale: UiLocale
  t: Messages
  sheetId: string | null
  peers: Peer[]
  onSelect: (cell: SelectedCell | null) => void
  /** The computed values of the selected cells, as the selection or the values change (the status bar). */
  onRangeValues?: (values: readonly CellComputed[]) => void
}

/**
 * The Handsontable grid in `host` for the live workbook: built when the workbook opens (again
 * after a resync), showing the active sheet and colleagues' selections; my selection is shared
 * as my presence cursor. Rights are read from the doc at each call, so a status change applies
 * at once.
 */
export function useWorkbookGrid(host: RefObject<HTMLElement | null>, options: WorkbookGridOptions): RefObject<WorkbookGrid | null> {
  const { live, actor, locale, t, sheetId, peers } = options
  const grid = useRef<WorkbookGrid | null>(null)
  const onSelect = useRef(options.onSelect)
  const onRangeValues = useRef(options.onRangeValues)
  // A grid rebuilt for a new role (an admin's change reaches an open page) shows the same sheet and colleagues.
  const shown = useRef({ sheetId, peers })
  useEffect(() => {
    onSelect.current = options.onSelect
    onRangeValues.current = options.onRangeValues
    shown.current = { sheetId, peers }
  })

  useEffect(() => {
    if (!live || !host.current) return
    const { workbook, awareness, undo, mirror } = live
    const status = () => getWorkbookInfo(workbook).status
    const created = new WorkbookGrid(host.current, workbook, mirror, {
      locale,
      licenseKey: HANDSONTABLE_LICENSE_KEY,
      canEdit: (sheet: SheetGrid, row: number, col: number) => mayEditAt(actor, status(), sheet, row, col),
      highlightEditable: highlightsOwnCells(actor.role),
      onSelect: (cell) => {
        onSelect.current(cell)
        setCursor(awareness, cell ? { sheetId: cell.sheetId, rowId: cell.rowId, colId: cell.colId } : null)
      },
      onUndo: undo.undo,
      onRedo: undo.redo,
      canChangeStructure: () => canChangeStructure(actor, status()),
      labels: t.structure,
      refusal: (sheet, row, col) => refusalReason(actor, status(), sheet.columns[col], sheet.rows[row]),
      notices: t.grid,
      formulaLabels: t.formulas,
      announcements: t.announcements,
      onRangeValues: (values) => onRangeValues.current?.(values),
    })
    grid.current = created
    if (shown.current.sheetId) {
      created.showSheet(shown.current.sheetId)
      created.setPeers(shown.current.peers)
    }
    return () => {
      created.destroy()
      grid.current = null
    }
  }, [host, live, locale, actor, t.structure, t.grid, t.formulas, t.announcements])

  useEffect(() => {
    if (sheetId) grid.current?.showSheet(sheetId)
  }, [sheetId, live])

  useEffect(() => {
    grid.current?.setPeers(peers)
  }, [peers, live, sheetId])

  return grid
}
