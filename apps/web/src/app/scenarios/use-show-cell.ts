import { getSheetGrid, type CellRef, type Workbook } from '@samplan/domain'
import { type RefObject, useCallback, useEffect, useState } from 'react'
import type { WorkbookGrid } from '../../grid/workbook-grid'

/** Shows a cell in the grid, switching sheets first when it lies on another one (as search does). */
export function useShowCell(
  workbook: Workbook | null,
  grid: RefObject<WorkbookGrid | null>,
  activeSheet: string | null,
  setActiveSheet: (sheetId: string) => void,
): (cell: CellRef) => void {
  const [pending, setPending] = useState<{ sheetId: string; row: number; col: number } | null>(null)

  // The grid shows a newly chosen sheet in its own effect, which runs after this one: select a frame later.
  useEffect(() => {
    if (!pending || pending.sheetId !== activeSheet) return
    const frame = requestAnimationFrame(() => {
      grid.current?.revealCell(pending.row, pending.col)
      setPending(null)
    })
    return () => cancelAnimationFrame(frame)
  }, [pending, activeSheet, grid])

  return useCallback(
    (cell: CellRef) => {
      if (!workbook) return
      const sheet = getSheetGrid(workbook, cell.sheetId)
      const at = { sheetId: cell.sheetId, row: sheet.rowIds.indexOf(cell.rowId), col: sheet.colIds.indexOf(cell.colId) }
      if (cell.sheetId === activeSheet) grid.current?.revealCell(at.row, at.col)
      else {
        setPending(at)
        setActiveSheet(cell.sheetId)
      }
    },
    [workbook, grid, activeSheet, setActiveSheet],
  )
}
