import type * as Y from 'yjs'
import { IndexOutOfRangeError, InvalidSheetNameError } from '../errors'
import { storedRefText } from '../formula/convert'
import { tokenize, type Address } from '../formula/tokens'
import { invalidatePositions } from '../model/positions'
import { findSheetByName, listSheets, requireSheet } from '../model/read'
import { isTombKey, tombKey, type Tomb } from '../model/tombs'
import {
  isFormula,
  nextId,
  sheetOrder,
  sheetRoots,
  splitCellKey,
  cellKey,
  type CellInput,
  type SheetId,
  type Workbook,
} from '../model/workbook'
import { copyChartsToDuplicate } from '../charts/charts'
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
    removeFromOrder(wb, sheetId)
    // The roots stay (root types cannot be removed) but are emptied, so the doc does not keep dead data.
    const r = sheetRoots(wb, sheetId)
    r.rows.delete(0, r.rows.length)
    r.cols.delete(0, r.cols.length)
    for (const map of [r.meta, r.colSpecs, r.rowSpecs, r.cells, r.notes] as unknown as Array<Y.Map<unknown>>) {
      for (const key of [...map.keys()]) map.delete(key)
    }
  }, origin)
}

/** Deletes every occurrence of a sheet id from the tab order (concurrent moves can leave two, S4); returns where the first was. */
function removeFromOrder(wb: Workbook, sheetId: SheetId): number {
  const order = sheetOrder(wb)
  const ids = order.toArray()
  let first = -1
  for (let i = ids.length - 1; i >= 0; i--) {
    if (ids[i] !== sheetId) continue
    order.delete(i, 1)
    first = i
  }
  return first
}

/**
 * Moves a sheet's tab to `toIndex` of the tab order as it is after the move (SPEC S4).
 * Throws SheetNotFoundError, IndexOutOfRangeError.
 */
export function moveSheet(wb: Workbook, sheetId: SheetId, toIndex: number, origin: unknown = Origin.LocalEdit): void {
  requireSheet(wb, sheetId)
  const listed = listSheets(wb).map((s) => s.id)
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= listed.length)
    throw new IndexOutOfRangeError('sheets', toIndex, 1, listed.length)
  const ids = sheetOrder(wb).toArray()
  if (listed.indexOf(sheetId) === toIndex && ids.indexOf(sheetId) === ids.lastIndexOf(sheetId)) return
  wb.doc.transact(() => {
    invalidatePositions(wb)
    removeFromOrder(wb, sheetId)
    const order = sheetOrder(wb)
    // Tab positions count listed sheets only, each once (S4, S6): the stored order may hold strays.
    const before = listed.filter((id) => id !== sheetId)[toIndex]
    order.insert(before === undefined ? order.length : order.toArray().indexOf(before), [sheetId])
  }, origin)
}

/** The first free `<base> <n>` from 1 up (`Blad 1`, `Blad 2`, …), as Excel and Sheets name a new sheet (SPEC S2). */
export function nextSheetName(wb: Workbook, base: string): string {
  const taken = new Set(listSheets(wb).map((s) => s.name.toLocaleLowerCase('sv-SE')))
  for (let n = 1; ; n++) {
    const candidate = `${base} ${n}`
    if (!taken.has(candidate.toLocaleLowerCase('sv-SE'))) return candidate
  }
}

/** The name Excel gives a copy: `Budget (2)`, or the next free number; shortened to fit 31 characters. */
export function copyName(wb: Workbook, name: string): string {
  const base = name.replace(/ \(\d+\)$/, '')
  const taken = new Set(listSheets(wb).map((s) => s.name.toLocaleLowerCase('sv-SE')))
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`
    const candidate = `${base.slice(0, 31 - suffix.length).trimEnd()}${suffix}`
    if (!taken.has(candidate.toLocaleLowerCase('sv-SE'))) return candidate
  }
}

/**
 * Copies a sheet right after itself (SPEC S5): name (`copyName` unless `name` is given), kind,
 * frozen rows, columns, rows, their specs and tombs, cells and notes, under new ids. Formulas in
 * the copy that refer to the source sheet refer to the copy; formulas elsewhere keep the source.
 * Throws SheetNotFoundError, InvalidSheetNameError.
 */
export function duplicateSheet(wb: Workbook, sheetId: SheetId, name?: string, origin: unknown = Origin.LocalEdit): SheetId {
  requireSheet(wb, sheetId)
  const src = sheetRoots(wb, sheetId)
  const newName = name ?? copyName(wb, String(src.meta.get('name') ?? ''))
  checkSheetName(wb, newName)
  const id = nextId(wb)
  const ids = new Map<string, string>()
  const mapId = (old: string) => {
    let fresh = ids.get(old)
    if (fresh === undefined) {
      fresh = nextId(wb)
      ids.set(old, fresh)
    }
    return fresh
  }
  const rowIds = src.rows.toArray().map(mapId)
  const colIds = src.cols.toArray().map(mapId)
  wb.doc.transact(() => {
    invalidatePositions(wb)
    const r = sheetRoots(wb, id)
    for (const [key, value] of src.meta.entries()) r.meta.set(key, value)
    r.meta.set('name', newName)
    r.cols.insert(0, colIds)
    r.rows.insert(0, rowIds)
    copySpecs(src.colSpecs as Y.Map<unknown>, r.colSpecs as Y.Map<unknown>, mapId)
    copySpecs(src.rowSpecs as Y.Map<unknown>, r.rowSpecs as Y.Map<unknown>, mapId)
    for (const [key, input] of src.cells.entries()) {
      const at = splitCellKey(key)
      r.cells.set(
        cellKey(mapId(at.rowId), mapId(at.colId)),
        isFormula(input) ? retargetFormula(input, sheetId, id, mapId) : (input as CellInput),
      )
    }
    for (const [key, note] of src.notes.entries()) {
      const at = splitCellKey(key)
      r.notes.set(cellKey(mapId(at.rowId), mapId(at.colId)), note)
    }
    copyChartsToDuplicate(wb, sheetId, id, mapId)
    const order = sheetOrder(wb)
    order.insert(order.toArray().indexOf(sheetId) + 1, [id])
  }, origin)
  return id
}

/** Copies specs and tombs (F6) under the new ids, so ranges of the copy shrink as the source's do. */
function copySpecs(from: Y.Map<unknown>, to: Y.Map<unknown>, mapId: (old: string) => string): void {
  for (const [key, value] of from.entries()) {
    if (!isTombKey(key)) {
      to.set(mapId(key), value)
      continue
    }
    const tomb = value as Tomb
    const copied: Tomb = { before: tomb.before === null ? null : mapId(tomb.before), after: tomb.after === null ? null : mapId(tomb.after) }
    to.set(tombKey(mapId(key.slice(1))), copied)
  }
}

/** A stored formula of the source sheet as it reads in the copy: its own-sheet references (named or not) point at the copy. */
function retargetFormula(input: string, from: SheetId, to: SheetId, mapId: (old: string) => string): string {
  const moveAddress = (a: Address): Address => (a.kind === 'id' ? { ...a, colId: mapId(a.colId), rowId: mapId(a.rowId) } : a)
  let out = '='
  for (const tok of tokenize(input.slice(1), 'stored')) {
    if (tok.t !== 'ref' || tok.a.kind !== 'id' || (tok.sheet !== null && (tok.sheet.by !== 'id' || tok.sheet.id !== from))) {
      out += tok.text
      continue
    }
    const sheet = tok.sheet === null ? null : { ...tok.sheet, id: to }
    out += storedRefText(sheet, moveAddress(tok.a), tok.b ? moveAddress(tok.b) : null)
  }
  return out
}

/**
 * A free sheet name based on `name`, as Excel makes one for an imported sheet: characters a sheet
 * name may not hold become `_`, at most 31 characters, ` (2)`, ` (3)`… while the name is taken in
 * the workbook or in `taken` (names already given in the same import, lower-cased; the result is added).
 */
export function freeSheetName(wb: Workbook, name: string, taken: Set<string>): string {
  const lower = (n: string) => n.toLocaleLowerCase('sv-SE')
  const base =
    name
      .replace(/[[\]:*?/\\]/g, '_')
      .replace(/^'+|'+$/g, '')
      .slice(0, 31) || 'Import'
  let candidate = base
  for (let n = 2; findSheetByName(wb, candidate) || taken.has(lower(candidate)); n++) {
    const suffix = ` (${n})`
    candidate = base.slice(0, 31 - suffix.length) + suffix
  }
  taken.add(lower(candidate))
  return candidate
}
