import type * as Y from 'yjs'
import { IndexOutOfRangeError, InvalidSheetNameError } from '../errors'
import { invalidatePositions } from '../model/positions'
import { findSheetByName, requireSheet } from '../model/read'
import { nextId, sheetOrder, sheetRoots, type SheetId, type Workbook } from '../model/workbook'
import { Origin } from '../origin'
import { ColumnSpec, type SheetKind } from '../schema/sheet'

const FORBIDDEN = /[[\]:*?/\\]/

/** Checks a sheet name the way Excel does (1-31 chars, none of `[]:*?/\`, unique); throws InvalidSheetNameError. */
export function checkSheetName(wb: Workbook, name: string, self?: SheetId): void {
  if (name.trim() === '') throw new InvalidSheetNameError(name, 'empty')
  if (name.length > 31) throw new InvalidSheetNameError(name, 'too-long')
  if (FORBIDDEN.test(name) || name.startsWith("'") || name.endsWith("'")) {
    throw new InvalidSheetNameError(name, 'forbidden-character')
  }
  const other = findSheetByName(wb, name)
  if (other && other.id !== self) throw new InvalidSheetNameError(name, 'taken')
}

export interface AddSheetInit {
  name: string
  kind: SheetKind
  columns: ColumnSpec[]
  frozenRows?: number
  source?: string
  /** Tab position; default last. */
  index?: number
}

/** Adds a sheet with its columns (and no rows). Throws InvalidSheetNameError, IndexOutOfRangeError. */
export function addSheet(wb: Workbook, init: AddSheetInit, origin: unknown = Origin.LocalEdit): SheetId {
  checkSheetName(wb, init.name)
  const order = sheetOrder(wb)
  const index = init.index ?? order.length
  if (index < 0 || index > order.length) throw new IndexOutOfRangeError('sheets', index, 1, order.length)
  const id = nextId(wb)
  wb.doc.transact(() => {
    invalidatePositions(wb)
    const r = sheetRoots(wb, id)
    r.meta.set('name', init.name)
    r.meta.set('kind', init.kind)
    r.meta.set('frozenRows', init.frozenRows ?? 0)
    if (init.source !== undefined) r.meta.set('source', init.source)
    const colIds = init.columns.map(() => nextId(wb))
    r.cols.insert(0, colIds)
    init.columns.forEach((spec, i) => r.colSpecs.set(colIds[i]!, ColumnSpec.parse(spec)))
    order.insert(index, [id])
  }, origin)
  return id
}

/** Renames a sheet; formulas elsewhere store its id, so they follow. Throws SheetNotFoundError, InvalidSheetNameError. */
export function renameSheet(wb: Workbook, sheetId: SheetId, name: string, origin: unknown = Origin.LocalEdit): void {
  requireSheet(wb, sheetId)
  checkSheetName(wb, name, sheetId)
  wb.doc.transact(() => sheetRoots(wb, sheetId).meta.set('name', name), origin)
}

/** Sets how many top rows stay visible while scrolling. Throws SheetNotFoundError. */
export function setFrozenRows(wb: Workbook, sheetId: SheetId, frozenRows: number, origin: unknown = Origin.LocalEdit): void {
  requireSheet(wb, sheetId)
  wb.doc.transact(() => sheetRoots(wb, sheetId).meta.set('frozenRows', Math.max(0, Math.floor(frozenRows))), origin)
}

/**
 * Removes a sheet and everything in it. Formulas elsewhere that refer to it
 * render #REF! (they keep its id, SPEC F5). Throws SheetNotFoundError.
 */
export function deleteSheet(wb: Workbook, sheetId: SheetId, origin: unknown = Origin.LocalEdit): void {
  requireSheet(wb, sheetId)
  wb.doc.transact(() => {
    invalidatePositions(wb)
    const order = sheetOrder(wb)
    const index = order.toArray().indexOf(sheetId)
    if (index >= 0) order.delete(index, 1)
    // The roots stay (root types cannot be removed) but are emptied, so the doc does not keep dead data.
    const r = sheetRoots(wb, sheetId)
    r.rows.delete(0, r.rows.length)
    r.cols.delete(0, r.cols.length)
    for (const map of [r.meta, r.colSpecs, r.rowSpecs, r.cells, r.notes] as unknown as Array<Y.Map<unknown>>) {
      for (const key of [...map.keys()]) map.delete(key)
    }
  }, origin)
}
