import { getWorkbookInfo } from '../model/read'
import { positionsOf } from '../model/positions'
import { sheetRootNames, type Workbook } from '../model/workbook'
import { commentsRootName } from '../comments/comments'
import type { ColumnSpec, RowSpec } from '../schema/sheet'
import { checkUpdateTargets, type Actor, type RightsView } from './rights'
import { inspectUpdate, type UpdateTarget } from './update-targets'

/**
 * Reads what the rights check needs from the live workbook. Root types are
 * only looked up, never created: sheet ids come from untrusted updates.
 */
export function createRightsView(wb: Workbook): RightsView {
  const doc = wb.doc
  const map = (name: string) => (doc.share.has(name) ? doc.getMap<unknown>(name) : undefined)
  const ids = (name: string) =>
    doc.share.has(name) ? positionsOf(wb, doc.getArray<string>(name)).index : new Map<string, number>()
  return {
    status: getWorkbookInfo(wb).status,
    columnSpec: (sheetId, colId) => map(sheetRootNames(sheetId).colSpecs)?.get(colId) as ColumnSpec | undefined,
    rowSpec: (sheetId, rowId) => map(sheetRootNames(sheetId).rowSpecs)?.get(rowId) as RowSpec | undefined,
    hasRow: (sheetId, rowId) => ids(sheetRootNames(sheetId).rows).has(rowId),
    hasColumn: (sheetId, colId) => ids(sheetRootNames(sheetId).cols).has(colId),
    commentAuthor: (sheetId, commentId) =>
      (map(commentsRootName(sheetId))?.get(commentId) as { authorId?: string } | undefined)?.authorId,
  }
}

/**
 * The server's check of one incoming update: what it touches (read against the
 * live doc) and whether the actor may touch all of it. Anything unattributable is refused.
 */
export function checkUpdate(wb: Workbook, actor: Actor, update: Uint8Array): UpdateCheck {
  const inspection = inspectUpdate(wb.doc, update)
  if (!inspection.ok) return { ok: false, reason: inspection.reason }
  const { targets } = inspection
  if (targets.length === 0) return { ok: true, targets }
  const verdict = checkUpdateTargets(actor, createRightsView(wb), targets)
  return verdict.ok ? { ok: true, targets } : verdict
}

/** The outcome of checking an update: what it changes when allowed, why not otherwise. */
export type UpdateCheck = { ok: true; targets: UpdateTarget[] } | { ok: false; reason: string }
