import type * as Y from 'yjs'
import type { FormulaContext } from '../formula/convert'
import { positionsOf } from './positions'
import { effectiveSheetNames, hasSheet } from './read'
import { resolveEdge } from './tombs'
import { sheetRoots, type SheetId, type Workbook } from './workbook'

/**
 * Formula conversion context over the doc. A class rather than a literal of
 * closures: the mirror creates one per rendered formula.
 */
class DocFormulaContext implements FormulaContext {
  // A context lives for one conversion, during which names cannot change.
  private names: ReadonlyMap<string, string> | undefined

  constructor(
    private readonly wb: Workbook,
    readonly sheetId: SheetId,
  ) {}

  private exists(id: string): boolean {
    return hasSheet(this.wb, id)
  }

  private axis(id: string, axis: 'rows' | 'cols') {
    const r = sheetRoots(this.wb, id)
    return positionsOf(this.wb, axis === 'rows' ? r.rows : r.cols)
  }

  private shownNames(): ReadonlyMap<string, string> {
    this.names ??= effectiveSheetNames(this.wb)
    return this.names
  }

  sheetIdByName(name: string): string | undefined {
    const wanted = name.toLocaleLowerCase('sv-SE')
    for (const [id, n] of this.shownNames()) if (n.toLocaleLowerCase('sv-SE') === wanted) return id
    return undefined
  }

  sheetName(id: string): string | undefined {
    return this.shownNames().get(id)
  }

  rowIdAt(id: string, index: number): string | undefined {
    return this.exists(id) ? this.axis(id, 'rows').ids[index] : undefined
  }

  colIdAt(id: string, index: number): string | undefined {
    return this.exists(id) ? this.axis(id, 'cols').ids[index] : undefined
  }

  rowIndex(id: string, rowId: string): number | undefined {
    return this.exists(id) ? this.axis(id, 'rows').index.get(rowId) : undefined
  }

  colIndex(id: string, colId: string): number | undefined {
    return this.exists(id) ? this.axis(id, 'cols').index.get(colId) : undefined
  }

  edgeIndex(id: string, axis: 'rows' | 'cols', itemId: string, edge: 'start' | 'end'): number | undefined {
    if (!this.exists(id)) return undefined
    const r = sheetRoots(this.wb, id)
    const p = this.axis(id, axis)
    const specs = (axis === 'rows' ? r.rowSpecs : r.colSpecs) as unknown as Y.Map<unknown>
    return resolveEdge(p.index, p.ids.length, specs, itemId, edge)
  }
}

/** Formula conversion context of a sheet, reading current positions from the doc. */
export function formulaContext(wb: Workbook, sheetId: SheetId): FormulaContext {
  return new DocFormulaContext(wb, sheetId)
}
