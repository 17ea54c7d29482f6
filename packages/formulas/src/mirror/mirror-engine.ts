import {
  getCellInput,
  getSheetGrid,
  isFormula,
  listSheets,
  toEngineFormula,
  type AxisDelta,
  type CellInput,
  type CellRef,
  type SheetId,
  type Workbook,
  type WorkbookChange,
} from '@samplan/domain'
import { HyperFormula, type ConfigParams, type ExportedChange, type RawCellContent } from 'hyperformula'
import { engineConfig } from '../engine'
import { applyAxisDelta } from './axis'
import { cellKey, mirroredSheet, nameKey, uniqueName, type MirroredSheet, type SheetTable } from './sheet-table'
import { analyzeStoredFormula } from './stored-formula'

/** The part of observeWorkbook's change notice the mirror reads. */
export type MirrorChange = Pick<WorkbookChange, 'sheetsChanged' | 'structure' | 'cells'>

type Axis = WorkbookChange['structure'][number]['axis']

// Excel's grid, so no sheet the domain accepts is cut off by HyperFormula's smaller defaults.
const MIRROR_CONFIG: Partial<ConfigParams> = { ...engineConfig('en'), maxRows: 1_048_576, maxColumns: 16_384 }

/** What HyperFormula is given for a stored value (not a formula): text kept as text. */
function engineValue(input: CellInput | undefined): RawCellContent {
  if (input === undefined || input === null) return null
  // The apostrophe stops HyperFormula from reading "12" or "2024-01-01" in a text cell as a number or date.
  if (typeof input === 'string') return `'${input}`
  return input
}

/**
 * The mirror's HyperFormula instance and every write to it: the first build from the doc, and each
 * transaction applied as one batch, as HyperFormula's own operations are (sheets, then rows and columns,
 * then cell contents rendered at the final positions). Positions and names come from `table`, which
 * this class keeps in step with the engine.
 */
export class MirrorEngine {
  private hf: HyperFormula

  constructor(
    private readonly workbook: Workbook,
    private readonly table: SheetTable,
  ) {
    this.hf = this.build()
  }

  /** The engine, for reads; replaced by `rebuild`. */
  get hyperFormula(): HyperFormula {
    return this.hf
  }

  /** Drops the engine and builds a fresh one from the doc, which is always right; returns every cell. */
  rebuild(): CellRef[] {
    this.hf.destroy()
    this.hf = this.build()
    return this.table.allCells()
  }

  destroy(): void {
    this.hf.destroy()
  }

  /** Applies one transaction's change as one HyperFormula batch; returns the engine's changed values. */
  apply(change: MirrorChange): ExportedChange[] {
    return this.hf.batch(() => {
      const added = change.sheetsChanged ? this.syncSheets() : []
      const addedIds = new Set(added.map((s) => s.id))
      const reshaped = new Set<MirroredSheet>()
      const deleted: string[] = []
      for (const { sheetId, axis, delta } of change.structure) {
        const sheet = this.table.get(sheetId)
        if (!sheet || addedIds.has(sheetId)) continue
        deleted.push(...this.applyStructure(sheet, axis, delta))
        reshaped.add(sheet)
      }
      // Formula text is rendered at the final positions, so every set comes after all structure.
      for (const sheet of added) this.fillSheet(sheet)
      if (change.sheetsChanged) this.refreshFormulas(undefined, deleted, addedIds)
      else if (reshaped.size > 0) this.refreshFormulas(reshaped, deleted, addedIds)
      for (const { sheetId, rowId, colId } of change.cells) {
        const sheet = this.table.get(sheetId)
        if (sheet && !addedIds.has(sheetId)) this.setCell(sheet, rowId, colId)
      }
    })
  }

  private build(): HyperFormula {
    const taken = new Set<string>()
    const fresh: MirroredSheet[] = []
    for (const info of listSheets(this.workbook)) {
      const grid = getSheetGrid(this.workbook, info.id)
      const hfName = uniqueName(info.name, info.id, taken)
      taken.add(nameKey(hfName))
      fresh.push(mirroredSheet(info, hfName, -1, grid))
    }
    // Rendering resolves references through the table, so it holds the new sheets before any content.
    this.table.stage(fresh)
    const data: Record<string, RawCellContent[][]> = {}
    for (const sheet of fresh) {
      data[sheet.hfName] = sheet.rows.map((rowId) =>
        sheet.cols.map((colId) => this.engineInput(sheet, rowId, colId, getCellInput(this.workbook, sheet.id, rowId, colId))),
      )
    }
    const engine = HyperFormula.buildFromSheets(data, MIRROR_CONFIG)
    this.table.clear()
    for (const sheet of fresh) {
      const hfId = engine.getSheetId(sheet.hfName)
      if (hfId === undefined) continue
      sheet.hfId = hfId
      this.table.add(sheet)
    }
    return engine
  }

  /** What the engine gets for a cell, recording formulas with whether they are risky (see refreshFormulas). */
  private engineInput(sheet: MirroredSheet, rowId: string, colId: string, input: CellInput | undefined): RawCellContent {
    const key = cellKey(rowId, colId)
    if (!isFormula(input)) {
      sheet.formulas.delete(key)
      return engineValue(input)
    }
    const { engineText, risky } = analyzeStoredFormula(input, sheet.id, this.table.ids)
    sheet.formulas.set(key, { rowId, colId, input, risky })
    return engineText ?? toEngineFormula(this.workbook, sheet.id, input)
  }

  private setCell(sheet: MirroredSheet, rowId: string, colId: string): void {
    const at = this.table.position(sheet, rowId, colId)
    if (at === undefined) {
      sheet.formulas.delete(cellKey(rowId, colId))
      return
    }
    const input = getCellInput(this.workbook, sheet.id, rowId, colId)
    this.hf.setCellContents(at, this.engineInput(sheet, rowId, colId, input))
  }

  private fillSheet(sheet: MirroredSheet): void {
    for (const rowId of sheet.rows) for (const colId of sheet.cols) this.setCell(sheet, rowId, colId)
  }

  /**
   * Re-renders the formulas whose text HyperFormula may have adjusted differently from the domain
   * (HyperFormula's own shifting of live id references matches it, domain SPEC F2/F6):
   * - formulas risky when last rendered (positional or dangling references) in or pointing at `moved`;
   * - formulas naming a row or column deleted now (`deleted`), which have just become dangling;
   * - after a sheet change (`moved` undefined), every formula that is risky now or was before.
   */
  private refreshFormulas(moved: ReadonlySet<MirroredSheet> | undefined, deleted: readonly string[], skip: ReadonlySet<SheetId>): void {
    const movedIds = moved ? [...moved].map((s) => s.id) : []
    for (const sheet of this.table.sheets()) {
      if (skip.has(sheet.id)) continue
      const inMoved = moved === undefined || moved.has(sheet)
      for (const { rowId, colId, input, risky } of [...sheet.formulas.values()]) {
        const stale =
          moved === undefined
            ? risky || analyzeStoredFormula(input, sheet.id, this.table.ids).risky
            : (risky && (inMoved || movedIds.some((id) => input.includes(id)))) || deleted.some((id) => input.includes(id))
        if (stale) this.setCell(sheet, rowId, colId)
      }
    }
  }

  /** Removes, renames and adds engine sheets to match the doc; returns the sheets added. */
  private syncSheets(): MirroredSheet[] {
    const infos = listSheets(this.workbook)
    const present = new Set(infos.map((info) => info.id))
    for (const sheet of [...this.table.sheets()]) {
      if (present.has(sheet.id)) continue
      this.hf.removeSheet(sheet.hfId)
      this.table.remove(sheet)
    }
    // Two-step renames, so that swapping names or reusing a removed one never collides in the engine.
    const renamed = infos.filter((info) => {
      const sheet = this.table.get(info.id)
      return sheet !== undefined && sheet.name !== info.name
    })
    renamed.forEach((info, i) => {
      const sheet = this.table.get(info.id)
      if (sheet) this.hf.renameSheet(sheet.hfId, `\u0000samplan-rename-${i}`)
    })
    const taken = new Set([...this.table.sheets()].filter((s) => !renamed.some((r) => r.id === s.id)).map((s) => nameKey(s.hfName)))
    const added: MirroredSheet[] = []
    for (const info of infos) {
      const existing = this.table.get(info.id)
      if (existing && !renamed.includes(info)) continue
      const hfName = uniqueName(info.name, info.id, taken)
      taken.add(nameKey(hfName))
      if (existing) {
        this.hf.renameSheet(existing.hfId, hfName)
        existing.name = info.name
        existing.hfName = hfName
        continue
      }
      const grid = getSheetGrid(this.workbook, info.id)
      this.hf.addSheet(hfName)
      const hfId = this.hf.getSheetId(hfName)
      if (hfId === undefined) continue
      const sheet = mirroredSheet(info, hfName, hfId, grid)
      this.table.add(sheet)
      added.push(sheet)
    }
    return added
  }

  /** Replays an axis delta on the engine; returns the ids it deleted. */
  private applyStructure(sheet: MirroredSheet, axis: Axis, delta: readonly AxisDelta[]): string[] {
    const deleted: string[] = []
    const ids = axis === 'rows' ? sheet.rows : sheet.cols
    for (const op of applyAxisDelta(ids, delta)) {
      if (op.kind === 'delete') deleted.push(...op.ids)
      if (axis === 'rows') {
        if (op.kind === 'insert') this.hf.addRows(sheet.hfId, [op.index, op.ids.length])
        else this.hf.removeRows(sheet.hfId, [op.index, op.count])
      } else if (op.kind === 'insert') this.hf.addColumns(sheet.hfId, [op.index, op.ids.length])
      else this.hf.removeColumns(sheet.hfId, [op.index, op.count])
    }
    if (axis === 'rows') sheet.rowIndex = undefined
    else sheet.colIndex = undefined
    return deleted
  }
}
