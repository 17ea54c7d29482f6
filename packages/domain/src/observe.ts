import type * as Y from 'yjs'
import { isTombKey } from './model/tombs'
import {
  ROOT_WORKBOOK,
  sheetOrder,
  sheetRootNames,
  sheetRoots,
  splitCellKey,
  type CellRef,
  type ColId,
  type RowId,
  type SheetId,
  type SheetRoots,
  type Workbook,
} from './model/workbook'

/** One Y.Array delta step of a row/column id list. */
export interface AxisDelta {
  retain?: number
  insert?: string[]
  delete?: number
}

/**
 * A comment entry added, overwritten or removed, with a cell whose threads it changed (SPEC O4): the
 * cell it is on, or was on when removed.
 */
export interface CommentChange extends CellRef {
  commentId: string
}

/** What one Y transaction changed in the workbook, normalised for the engine mirror and the grid (SPEC O1-O4). */
export interface WorkbookChange {
  origin: unknown
  local: boolean
  /** Sheets added, removed, renamed or reordered. Sheets added in this transaction report no structure/cells: read them whole. */
  sheetsChanged: boolean
  /** Title, epoch or status changed. */
  infoChanged: boolean
  structure: Array<{ sheetId: SheetId; axis: 'rows' | 'cols'; delta: AxisDelta[] }>
  cells: CellRef[]
  /** Sheets whose column specs, row specs or frozen rows changed. */
  specsChanged: SheetId[]
  /** Sheets whose cell notes changed. */
  notesChanged: SheetId[]
  /** Comments added, overwritten or removed, each with the cell whose threads changed (an overwrite that moves a comment lists both cells). */
  comments: CommentChange[]
}

// Yjs keys its change maps by the untyped base class.
// biome-ignore lint/suspicious/noExplicitAny: Yjs types its change maps with an untyped YEvent.
const asType = (t: object) => t as Y.AbstractType<Y.YEvent<any>>

/** The cell a stored comment entry is on; undefined for a value that names none (no thread shows it). */
function commentCell(value: unknown): { rowId: RowId; colId: ColId } | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { rowId, colId } = value as { rowId?: unknown; colId?: unknown }
  return typeof rowId === 'string' && typeof colId === 'string' ? { rowId, colId } : undefined
}

/**
 * The comment changes of one sheet in a transaction. Removed and overwritten entries are read from
 * the map event's old values, which Yjs keeps until the transaction's cleanup, after `afterTransaction`.
 */
function commentChanges(tr: Y.Transaction, sheetId: SheetId, comments: Y.Map<unknown>): CommentChange[] {
  if (!tr.changed.has(asType(comments))) return []
  const event = tr.changedParentTypes.get(asType(comments))?.find((e) => e.target === comments) as Y.YMapEvent<unknown> | undefined
  const out: CommentChange[] = []
  event?.keys.forEach(({ oldValue }, commentId) => {
    const before = commentCell(oldValue)
    const after = comments.has(commentId) ? commentCell(comments.get(commentId)) : undefined
    if (before) out.push({ sheetId, ...before, commentId })
    if (after && (before?.rowId !== after.rowId || before.colId !== after.colId)) out.push({ sheetId, ...after, commentId })
  })
  return out
}

/** Sheets whose ids the transaction inserted into the tab order. */
function addedSheetIds(tr: Y.Transaction, order: Y.Array<SheetId>): Set<SheetId> {
  const added = new Set<SheetId>()
  const orderEvent = tr.changedParentTypes.get(asType(order))?.find((e) => e.target === order)
  for (const step of orderEvent?.changes.delta ?? []) {
    for (const id of (step.insert as string[] | undefined) ?? []) added.add(id)
  }
  return added
}

/** Adds what the transaction changed in one sheet's roots to `change`. */
function readSheetChanges(tr: Y.Transaction, id: SheetId, r: SheetRoots, comments: Y.Map<unknown>, change: WorkbookChange): void {
  const metaKeys = tr.changed.get(asType(r.meta))
  if (metaKeys?.has('name')) change.sheetsChanged = true
  // Tombs of deleted rows/columns (`~id` keys) are not specs.
  const specKeys = [...(tr.changed.get(asType(r.colSpecs)) ?? []), ...(tr.changed.get(asType(r.rowSpecs)) ?? [])]
  if (
    metaKeys?.has('frozenRows') ||
    metaKeys?.has('kind') ||
    metaKeys?.has('source') ||
    specKeys.some((k) => k !== null && !isTombKey(k))
  ) {
    change.specsChanged.push(id)
  }
  for (const axis of ['rows', 'cols'] as const) {
    const arr = axis === 'rows' ? r.rows : r.cols
    const event = tr.changedParentTypes.get(asType(arr))?.find((e) => e.target === arr)
    if (event) change.structure.push({ sheetId: id, axis, delta: event.changes.delta as AxisDelta[] })
  }
  tr.changed.get(asType(r.cells))?.forEach((key) => {
    if (key !== null) change.cells.push({ sheetId: id, ...splitCellKey(key) })
  })
  if (tr.changed.has(asType(r.notes))) change.notesChanged.push(id)
  change.comments.push(...commentChanges(tr, id, comments))
}

function reportsAnything(change: WorkbookChange): boolean {
  return (
    change.sheetsChanged ||
    change.infoChanged ||
    change.structure.length > 0 ||
    change.cells.length > 0 ||
    change.specsChanged.length > 0 ||
    change.notesChanged.length > 0 ||
    change.comments.length > 0
  )
}

/**
 * Calls `onChange` once per Y transaction that touched the workbook, after
 * Yjs' own observers. Returns the unsubscribe function.
 */
export function observeWorkbook(wb: Workbook, onChange: (change: WorkbookChange) => void): () => void {
  const doc = wb.doc
  // Comments live in their own root per sheet, outside SheetRoots; typed once, a root keeps its identity.
  const commentRoots = new Map<SheetId, Y.Map<unknown>>()
  const commentsOf = (id: SheetId): Y.Map<unknown> => {
    let root = commentRoots.get(id)
    if (root === undefined) {
      root = doc.getMap(sheetRootNames(id).comments)
      commentRoots.set(id, root)
    }
    return root
  }
  // Typed roots must exist before a remote update arrives, or its changes land in untyped placeholders we cannot see.
  const typeRoots = (id: SheetId) => {
    sheetRoots(wb, id)
    commentsOf(id)
  }
  const handler = (tr: Y.Transaction) => {
    if (tr.changed.size === 0) return
    const order = sheetOrder(wb)
    const change: WorkbookChange = {
      origin: tr.origin,
      local: tr.local,
      sheetsChanged: tr.changed.has(asType(order)),
      infoChanged: tr.changed.has(asType(doc.getMap(ROOT_WORKBOOK))),
      structure: [],
      cells: [],
      specsChanged: [],
      notesChanged: [],
      comments: [],
    }
    const added = addedSheetIds(tr, order)
    for (const id of order.toArray()) {
      // A sheet added now is read whole by consumers (sheetsChanged), so it reports no deltas.
      if (!added.has(id)) readSheetChanges(tr, id, sheetRoots(wb, id), commentsOf(id), change)
    }
    for (const id of added) typeRoots(id)
    if (reportsAnything(change)) onChange(change)
  }
  for (const id of sheetOrder(wb).toArray()) typeRoots(id)
  doc.on('afterTransaction', handler)
  return () => doc.off('afterTransaction', handler)
}
