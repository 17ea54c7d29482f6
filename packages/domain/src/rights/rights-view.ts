import { getWorkbookStatus } from '../model/read'
import { positionsOf } from '../model/positions'
import { ROOT_SHEETS, sheetRootNames, type Workbook, type WorkbookStatus } from '../model/workbook'
import type { ColumnSpec, RowSpec } from '../schema/sheet'
import type { RightsView } from './rights'

/**
 * Reads what the rights check needs from the live workbook. Root types are
 * only looked up, never created: sheet ids come from untrusted updates.
 */
export function createRightsView(wb: Workbook): RightsView {
  return new WorkbookRightsView(wb)
}

/**
 * A class rather than an object of closures: the server builds one for every update it judges, and
 * methods on a prototype cost nothing per view.
 */
class WorkbookRightsView implements RightsView {
  readonly status: WorkbookStatus

  constructor(private readonly wb: Workbook) {
    this.status = getWorkbookStatus(wb)
  }

  columnSpec(sheetId: string, colId: string): ColumnSpec | undefined {
    return this.map(sheetRootNames(sheetId).colSpecs)?.get(colId) as ColumnSpec | undefined
  }

  rowSpec(sheetId: string, rowId: string): RowSpec | undefined {
    return this.map(sheetRootNames(sheetId).rowSpecs)?.get(rowId) as RowSpec | undefined
  }

  hasSheet(sheetId: string): boolean {
    return this.ids(ROOT_SHEETS).has(sheetId) && this.map(sheetRootNames(sheetId).meta)?.has('name') === true
  }

  hasRow(sheetId: string, rowId: string): boolean {
    return this.ids(sheetRootNames(sheetId).rows).has(rowId)
  }

  hasColumn(sheetId: string, colId: string): boolean {
    return this.ids(sheetRootNames(sheetId).cols).has(colId)
  }

  commentAuthor(sheetId: string, commentId: string): string | undefined {
    return (this.map(sheetRootNames(sheetId).comments)?.get(commentId) as { authorId?: string } | undefined)?.authorId
  }

  private map(name: string) {
    const doc = this.wb.doc
    return doc.share.has(name) ? doc.getMap<unknown>(name) : undefined
  }

  private ids(name: string): Map<string, number> {
    const doc = this.wb.doc
    return doc.share.has(name) ? positionsOf(this.wb, doc.getArray<string>(name)).index : new Map<string, number>()
  }
}
