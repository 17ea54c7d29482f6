import { z } from 'zod'
import { nextId, sheetRootNames, type ColId, type RowId, type SheetId, type Workbook } from '../model/workbook'
import { Origin } from '../origin'

/** A cell comment as stored: one entry per comment, replies point at their thread's first comment. */
export const CellComment = z.object({
  id: z.string(),
  rowId: z.string(),
  colId: z.string(),
  /** The first comment of the thread; null for the first comment itself. */
  parentId: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string(),
  /** ISO time the comment was written. */
  at: z.string(),
  text: z.string().min(1).max(5000),
})
export type CellComment = z.infer<typeof CellComment>

export interface CommentThread {
  root: CellComment
  replies: CellComment[]
}

function commentsMap(wb: Workbook, sheetId: SheetId) {
  return wb.doc.getMap<CellComment>(sheetRootNames(sheetId).comments)
}

/** Adds a comment (or a reply when `parentId` is set) to a cell; returns its id. */
export function addComment(
  wb: Workbook,
  sheetId: SheetId,
  input: { rowId: RowId; colId: ColId; parentId?: string | null; author: { id: string; name: string }; text: string; at?: string },
  origin: unknown = Origin.LocalEdit,
): string {
  const comment = CellComment.parse({
    id: nextId(wb),
    rowId: input.rowId,
    colId: input.colId,
    parentId: input.parentId ?? null,
    authorId: input.author.id,
    authorName: input.author.name,
    at: input.at ?? new Date().toISOString(),
    text: input.text.trim(),
  })
  wb.doc.transact(() => commentsMap(wb, sheetId).set(comment.id, comment), origin)
  return comment.id
}

/** Deletes a comment and, for a thread's first comment, its replies. */
export function deleteComment(wb: Workbook, sheetId: SheetId, commentId: string, origin: unknown = Origin.LocalEdit): void {
  const map = commentsMap(wb, sheetId)
  wb.doc.transact(() => {
    for (const [id, c] of map.entries()) if (c.parentId === commentId) map.delete(id)
    map.delete(commentId)
  }, origin)
}

/** The threads on one cell, oldest first; replies whose thread is gone are dropped. */
export function cellThreads(wb: Workbook, sheetId: SheetId, rowId: RowId, colId: ColId): CommentThread[] {
  const onCell = [...commentsMap(wb, sheetId).values()].filter((c) => c.rowId === rowId && c.colId === colId)
  const byTime = (a: CellComment, b: CellComment) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)
  return onCell
    .filter((c) => c.parentId === null)
    .sort(byTime)
    .map((root) => ({ root, replies: onCell.filter((c) => c.parentId === root.id).sort(byTime) }))
}

/** Keys `rowId:colId` of the cells of a sheet that carry comments (for the grid's markers). */
export function commentedCells(wb: Workbook, sheetId: SheetId): Set<string> {
  const out = new Set<string>()
  for (const c of commentsMap(wb, sheetId).values()) out.add(`${c.rowId}:${c.colId}`)
  return out
}
