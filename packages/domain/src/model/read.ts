import { SheetNotFoundError } from '../errors'
import type { ColumnSpec, RowSpec, SheetKind } from '../schema/sheet'
import { WorkbookSource } from '../schema/workbook-source'
import { positionsOf } from './positions'
import {
  cellKey,
  sheetOrder,
  sheetRoots,
  workbookMap,
  type CellInput,
  type CellRef,
  type ColId,
  type RowId,
  type SheetId,
  type Workbook,
  type WorkbookStatus,
} from './workbook'

export interface SheetInfo {
  id: SheetId
  name: string
  kind: SheetKind
  frozenRows: number
  source?: string
}

export interface SheetGrid {
  sheet: SheetInfo
  rowIds: RowId[]
  colIds: ColId[]
  /** Aligned with colIds. */
  columns: ColumnSpec[]
  /** Aligned with rowIds. */
  rows: RowSpec[]
}

const DEFAULT_ROW: RowSpec = { kind: 'data' }
// A column whose spec has not arrived yet (it always travels with the column id in one update, so this is defensive).
const DEFAULT_COLUMN: ColumnSpec = { label: '', type: 'text', editable: 'ekonom' }

/** The workbook's status alone (the rights check reads it for every update; getWorkbookInfo also parses the source). */
export function getWorkbookStatus(wb: Workbook): WorkbookStatus {
  return (workbookMap(wb).get('status') as WorkbookStatus | undefined) ?? 'utkast'
}

/** Title, epoch, status and (for a rolled-over workbook, RO7) its source; empty strings before initWorkbook. */
export function getWorkbookInfo(wb: Workbook): { title: string; epoch: string; status: WorkbookStatus; source?: WorkbookSource } {
  const m = workbookMap(wb)
  const info: { title: string; epoch: string; status: WorkbookStatus; source?: WorkbookSource } = {
    title: (m.get('title') as string | undefined) ?? '',
    epoch: (m.get('epoch') as string | undefined) ?? '',
    status: getWorkbookStatus(wb),
  }
  const source = WorkbookSource.safeParse(m.get('source'))
  if (source.success) info.source = source.data
  return info
}

/** Each doc's names as last worked out, with the stored names they came from. */
const namesMemo = new WeakMap<
  Workbook['doc'],
  { ids: readonly SheetId[]; stored: readonly (string | undefined)[]; names: ReadonlyMap<SheetId, string> }
>()

function storedName(wb: Workbook, id: SheetId): string | undefined {
  const meta = sheetRoots(wb, id).meta
  return meta.has('name') ? String(meta.get('name') ?? '') : undefined
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Names as users see them (SPEC M7): concurrent renames can give two sheets
 * the same stored name; every replica then shows the later one in tab order
 * as `Name (2)`, so references by name stay unambiguous everywhere. Worked out
 * again only when the tab order or a stored name differs from the last time:
 * the server names the cells of every update it audits, and comparing names
 * in sv-SE is what costs (naming a cell of VP 2024, 13 sheets: 4.6 µs, 2 µs with the names kept).
 */
export function effectiveSheetNames(wb: Workbook): ReadonlyMap<SheetId, string> {
  const ids = positionsOf(wb, sheetOrder(wb)).ids
  const stored = ids.map((id) => storedName(wb, id))
  const memo = namesMemo.get(wb.doc)
  if (memo && sameItems(memo.ids, ids) && sameItems(memo.stored, stored)) return memo.names
  const names = new Map<SheetId, string>()
  const taken = new Set<string>()
  for (const [i, id] of ids.entries()) {
    const storedAs = stored[i]
    // Two people moving one sheet at once leave its id twice; it shows at its first place (S4).
    // A deletion takes the name: a move concurrent with it brings back no nameless shell (S6).
    if (names.has(id) || storedAs === undefined) continue
    let name = storedAs
    for (let n = 2; taken.has(name.toLocaleLowerCase('sv-SE')); n++) name = `${storedAs} (${n})`
    taken.add(name.toLocaleLowerCase('sv-SE'))
    names.set(id, name)
  }
  namesMemo.set(wb.doc, { ids: [...ids], stored, names })
  return names
}

function sheetInfo(wb: Workbook, id: SheetId, names: ReadonlyMap<SheetId, string> = effectiveSheetNames(wb)): SheetInfo {
  const meta = sheetRoots(wb, id).meta
  const info: SheetInfo = {
    id,
    name: names.get(id) ?? '',
    kind: (meta.get('kind') as SheetKind | undefined) ?? 'generic',
    frozenRows: (meta.get('frozenRows') as number | undefined) ?? 0,
  }
  const source = meta.get('source') as string | undefined
  if (source !== undefined) info.source = source
  return info
}

/** Whether the sheet id is one of the workbook's sheets. */
export function hasSheet(wb: Workbook, id: SheetId): boolean {
  return positionsOf(wb, sheetOrder(wb)).index.has(id) && sheetRoots(wb, id).meta.has('name')
}

/** Throws SheetNotFoundError unless the sheet exists. */
export function requireSheet(wb: Workbook, id: SheetId): void {
  if (!hasSheet(wb, id)) throw new SheetNotFoundError(id)
}

/** All sheets in tab order. */
export function listSheets(wb: Workbook): SheetInfo[] {
  const names = effectiveSheetNames(wb)
  return [...names.keys()].map((id) => sheetInfo(wb, id, names))
}

/** The sheet with this name (case-insensitive, as spreadsheet references are), or undefined. */
export function findSheetByName(wb: Workbook, name: string): SheetInfo | undefined {
  const wanted = name.toLocaleLowerCase('sv-SE')
  return listSheets(wb).find((s) => s.name.toLocaleLowerCase('sv-SE') === wanted)
}

/** Row and column ids with their specs, in current order. Throws SheetNotFoundError. */
export function getSheetGrid(wb: Workbook, sheetId: SheetId): SheetGrid {
  requireSheet(wb, sheetId)
  const r = sheetRoots(wb, sheetId)
  const rowIds = [...positionsOf(wb, r.rows).ids]
  const colIds = [...positionsOf(wb, r.cols).ids]
  return {
    sheet: sheetInfo(wb, sheetId),
    rowIds,
    colIds,
    columns: colIds.map((id) => r.colSpecs.get(id) ?? DEFAULT_COLUMN),
    rows: rowIds.map((id) => r.rowSpecs.get(id) ?? DEFAULT_ROW),
  }
}

/** The raw input of a cell, or undefined when empty. */
export function getCellInput(wb: Workbook, sheetId: SheetId, rowId: RowId, colId: ColId): CellInput | undefined {
  return sheetRoots(wb, sheetId).cells.get(cellKey(rowId, colId))
}

/** The note attached to a cell, or undefined. */
export function getCellNote(wb: Workbook, sheetId: SheetId, rowId: RowId, colId: ColId): string | undefined {
  return sheetRoots(wb, sheetId).notes.get(cellKey(rowId, colId))
}

/**
 * The Yjs client id that wrote a cell's current value, or undefined for an empty cell. Presence
 * maps client ids to people, so the grid can say whose value an edit would overwrite.
 */
export function cellWriterClientId(wb: Workbook, cell: CellRef): number | undefined {
  const item = sheetRoots(wb, cell.sheetId).cells._map.get(cellKey(cell.rowId, cell.colId))
  return item && !item.deleted ? item.id.client : undefined
}
