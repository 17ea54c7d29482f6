/**
 * Where things are in the seeded VP 2024 workbook, read from a live copy of its
 * doc (ids are random per seed): the RSU sheet and its RSU-platser column, rows
 * per område, a budget sheet, and the item that currently holds a map key.
 */
import { cellKey, getCellInput, getSheetGrid, getWorkbookInfo, listSheets, openWorkbook, type Workbook, type WorkbookStatus } from '@samplan/domain'
import * as Y from 'yjs'

export interface WorkbookLayout {
  status: WorkbookStatus
  rsuSheetId: string
  /** The column whose spec says `editable: 'omradeschef'`. */
  platserColId: string
  /** RSU row id -> its rowspec `omrade` (undefined for rows without one). */
  omradeOfRow: Map<string, string | undefined>
  budgetSheetId: string
  sheetIds: string[]
}

export function workbookLayout(doc: Y.Doc): WorkbookLayout {
  const wb = openWorkbook(doc)
  const sheets = listSheets(wb)
  const rsu = sheets.find((s) => s.kind === 'rsu' && getSheetGrid(wb, s.id).columns.some((c) => c.editable === 'omradeschef'))
  const budget = sheets.find((s) => s.kind === 'budget')
  if (!rsu || !budget) throw new Error('the workbook has no RSU sheet with RSU-platser, or no budget sheet')
  const grid = getSheetGrid(wb, rsu.id)
  const platserColId = grid.colIds[grid.columns.findIndex((c) => c.editable === 'omradeschef')] as string
  return {
    status: getWorkbookInfo(wb).status,
    rsuSheetId: rsu.id,
    platserColId,
    omradeOfRow: new Map(grid.rowIds.map((id, i) => [id, grid.rows[i]?.omrade])),
    budgetSheetId: budget.id,
    sheetIds: sheets.map((s) => s.id),
  }
}

export const cellsRoot = (sheetId: string) => `cells:${sheetId}`

/** RSU row ids whose rowspec names `omrade`. */
export function rowsOf(layout: WorkbookLayout, omrade: string): string[] {
  return [...layout.omradeOfRow].filter(([, o]) => o === omrade).map(([id]) => id)
}

/** The RSU-platser cell keys an områdeschef of `omrade` may write. */
export function platserKeysOf(layout: WorkbookLayout, omrade: string): string[] {
  return rowsOf(layout, omrade).map((rowId) => cellKey(rowId, layout.platserColId))
}

/**
 * The oracle of R1/R4/R5 for one changed map key: may `omrade`'s chef change
 * `root[key]`? (A läsare may change nothing.)
 */
export function chefMayChange(layout: WorkbookLayout, omrade: string, root: string, key: string | null): boolean {
  if (layout.status === 'beslutad' || root !== cellsRoot(layout.rsuSheetId) || key === null) return false
  return platserKeysOf(layout, omrade).includes(key)
}

/** The item that holds `root[key]` now (possibly deleted), or undefined. */
export function valueItem(doc: Y.Doc, root: string, key: string): Y.Item | undefined {
  const type = doc.share.get(root) as Y.AbstractType<unknown> | undefined
  return type?._map.get(key)
}

/** Keys of `root` that hold a visible value. */
export function valuedKeys(doc: Y.Doc, root: string): string[] {
  const type = doc.share.get(root) as Y.AbstractType<unknown> | undefined
  return type ? [...type._map].filter(([, item]) => !item.deleted).map(([key]) => key) : []
}

/** A cell of the budget sheet an ekonom may edit (an `ekonom` column on a data row). */
export function ekonomCell(doc: Y.Doc, layout: WorkbookLayout): { sheetId: string; rowId: string; colId: string } {
  const grid = getSheetGrid(openWorkbook(doc), layout.budgetSheetId)
  const col = grid.columns.findIndex((c) => c.editable === 'ekonom')
  const row = grid.rows.findIndex((r) => r.kind === 'data')
  if (col < 0 || row < 0) throw new Error('the budget sheet has no cell an ekonom may edit')
  return { sheetId: layout.budgetSheetId, rowId: grid.rowIds[row] as string, colId: grid.colIds[col] as string }
}

/** An independent copy of a doc (own client id unless one is given), for making legitimate changes with real Yjs. */
export function copyDoc(doc: Y.Doc, clientID?: number): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  // Set after applying: Yjs picks a new id when an applied update holds structs under its own.
  if (clientID !== undefined) copy.clientID = clientID
  return copy
}

/** A cell of the budget sheet found by its row label (column A) and header text (row 1), with its A1 address. */
export function budgetCell(workbook: Workbook, rowLabel: string, header: string) {
  const sheet = listSheets(workbook).find((s) => s.kind === 'budget')
  if (!sheet) throw new Error('no budget sheet')
  const grid = getSheetGrid(workbook, sheet.id)
  const labelCol = grid.colIds[0] as string
  const headerRow = grid.rowIds[0] as string
  const rowIndex = grid.rowIds.findIndex((r) => getCellInput(workbook, sheet.id, r, labelCol) === rowLabel)
  const colIndex = grid.colIds.findIndex((c) => getCellInput(workbook, sheet.id, headerRow, c) === header)
  if (rowIndex < 0 || colIndex < 0) throw new Error(`no cell ${rowLabel} / ${header}`)
  return {
    sheetId: sheet.id,
    rowId: grid.rowIds[rowIndex] as string,
    colId: grid.colIds[colIndex] as string,
    address: `${String.fromCharCode(65 + colIndex)}${rowIndex + 1}`,
  }
}
