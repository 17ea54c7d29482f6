import type * as Y from 'yjs'
import { sheetOrder, sheetRootNames, sheetRoots, workbookMap, type Workbook } from './workbook'

// biome-ignore lint/suspicious/noExplicitAny: Y.UndoManager takes heterogeneous root types; its signature wants AbstractType<any>.
type AnyType = Y.AbstractType<any>

/**
 * Every root type a user's edits can touch, for a Y.UndoManager. Sheets added
 * later need `addToScope` again; call this after the sheet list changes.
 */
export function undoScope(wb: Workbook): AnyType[] {
  const out: AnyType[] = [sheetOrder(wb), workbookMap(wb)]
  for (const id of sheetOrder(wb).toArray()) {
    const r = sheetRoots(wb, id)
    const names = sheetRootNames(id)
    out.push(r.meta, r.rows, r.cols, r.colSpecs, r.rowSpecs, r.cells, r.notes, wb.doc.getMap(names.comments), wb.doc.getMap(names.charts))
  }
  return out
}
