import type { FormulaContext } from '../formula/convert'
import { positionsOf } from './positions'
import { sheetOrder, sheetRoots, type SheetId, type Workbook } from './workbook'

/** Formula conversion context of a sheet, reading current positions from the doc. */
export function formulaContext(wb: Workbook, sheetId: SheetId): FormulaContext {
  const rows = (id: string) => positionsOf(wb, sheetRoots(wb, id).rows)
  const cols = (id: string) => positionsOf(wb, sheetRoots(wb, id).cols)
  const exists = (id: string) => positionsOf(wb, sheetOrder(wb)).index.has(id)
  return {
    sheetId,
    sheetIdByName(name) {
      const wanted = name.toLocaleLowerCase('sv-SE')
      return positionsOf(wb, sheetOrder(wb)).ids.find(
        (id) => String(sheetRoots(wb, id).meta.get('name') ?? '').toLocaleLowerCase('sv-SE') === wanted,
      )
    },
    sheetName(id) {
      if (!exists(id)) return undefined
      return String(sheetRoots(wb, id).meta.get('name') ?? '')
    },
    rowIdAt: (id, index) => (exists(id) ? rows(id).ids[index] : undefined),
    colIdAt: (id, index) => (exists(id) ? cols(id).ids[index] : undefined),
    rowIndex: (id, rowId) => (exists(id) ? rows(id).index.get(rowId) : undefined),
    colIndex: (id, colId) => (exists(id) ? cols(id).index.get(colId) : undefined),
  }
}
