import {
  getCellInput,
  getSheetGrid,
  isFormula,
  listSheets,
  observeWorkbook,
  toEngineFormula,
  type CellInput,
  type Workbook,
} from '@samplan/domain'
import { ExportedCellChange, HyperFormula, type ConfigParams, type ExportedChange, type RawCellContent } from 'hyperformula'
import { engineConfig } from '../engine'
import { MirrorDestroyedError } from '../errors'
import { registerSamplanFunctions } from '../register'
import { applyAxisDelta, type AxisDeltaStep } from './axis'
import { analyzeStoredFormula, type IdLookup } from './stored-formula'
import { EMPTY_COMPUTED, toCellComputed, type CellComputed } from './computed'

/** A cell addressed by stable ids. */
export interface CellRef {
  sheetId: string
  rowId: string
  colId: string
}

/** Computed values of a workbook, kept in step with its Y.Doc. */
export interface WorkbookMirror {
  /** The computed value of a cell; empty for unknown sheets, rows or columns. Throws MirrorDestroyedError. */
  getValue(sheetId: string, rowId: string, colId: string): CellComputed
  /** Every cell of a sheet by current row/column position; [] for an unknown sheet. Throws MirrorDestroyedError. */
  getSheetValues(sheetId: string): CellComputed[][]
  /** Calls `listener` after each applied transaction with the cells whose value changed; returns the unsubscribe. */
  onRecalculated(listener: (changed: CellRef[]) => void): () => void
  /** Stops following the doc and frees the engine. */
  destroy(): void
}

/** The change notice observeWorkbook delivers, as far as the mirror reads it. */
interface WorkbookChangeNotice {
  sheetsChanged: boolean
  structure: ReadonlyArray<{ sheetId: string; axis: 'rows' | 'cols'; delta: AxisDeltaStep[] }>
  cells: ReadonlyArray<CellRef>
}

interface MirroredFormula {
  rowId: string
  colId: string
  input: string
  /** Whether, when last given to the engine, it had positional or dangling references (see refreshFormulas). */
  risky: boolean
}

interface MirroredSheet {
  readonly id: string
  hfId: number
  /** Name in the doc; the engine name differs only when two sheets share a name after concurrent edits. */
  name: string
  hfName: string
  rows: string[]
  cols: string[]
  rowIndex: Map<string, number> | undefined
  colIndex: Map<string, number> | undefined
  /** Stored formulas by cell, so refreshes after structure changes need not read every cell of the doc. */
  formulas: Map<string, MirroredFormula>
}

// Excel's grid, so no sheet the domain accepts is cut off by HyperFormula's smaller defaults.
const MIRROR_CONFIG: Partial<ConfigParams> = { ...engineConfig('en'), maxRows: 1_048_576, maxColumns: 16_384 }

function indexOf(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>()
  ids.forEach((id, i) => index.set(id, i))
  return index
}

/** What HyperFormula is given for a stored value (not a formula): text kept as text. */
function engineValue(input: CellInput | undefined): RawCellContent {
  if (input === undefined || input === null) return null
  // The apostrophe stops HyperFormula from reading "12" or "2024-01-01" in a text cell as a number or date.
  if (typeof input === 'string') return `'${input}`
  return input
}

function cellKey(rowId: string, colId: string): string {
  return `${rowId}\u0000${colId}`
}

function uniqueName(name: string, id: string, taken: ReadonlySet<string>): string {
  const key = (n: string) => n.toLocaleLowerCase('sv-SE')
  // HyperFormula reads ''!A1 as a reference to the formula's own sheet, so an empty name is never used.
  if (name !== '' && !taken.has(key(name))) return name
  let candidate = `${name} (${id})`
  for (let i = 2; taken.has(key(candidate)); i++) candidate = `${name} (${id}-${i})`
  return candidate
}

/**
 * Mirrors a workbook into a HyperFormula instance and follows its Y.Doc: each transaction becomes one
 * HyperFormula batch (structure first, then the changed cells). Computed values never go into the doc.
 * @example
 * const mirror = createWorkbookMirror(workbook)
 * mirror.onRecalculated((cells) => grid.refresh(cells))
 * mirror.getValue(sheetId, rowId, colId) // { value: 24990 }
 */
export function createWorkbookMirror(workbook: Workbook): WorkbookMirror {
  registerSamplanFunctions()
  const listeners = new Set<(changed: CellRef[]) => void>()
  let sheets = new Map<string, MirroredSheet>()
  let byHfId = new Map<number, MirroredSheet>()
  const ids: IdLookup = {
    // A sheet known to the engine under another name (a duplicate name) counts as missing: the domain
    // renders its doc name, which the engine resolves to the other sheet.
    sheetName: (sheetId) => {
      const sheet = sheets.get(sheetId)
      return sheet !== undefined && sheet.hfName === sheet.name ? sheet.name : undefined
    },
    rowIndex: (sheetId, rowId) => {
      const sheet = sheets.get(sheetId)
      return sheet && rowIndex(sheet).get(rowId)
    },
    colIndex: (sheetId, colId) => {
      const sheet = sheets.get(sheetId)
      return sheet && colIndex(sheet).get(colId)
    },
  }

  /** What the engine gets for a cell, recording formulas with whether they are risky (see refreshFormulas). */
  function engineInput(sheet: MirroredSheet, rowId: string, colId: string, input: CellInput | undefined): RawCellContent {
    const key = cellKey(rowId, colId)
    if (!isFormula(input)) {
      sheet.formulas.delete(key)
      return engineValue(input)
    }
    const { engineText, risky } = analyzeStoredFormula(input, sheet.id, ids)
    sheet.formulas.set(key, { rowId, colId, input, risky })
    return engineText ?? toEngineFormula(workbook, sheet.id, input)
  }

  let hf = build()
  let destroyed = false

  function build(): HyperFormula {
    const taken = new Set<string>()
    const fresh = new Map<string, MirroredSheet>()
    for (const info of listSheets(workbook)) {
      const grid = getSheetGrid(workbook, info.id)
      const hfName = uniqueName(info.name, info.id, taken)
      taken.add(hfName.toLocaleLowerCase('sv-SE'))
      fresh.set(info.id, mirroredSheet(info, hfName, -1, grid))
    }
    // Rendering resolves references through `sheets`, so it holds the new sheets before any content.
    sheets = fresh
    const data: Record<string, RawCellContent[][]> = {}
    for (const sheet of fresh.values()) {
      data[sheet.hfName] = sheet.rows.map((rowId) =>
        sheet.cols.map((colId) => engineInput(sheet, rowId, colId, getCellInput(workbook, sheet.id, rowId, colId))),
      )
    }
    const engine = HyperFormula.buildFromSheets(data, MIRROR_CONFIG)
    sheets = new Map()
    byHfId = new Map()
    for (const sheet of fresh.values()) {
      const hfId = engine.getSheetId(sheet.hfName)
      if (hfId === undefined) continue
      sheet.hfId = hfId
      sheets.set(sheet.id, sheet)
      byHfId.set(hfId, sheet)
    }
    return engine
  }

  function rowIndex(sheet: MirroredSheet): Map<string, number> {
    sheet.rowIndex ??= indexOf(sheet.rows)
    return sheet.rowIndex
  }

  function colIndex(sheet: MirroredSheet): Map<string, number> {
    sheet.colIndex ??= indexOf(sheet.cols)
    return sheet.colIndex
  }

  function setCell(sheet: MirroredSheet, rowId: string, colId: string): void {
    const row = rowIndex(sheet).get(rowId)
    const col = colIndex(sheet).get(colId)
    if (row === undefined || col === undefined) {
      sheet.formulas.delete(cellKey(rowId, colId))
      return
    }
    const input = getCellInput(workbook, sheet.id, rowId, colId)
    hf.setCellContents({ sheet: sheet.hfId, row, col }, engineInput(sheet, rowId, colId, input))
  }

  function fillSheet(sheet: MirroredSheet): void {
    for (const rowId of sheet.rows) for (const colId of sheet.cols) setCell(sheet, rowId, colId)
  }

  /**
   * Re-renders the formulas whose text HyperFormula may have adjusted differently from the domain
   * (HyperFormula's own shifting of live id references matches it, domain SPEC F2/F6):
   * - formulas risky when last rendered (positional or dangling references) in or pointing at `moved`;
   * - formulas naming a row or column deleted now (`deleted`), which have just become dangling;
   * - after a sheet change (`moved` undefined), every formula that is risky now or was before.
   */
  function refreshFormulas(moved: ReadonlySet<MirroredSheet> | undefined, deleted: readonly string[], skip: ReadonlySet<string>): void {
    const movedIds = moved ? [...moved].map((s) => s.id) : []
    for (const sheet of sheets.values()) {
      if (skip.has(sheet.id)) continue
      const inMoved = moved === undefined || moved.has(sheet)
      for (const { rowId, colId, input, risky } of [...sheet.formulas.values()]) {
        const stale =
          moved === undefined
            ? risky || analyzeStoredFormula(input, sheet.id, ids).risky
            : (risky && (inMoved || movedIds.some((id) => input.includes(id)))) || deleted.some((id) => input.includes(id))
        if (stale) setCell(sheet, rowId, colId)
      }
    }
  }

  /** Removes, renames and adds engine sheets to match the doc; returns the sheets added. */
  function syncSheets(): MirroredSheet[] {
    const infos = listSheets(workbook)
    const present = new Set(infos.map((info) => info.id))
    for (const sheet of [...sheets.values()]) {
      if (present.has(sheet.id)) continue
      hf.removeSheet(sheet.hfId)
      sheets.delete(sheet.id)
      byHfId.delete(sheet.hfId)
    }
    // Two-step renames, so that swapping names or reusing a removed one never collides in the engine.
    const renamed = infos.filter((info) => {
      const sheet = sheets.get(info.id)
      return sheet !== undefined && sheet.name !== info.name
    })
    renamed.forEach((info, i) => {
      const sheet = sheets.get(info.id)
      if (sheet) hf.renameSheet(sheet.hfId, `\u0000samplan-rename-${i}`)
    })
    const taken = new Set(
      [...sheets.values()].filter((s) => !renamed.some((r) => r.id === s.id)).map((s) => s.hfName.toLocaleLowerCase('sv-SE')),
    )
    const added: MirroredSheet[] = []
    for (const info of infos) {
      const existing = sheets.get(info.id)
      if (existing && !renamed.includes(info)) continue
      const hfName = uniqueName(info.name, info.id, taken)
      taken.add(hfName.toLocaleLowerCase('sv-SE'))
      if (existing) {
        hf.renameSheet(existing.hfId, hfName)
        existing.name = info.name
        existing.hfName = hfName
        continue
      }
      const grid = getSheetGrid(workbook, info.id)
      hf.addSheet(hfName)
      const hfId = hf.getSheetId(hfName)
      if (hfId === undefined) continue
      const sheet = mirroredSheet(info, hfName, hfId, grid)
      sheets.set(info.id, sheet)
      byHfId.set(hfId, sheet)
      added.push(sheet)
    }
    return added
  }

  /** Replays an axis delta on the engine; returns the ids it deleted. */
  function applyStructure(sheet: MirroredSheet, axis: 'rows' | 'cols', delta: AxisDeltaStep[]): string[] {
    const deleted: string[] = []
    const ids = axis === 'rows' ? sheet.rows : sheet.cols
    for (const op of applyAxisDelta(ids, delta)) {
      if (op.kind === 'delete') deleted.push(...op.ids)
      if (axis === 'rows') {
        if (op.kind === 'insert') hf.addRows(sheet.hfId, [op.index, op.ids.length])
        else hf.removeRows(sheet.hfId, [op.index, op.count])
      } else if (op.kind === 'insert') hf.addColumns(sheet.hfId, [op.index, op.ids.length])
      else hf.removeColumns(sheet.hfId, [op.index, op.count])
    }
    if (axis === 'rows') sheet.rowIndex = undefined
    else sheet.colIndex = undefined
    return deleted
  }

  function applyChange(change: WorkbookChangeNotice): ExportedChange[] {
    return hf.batch(() => {
      const added = change.sheetsChanged ? syncSheets() : []
      const addedIds = new Set(added.map((s) => s.id))
      const reshaped = new Set<MirroredSheet>()
      const deleted: string[] = []
      for (const { sheetId, axis, delta } of change.structure) {
        const sheet = sheets.get(sheetId)
        if (!sheet || addedIds.has(sheetId)) continue
        deleted.push(...applyStructure(sheet, axis, delta))
        reshaped.add(sheet)
      }
      // Formula text is rendered at the final positions, so every set comes after all structure.
      for (const sheet of added) fillSheet(sheet)
      if (change.sheetsChanged) refreshFormulas(undefined, deleted, addedIds)
      else if (reshaped.size > 0) refreshFormulas(reshaped, deleted, addedIds)
      for (const { sheetId, rowId, colId } of change.cells) {
        const sheet = sheets.get(sheetId)
        if (sheet && !addedIds.has(sheetId)) setCell(sheet, rowId, colId)
      }
    })
  }

  function allCells(): CellRef[] {
    const cells: CellRef[] = []
    for (const sheet of sheets.values()) {
      for (const rowId of sheet.rows) for (const colId of sheet.cols) cells.push({ sheetId: sheet.id, rowId, colId })
    }
    return cells
  }

  function toCellRefs(changes: readonly ExportedChange[]): CellRef[] {
    const refs: CellRef[] = []
    const seen = new Set<string>()
    for (const change of changes) {
      if (!(change instanceof ExportedCellChange)) continue
      const sheet = byHfId.get(change.sheet)
      const rowId = sheet?.rows[change.row]
      const colId = sheet?.cols[change.col]
      if (!sheet || rowId === undefined || colId === undefined) continue
      const key = `${sheet.id}\u0000${rowId}\u0000${colId}`
      if (seen.has(key)) continue
      seen.add(key)
      refs.push({ sheetId: sheet.id, rowId, colId })
    }
    return refs
  }

  /**
   * Whether sheet names are or were ambiguous: concurrent edits can leave two sheets with one name for a
   * while. Formulas then name a sheet the engine cannot tell apart, and which one gets the plain name
   * decides values, so the mirror rebuilds (as a fresh build would) until names are unique again.
   */
  function namesAmbiguous(): boolean {
    if ([...sheets.values()].some((s) => s.hfName !== s.name)) return true
    const names = listSheets(workbook).map((s) => s.name.toLocaleLowerCase('sv-SE'))
    return new Set(names).size !== names.length
  }

  function rebuild(): CellRef[] {
    hf.destroy()
    hf = build()
    return allCells()
  }

  function onChange(change: WorkbookChangeNotice): void {
    let changed: CellRef[]
    try {
      changed = change.sheetsChanged && namesAmbiguous() ? rebuild() : toCellRefs(applyChange(change))
    } catch {
      // The engine refused an incremental step: rebuild from the doc, which is always right.
      changed = rebuild()
    }
    if (changed.length === 0) return
    for (const listener of [...listeners]) listener(changed)
  }

  const unobserve = observeWorkbook(workbook, onChange)

  function alive(): void {
    if (destroyed) throw new MirrorDestroyedError()
  }

  return {
    getValue(sheetId, rowId, colId) {
      alive()
      const sheet = sheets.get(sheetId)
      if (!sheet) return EMPTY_COMPUTED
      const row = rowIndex(sheet).get(rowId)
      const col = colIndex(sheet).get(colId)
      if (row === undefined || col === undefined) return EMPTY_COMPUTED
      return toCellComputed(hf.getCellValue({ sheet: sheet.hfId, row, col }))
    },
    getSheetValues(sheetId) {
      alive()
      const sheet = sheets.get(sheetId)
      if (!sheet) return []
      const values = hf.getSheetValues(sheet.hfId)
      return sheet.rows.map((_rowId, row) =>
        sheet.cols.map((_colId, col) => {
          const value = values[row]?.[col]
          return value === undefined ? EMPTY_COMPUTED : toCellComputed(value)
        }),
      )
    },
    onRecalculated(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      unobserve()
      listeners.clear()
      hf.destroy()
    },
  }
}

/** A sheet's mirror record with fresh position caches and no formulas read yet. */
function mirroredSheet(info: { id: string; name: string }, hfName: string, hfId: number, grid: { rowIds: string[]; colIds: string[] }): MirroredSheet {
  return {
    id: info.id,
    hfId,
    name: info.name,
    hfName,
    rows: grid.rowIds,
    cols: grid.colIds,
    rowIndex: undefined,
    colIndex: undefined,
    formulas: new Map(),
  }
}
