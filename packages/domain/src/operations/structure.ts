import type * as Y from 'yjs'
import { ColumnNotFoundError, IndexOutOfRangeError, RowNotFoundError } from '../errors'
import { tombKey, type Tomb } from '../model/tombs'
import { invalidatePositions, positionsOf } from '../model/positions'
import { requireSheet } from '../model/read'
import {
  nextId,
  sheetRoots,
  splitCellKey,
  type ColId,
  type RowId,
  type SheetId,
  type Workbook,
} from '../model/workbook'
import { Origin } from '../origin'
import { ColumnSpec, RowSpec } from '../schema/sheet'

function checkRange(axis: 'rows' | 'cols', index: number, count: number, length: number, inserting: boolean): void {
  const ok = Number.isInteger(index) && Number.isInteger(count) && index >= 0 && count >= 0 &&
    (inserting ? index <= length : index + count <= length)
  if (!ok) throw new IndexOutOfRangeError(axis, index, count, length)
}

/** Inserts `count` new rows before `index` (length appends). Throws SheetNotFoundError, IndexOutOfRangeError. */
export function insertRows(
  wb: Workbook,
  sheetId: SheetId,
  index: number,
  count: number,
  specs?: readonly RowSpec[],
  origin: unknown = Origin.LocalEdit,
): RowId[] {
  requireSheet(wb, sheetId)
  const r = sheetRoots(wb, sheetId)
  checkRange('rows', index, count, r.rows.length, true)
  const ids = Array.from({ length: count }, () => nextId(wb))
  if (count === 0) return ids
  wb.doc.transact(() => {
    invalidatePositions(wb)
    r.rows.insert(index, ids)
    // A row inserted without a spec is a person's new data row: marked so its label can be written ([R3]).
    ids.forEach((id, i) => {
      const parsed = RowSpec.parse(specs ? specs[i] : { kind: 'data', added: true })
      // Default specs are not stored: most rows are plain data rows.
      if (parsed.kind !== 'data' || parsed.omrade !== undefined || parsed.added) r.rowSpecs.set(id, parsed)
    })
  }, origin)
  return ids
}

/** Inserts columns before `index`, one per spec. Throws SheetNotFoundError, IndexOutOfRangeError. */
export function insertColumns(
  wb: Workbook,
  sheetId: SheetId,
  index: number,
  specs: readonly ColumnSpec[],
  origin: unknown = Origin.LocalEdit,
): ColId[] {
  requireSheet(wb, sheetId)
  const r = sheetRoots(wb, sheetId)
  checkRange('cols', index, specs.length, r.cols.length, true)
  const ids = specs.map(() => nextId(wb))
  if (ids.length === 0) return ids
  wb.doc.transact(() => {
    invalidatePositions(wb)
    r.cols.insert(index, ids)
    specs.forEach((spec, i) => r.colSpecs.set(ids[i]!, ColumnSpec.parse(spec)))
  }, origin)
  return ids
}

/**
 * Deletes ids from an axis with their cells, notes and specs, and leaves a
 * tomb per id naming its surviving neighbours, from which ranges whose corner
 * goes shrink when rendered (SPEC F6). No formula cell is written.
 */
function deleteAlong(
  wb: Workbook,
  sheetId: SheetId,
  axis: 'rows' | 'cols',
  arr: Y.Array<string>,
  index: number,
  count: number,
): void {
  const order = arr.toArray()
  const deleted = new Set(order.slice(index, index + count))
  const gone = (key: string) => {
    const { rowId, colId } = splitCellKey(key)
    return deleted.has(axis === 'rows' ? rowId : colId)
  }
  const r = sheetRoots(wb, sheetId)
  for (const map of [r.cells, r.notes] as unknown as Y.Map<unknown>[]) {
    const keys: string[] = []
    map.forEach((_v, key) => {
      if (gone(key)) keys.push(key)
    })
    for (const key of keys) map.delete(key)
  }
  const specs = (axis === 'rows' ? r.rowSpecs : r.colSpecs) as unknown as Y.Map<unknown>
  const tomb: Tomb = { before: order[index - 1] ?? null, after: order[index + count] ?? null }
  for (const id of deleted) {
    specs.delete(id)
    specs.set(tombKey(id), tomb)
  }
  arr.delete(index, count)
  invalidatePositions(wb)
}

/** Deletes rows; ranges shrink, single references to them render #REF!. Throws SheetNotFoundError, IndexOutOfRangeError. */
export function deleteRows(wb: Workbook, sheetId: SheetId, index: number, count: number, origin: unknown = Origin.LocalEdit): void {
  requireSheet(wb, sheetId)
  const r = sheetRoots(wb, sheetId)
  checkRange('rows', index, count, r.rows.length, false)
  if (count === 0) return
  wb.doc.transact(() => deleteAlong(wb, sheetId, 'rows', r.rows, index, count), origin)
}

/** Deletes columns; like deleteRows. Throws SheetNotFoundError, IndexOutOfRangeError. */
export function deleteColumns(wb: Workbook, sheetId: SheetId, index: number, count: number, origin: unknown = Origin.LocalEdit): void {
  requireSheet(wb, sheetId)
  const r = sheetRoots(wb, sheetId)
  checkRange('cols', index, count, r.cols.length, false)
  if (count === 0) return
  wb.doc.transact(() => deleteAlong(wb, sheetId, 'cols', r.cols, index, count), origin)
}

/** Replaces a column's spec. Throws SheetNotFoundError, ColumnNotFoundError, ZodError for an invalid spec. */
export function setColumnSpec(wb: Workbook, sheetId: SheetId, colId: ColId, spec: ColumnSpec, origin: unknown = Origin.LocalEdit): void {
  requireSheet(wb, sheetId)
  const r = sheetRoots(wb, sheetId)
  if (!positionsOf(wb, r.cols).index.has(colId)) throw new ColumnNotFoundError(sheetId, colId)
  const parsed = ColumnSpec.parse(spec)
  wb.doc.transact(() => r.colSpecs.set(colId, parsed), origin)
}

/** Replaces a row's spec (kind, område). Throws SheetNotFoundError, RowNotFoundError. */
export function setRowSpec(wb: Workbook, sheetId: SheetId, rowId: RowId, spec: RowSpec, origin: unknown = Origin.LocalEdit): void {
  requireSheet(wb, sheetId)
  const r = sheetRoots(wb, sheetId)
  if (!positionsOf(wb, r.rows).index.has(rowId)) throw new RowNotFoundError(sheetId, rowId)
  const parsed = RowSpec.parse(spec)
  wb.doc.transact(() => r.rowSpecs.set(rowId, parsed), origin)
}
