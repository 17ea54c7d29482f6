import { getWorkbookStatus } from '../model/read'
import { positionsOf } from '../model/positions'
import { ROOT_SHEETS, sheetRootNames, type Workbook } from '../model/workbook'
import type { ColumnSpec, RowSpec } from '../schema/sheet'
import type { RightsView } from './rights'

/**
 * Reads what the rights check needs from the live workbook. Root types are
 * only looked up, never created: sheet ids come from untrusted updates.
 */
export function createRightsView(wb: Workbook): RightsView {
  const doc = wb.doc
  const map = (name: string) => (doc.share.has(name) ? doc.getMap<unknown>(name) : undefined)
  const ids = (name: string) => (doc.share.has(name) ? positionsOf(wb, doc.getArray<string>(name)).index : new Map<string, number>())
  return {
    status: getWorkbookStatus(wb),
    columnSpec: (sheetId, colId) => map(sheetRootNames(sheetId).colSpecs)?.get(colId) as ColumnSpec | undefined,
    rowSpec: (sheetId, rowId) => map(sheetRootNames(sheetId).rowSpecs)?.get(rowId) as RowSpec | undefined,
    hasSheet: (sheetId) => ids(ROOT_SHEETS).has(sheetId) && map(sheetRootNames(sheetId).meta)?.has('name') === true,
    hasRow: (sheetId, rowId) => ids(sheetRootNames(sheetId).rows).has(rowId),
    hasColumn: (sheetId, colId) => ids(sheetRootNames(sheetId).cols).has(colId),
    commentAuthor: (sheetId, commentId) =>
      (map(sheetRootNames(sheetId).comments)?.get(commentId) as { authorId?: string } | undefined)?.authorId,
  }
}
