import type { CellRef, SheetId } from '@samplan/domain'
import { ExportedCellChange, type ExportedChange } from 'hyperformula'
import type { IdLookup } from './stored-formula'

/** A stored formula as the mirror last gave it to the engine. */
export interface MirroredFormula {
  rowId: string
  colId: string
  input: string
  /** Whether, when last given to the engine, it had positional or dangling references (see MirrorEngine.refreshFormulas). */
  risky: boolean
}

/** One sheet of the doc as the engine holds it. */
export interface MirroredSheet {
  readonly id: SheetId
  /** The engine's sheet id; -1 while the engine is being built. */
  hfId: number
  /** Name in the doc; the engine name differs only when two sheets share a name after concurrent edits. */
  name: string
  hfName: string
  rows: string[]
  cols: string[]
  /** Position of each row id; dropped when the rows move and rebuilt on the next read. */
  rowIndex: Map<string, number> | undefined
  colIndex: Map<string, number> | undefined
  /** Stored formulas by cell, so refreshes after structure changes need not read every cell of the doc. */
  formulas: Map<string, MirroredFormula>
}

/** A sheet's mirror record with fresh position caches and no formulas read yet. */
export function mirroredSheet(
  info: { id: string; name: string },
  hfName: string,
  hfId: number,
  grid: { rowIds: string[]; colIds: string[] },
): MirroredSheet {
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

/** The key of a cell in `MirroredSheet.formulas`. */
export function cellKey(rowId: string, colId: string): string {
  return `${rowId}\u0000${colId}`
}

/** Sheet names compare as spreadsheet references do: case-insensitively, in Swedish. */
export function nameKey(name: string): string {
  return name.toLocaleLowerCase('sv-SE')
}

/** `name` if no sheet in `taken` (name keys) has it, else a name made unique by the sheet's id. */
export function uniqueName(name: string, id: string, taken: ReadonlySet<string>): string {
  // HyperFormula reads ''!A1 as a reference to the formula's own sheet, so an empty name is never used.
  if (name !== '' && !taken.has(nameKey(name))) return name
  let candidate = `${name} (${id})`
  for (let i = 2; taken.has(nameKey(candidate)); i++) candidate = `${name} (${id}-${i})`
  return candidate
}

function indexOf(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>()
  ids.forEach((id, i) => index.set(id, i))
  return index
}

/**
 * The mirrored sheets, by doc id and by engine id, with their row and column positions: what
 * HyperFormula's sheet mapping is to its sheets, this is to the doc's. It never calls the engine.
 */
export class SheetTable {
  private byId = new Map<SheetId, MirroredSheet>()
  private byHfId = new Map<number, MirroredSheet>()

  /** Positions of ids as the engine holds them, for rendering stored formulas. */
  readonly ids: IdLookup = {
    // A sheet known to the engine under another name (a duplicate name) counts as missing: the domain
    // renders its doc name, which the engine resolves to the other sheet.
    sheetName: (sheetId) => {
      const sheet = this.byId.get(sheetId)
      return sheet !== undefined && sheet.hfName === sheet.name ? sheet.name : undefined
    },
    rowIndex: (sheetId, rowId) => {
      const sheet = this.byId.get(sheetId)
      return sheet && this.rowIndex(sheet).get(rowId)
    },
    colIndex: (sheetId, colId) => {
      const sheet = this.byId.get(sheetId)
      return sheet && this.colIndex(sheet).get(colId)
    },
  }

  get(sheetId: SheetId): MirroredSheet | undefined {
    return this.byId.get(sheetId)
  }

  sheets(): IterableIterator<MirroredSheet> {
    return this.byId.values()
  }

  /**
   * Makes `sheets` the table before the engine knows them (engine ids -1), so that formulas
   * rendered for the engine's first build resolve references to them.
   */
  stage(sheets: readonly MirroredSheet[]): void {
    this.byId = new Map(sheets.map((sheet) => [sheet.id, sheet]))
    this.byHfId = new Map()
  }

  /** Empties the table, before the sheets the engine really built are added. */
  clear(): void {
    this.byId = new Map()
    this.byHfId = new Map()
  }

  add(sheet: MirroredSheet): void {
    this.byId.set(sheet.id, sheet)
    this.byHfId.set(sheet.hfId, sheet)
  }

  remove(sheet: MirroredSheet): void {
    this.byId.delete(sheet.id)
    this.byHfId.delete(sheet.hfId)
  }

  rowIndex(sheet: MirroredSheet): Map<string, number> {
    sheet.rowIndex ??= indexOf(sheet.rows)
    return sheet.rowIndex
  }

  colIndex(sheet: MirroredSheet): Map<string, number> {
    sheet.colIndex ??= indexOf(sheet.cols)
    return sheet.colIndex
  }

  /** The engine position of a cell; undefined when its row or column is not in the grid. */
  position(sheet: MirroredSheet, rowId: string, colId: string): { sheet: number; row: number; col: number } | undefined {
    const row = this.rowIndex(sheet).get(rowId)
    const col = this.colIndex(sheet).get(colId)
    return row === undefined || col === undefined ? undefined : { sheet: sheet.hfId, row, col }
  }

  /** Every cell of every sheet (what a rebuild reports as changed). */
  allCells(): CellRef[] {
    const cells: CellRef[] = []
    for (const sheet of this.byId.values()) {
      for (const rowId of sheet.rows) for (const colId of sheet.cols) cells.push({ sheetId: sheet.id, rowId, colId })
    }
    return cells
  }

  /** The cells behind the engine's changed values, once each; changes outside the grid are dropped. */
  changedCells(changes: readonly ExportedChange[]): CellRef[] {
    const refs: CellRef[] = []
    const seen = new Set<string>()
    for (const change of changes) {
      if (!(change instanceof ExportedCellChange)) continue
      const sheet = this.byHfId.get(change.sheet)
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

  /** Whether a sheet is known to the engine under another name than the doc's (a duplicate name). */
  hasRenamedDuplicates(): boolean {
    for (const sheet of this.byId.values()) if (sheet.hfName !== sheet.name) return true
    return false
  }
}
