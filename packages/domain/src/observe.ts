import * as Y from 'yjs'
import { isTombKey } from './model/tombs'
import { ROOT_WORKBOOK, sheetOrder, sheetRoots, splitCellKey, type ColId, type RowId, type SheetId, type Workbook } from './model/workbook'

/** One Y.Array delta step of a row/column id list. */
export interface AxisDelta {
  retain?: number
  insert?: string[]
  delete?: number
}

/** What one Y transaction changed in the workbook, normalised for the engine mirror and the grid (SPEC O1-O3). */
export interface WorkbookChange {
  origin: unknown
  local: boolean
  /** Sheets added, removed, renamed or reordered. Sheets added in this transaction report no structure/cells: read them whole. */
  sheetsChanged: boolean
  /** Title, epoch or status changed. */
  infoChanged: boolean
  structure: Array<{ sheetId: SheetId; axis: 'rows' | 'cols'; delta: AxisDelta[] }>
  cells: Array<{ sheetId: SheetId; rowId: RowId; colId: ColId }>
  /** Sheets whose column specs, row specs or frozen rows changed. */
  specsChanged: SheetId[]
  /** Sheets whose cell notes changed. */
  notesChanged: SheetId[]
}

// Yjs keys its change maps by the untyped base class.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const asType = (t: object) => t as Y.AbstractType<Y.YEvent<any>>

/**
 * Calls `onChange` once per Y transaction that touched the workbook, after
 * Yjs' own observers. Returns the unsubscribe function.
 */
export function observeWorkbook(wb: Workbook, onChange: (change: WorkbookChange) => void): () => void {
  const doc = wb.doc
  const handler = (tr: Y.Transaction) => {
    if (tr.changed.size === 0) return
    const order = sheetOrder(wb)
    const info = doc.getMap(ROOT_WORKBOOK)
    const change: WorkbookChange = {
      origin: tr.origin,
      local: tr.local,
      sheetsChanged: tr.changed.has(asType(order)),
      infoChanged: tr.changed.has(asType(info)),
      structure: [],
      cells: [],
      specsChanged: [],
      notesChanged: [],
    }
    const addedSheets = new Set<string>()
    const orderEvent = tr.changedParentTypes.get(asType(order))?.find((e) => e.target === order)
    for (const step of orderEvent?.changes.delta ?? []) {
      for (const id of (step.insert as string[] | undefined) ?? []) addedSheets.add(id)
    }
    for (const id of order.toArray()) {
      // A sheet added now is read whole by consumers (sheetsChanged), so it reports no deltas.
      if (addedSheets.has(id)) continue
      const r = sheetRoots(wb, id)
      const has = (t: object) => tr.changed.has(asType(t))
      if (has(r.meta)) {
        const keys = tr.changed.get(asType(r.meta))!
        if (keys.has('name')) change.sheetsChanged = true
        if (keys.has('frozenRows') || keys.has('kind') || keys.has('source')) change.specsChanged.push(id)
      }
      for (const axis of ['rows', 'cols'] as const) {
        const arr = axis === 'rows' ? r.rows : r.cols
        const events = tr.changedParentTypes.get(asType(arr))
        const event = events?.find((e) => e.target === arr)
        if (event) change.structure.push({ sheetId: id, axis, delta: event.changes.delta as AxisDelta[] })
      }
      const cellKeys = tr.changed.get(asType(r.cells))
      cellKeys?.forEach((key) => {
        if (key !== null) change.cells.push({ sheetId: id, ...splitCellKey(key) })
      })
      // Tombs of deleted rows/columns (`~id` keys) are not specs.
      const specKeys = [...(tr.changed.get(asType(r.colSpecs)) ?? []), ...(tr.changed.get(asType(r.rowSpecs)) ?? [])]
      if (specKeys.some((k) => k !== null && !isTombKey(k)) && !change.specsChanged.includes(id)) {
        change.specsChanged.push(id)
      }
      if (has(r.notes)) change.notesChanged.push(id)
    }
    // Typed roots must exist before the next remote update, or its changes land in untyped placeholders we cannot see.
    if (addedSheets.size > 0) for (const id of addedSheets) sheetRoots(wb, id)
    if (change.sheetsChanged || change.infoChanged || change.structure.length > 0 || change.cells.length > 0 ||
      change.specsChanged.length > 0 || change.notesChanged.length > 0) {
      onChange(change)
    }
  }
  // Instantiate the roots so remote updates land in typed (observable) Y types.
  for (const id of sheetOrder(wb).toArray()) sheetRoots(wb, id)
  doc.on('afterTransaction', handler)
  return () => doc.off('afterTransaction', handler)
}
