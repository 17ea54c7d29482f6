import type * as Y from 'yjs'
import type { WorkbookStatus } from '../contract/workflow'
import type { ColumnSpec, RowSpec, SheetKind } from '../schema/sheet'
import { newId } from '../ids'

export type SheetId = string
export type RowId = string
export type ColId = string

/** A raw cell input as stored: plain JSON. A string starting with '=' is a stored formula (see SPEC F1). */
export type CellInput = number | string | boolean | null

export type { WorkbookStatus }

/** A workbook is a Y.Doc plus the id source used for new rows, columns and sheets. */
export interface Workbook {
  readonly doc: Y.Doc
  /** Id generator; tests inject a seeded one for reproducible runs. Default: random base62. */
  readonly newId?: () => string
}

/** Options of openWorkbook. */
export interface OpenWorkbookOptions {
  newId?: () => string
}

/** Wraps an existing Y.Doc; writes nothing. */
export function openWorkbook(doc: Y.Doc, options: OpenWorkbookOptions = {}): Workbook {
  return { doc, newId: options.newId ?? newId }
}

/** A new id from the workbook's generator. */
export function nextId(wb: Workbook): string {
  return (wb.newId ?? newId)()
}

/** Stored sheet metadata, `sheet:<id>` map. */
export interface SheetMeta {
  name: string
  kind: SheetKind
  frozenRows: number
  source?: string
}

/** The root Yjs types of one sheet, all created by name (never nested, never lazily). */
export interface SheetRoots {
  meta: Y.Map<unknown>
  rows: Y.Array<RowId>
  cols: Y.Array<ColId>
  colSpecs: Y.Map<ColumnSpec>
  rowSpecs: Y.Map<RowSpec>
  cells: Y.Map<CellInput>
  notes: Y.Map<string>
}

export const ROOT_WORKBOOK = 'workbook'
export const ROOT_SHEETS = 'sheets'

/** Root type names of a sheet; other packages never need these, they use the API. */
export const sheetRootNames = (id: SheetId) => ({
  meta: `sheet:${id}`,
  rows: `rows:${id}`,
  cols: `cols:${id}`,
  colSpecs: `colspec:${id}`,
  rowSpecs: `rowspec:${id}`,
  cells: `cells:${id}`,
  notes: `notes:${id}`,
  comments: `comments:${id}`,
  charts: `charts:${id}`,
})

type SheetRootRole = keyof ReturnType<typeof sheetRootNames>

const SHEET_ROOT_PREFIXES = new Map<string, SheetRootRole>(
  Object.entries(sheetRootNames('')).map(([role, name]) => [name, role as SheetRootRole]),
)

/** What a root type holds, read from its name: the inverse of `sheetRootNames` and the workbook roots. */
export type RootRole =
  | { role: 'workbook' }
  | { role: 'sheets' }
  | { role: SheetRootRole; sheetId: SheetId }
  | { role: 'unknown' }

export function rootRole(name: string): RootRole {
  if (name === ROOT_WORKBOOK) return { role: 'workbook' }
  if (name === ROOT_SHEETS) return { role: 'sheets' }
  const sep = name.indexOf(':')
  const role = sep > 0 ? SHEET_ROOT_PREFIXES.get(name.slice(0, sep + 1)) : undefined
  return role && sep < name.length - 1 ? { role, sheetId: name.slice(sep + 1) } : { role: 'unknown' }
}

/** A cell of a sheet by stable ids: the one shape every package names a cell by. */
export interface CellRef {
  sheetId: SheetId
  rowId: RowId
  colId: ColId
}

export function workbookMap(wb: Workbook): Y.Map<unknown> {
  return wb.doc.getMap(ROOT_WORKBOOK)
}

export function sheetOrder(wb: Workbook): Y.Array<SheetId> {
  return wb.doc.getArray<SheetId>(ROOT_SHEETS)
}

// doc.getX() costs a map lookup and type checks per call; a root, once typed, never changes identity.
const rootCache = new WeakMap<Y.Doc, Map<SheetId, SheetRoots>>()

/** Root types of a sheet (does not check that the sheet exists). */
export function sheetRoots(wb: Workbook, id: SheetId): SheetRoots {
  let perDoc = rootCache.get(wb.doc)
  if (!perDoc) {
    perDoc = new Map()
    rootCache.set(wb.doc, perDoc)
  }
  let roots = perDoc.get(id)
  if (!roots) {
    roots = createSheetRoots(wb.doc, id)
    perDoc.set(id, roots)
  }
  return roots
}

function createSheetRoots(d: Y.Doc, id: SheetId): SheetRoots {
  const n = sheetRootNames(id)
  return {
    meta: d.getMap(n.meta),
    rows: d.getArray<RowId>(n.rows),
    cols: d.getArray<ColId>(n.cols),
    colSpecs: d.getMap<ColumnSpec>(n.colSpecs),
    rowSpecs: d.getMap<RowSpec>(n.rowSpecs),
    cells: d.getMap<CellInput>(n.cells),
    notes: d.getMap<string>(n.notes),
  }
}

/** Key of a cell in the flat `cells:<sheetId>` map. */
export function cellKey(rowId: RowId, colId: ColId): string {
  return `${rowId}:${colId}`
}

/** Inverse of cellKey. */
export function splitCellKey(key: string): { rowId: RowId; colId: ColId } {
  const i = key.indexOf(':')
  return { rowId: key.slice(0, i), colId: key.slice(i + 1) }
}

/** Whether an input is a stored formula. */
export function isFormula(input: CellInput | undefined): input is string {
  return typeof input === 'string' && input.startsWith('=')
}
