import type * as Y from 'yjs'
import type { FormulaContext } from '../formula/convert'
import { resolveEdge } from './tombs'
import { positionsOf } from './positions'
import { effectiveSheetNames } from './read'
import { sheetOrder, sheetRoots, type SheetId, type Workbook } from './workbook'

/** Formula conversion context of a sheet, reading current positions from the doc. */
export function formulaContext(wb: Workbook, sheetId: SheetId): FormulaContext {
  const rows = (id: string) => positionsOf(wb, sheetRoots(wb, id).rows)
  const cols = (id: string) => positionsOf(wb, sheetRoots(wb, id).cols)
  const exists = (id: string) => positionsOf(wb, sheetOrder(wb)).index.has(id)
  // Computed once per context: a context lives for one conversion, during which names cannot change.
  let cached: Map<string, string> | undefined
  const names = () => (cached ??= effectiveSheetNames(wb))
  return {
    sheetId,
    sheetIdByName(name) {
      const wanted = name.toLocaleLowerCase('sv-SE')
      for (const [id, n] of names()) if (n.toLocaleLowerCase('sv-SE') === wanted) return id
      return undefined
    },
    sheetName: (id) => names().get(id),
    rowIdAt: (id, index) => (exists(id) ? rows(id).ids[index] : undefined),
    colIdAt: (id, index) => (exists(id) ? cols(id).ids[index] : undefined),
    rowIndex: (id, rowId) => (exists(id) ? rows(id).index.get(rowId) : undefined),
    colIndex: (id, colId) => (exists(id) ? cols(id).index.get(colId) : undefined),
    edgeIndex(id, axis, itemId, edge) {
      if (!exists(id)) return undefined
      const r = sheetRoots(wb, id)
      const p = axis === 'rows' ? rows(id) : cols(id)
      const specs = (axis === 'rows' ? r.rowSpecs : r.colSpecs) as unknown as Y.Map<unknown>
      return resolveEdge(p.index, p.ids.length, specs, itemId, edge)
    },
  }
}
