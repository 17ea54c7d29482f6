import { SheetNotFoundError } from '../errors'
import { columnLetters } from '../formula/a1'
import { toEngineFormula } from '../input/text'
import { freeSheetName } from '../operations/sheets'
import { findSheetByName, getCellInput, getSheetGrid, getWorkbookInfo, hasSheet, listSheets, type SheetGrid } from '../model/read'
import { isFormula, type CellInput, type Workbook } from '../model/workbook'
import { canChangeStructure, canEditCell, type Actor } from '../rights/rights'
import type { ColumnSpec } from '../schema/sheet'
import type {
  ImportAddedRow,
  ImportCell,
  ImportCellChange,
  ImportFile,
  ImportFileSheet,
  ImportPlan,
  ImportSheetPlan,
  ImportTargets,
} from './import-plan'
import { layoutKey, normalizeFormula, remapFormula, type PositionMap } from './remap'

export interface PlanImportOptions {
  actor: Actor
  /** The user's target per file sheet index; others get the default (IM1). */
  targets?: ImportTargets
  /**
   * How an xlsx export writes a formula (English A1 in, file text out, undefined when it writes a
   * value instead), so a formula that reads back in that form counts as unchanged (IM5).
   */
  exportedFormula?: (engineFormula: string) => string | undefined
}

type Target = { kind: 'sheet'; sheetId: string } | { kind: 'new'; name: string } | { kind: 'skip' }

/** Where each row of the file and of the target sheet lands after the import, and which file rows are added. */
interface Layout {
  grid: SheetGrid
  fileToTarget: Array<number | undefined>
  added: Array<{ fileRow: number; after: number }>
  colOf: Array<number | undefined>
  skippedColumns: string[]
  fileRowToPost: (row: number) => number
  targetRowToPost: (row: number) => number
}

const lower = (name: string) => name.toLocaleLowerCase('sv-SE')

function cellText(cell: ImportCell | CellInput | undefined): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'object') return cell.formula
  return String(cell).trim()
}

const isEmptyRow = (row: readonly ImportCell[]) => row.every((cell) => cell === null || cell === '')

/** [IM1] Each file sheet's target: the user's choice, else the workbook sheet of the same name, else none. */
function resolveTargets(wb: Workbook, file: ImportFile, targets: ImportTargets): Target[] {
  const used = new Set<string>()
  const taken = new Set<string>()
  return file.sheets.map((sheet, i) => {
    const choice = targets[String(i)] ?? findSheetByName(wb, sheet.name)?.id ?? 'skip'
    if (choice === 'skip') return { kind: 'skip' }
    if (choice === 'new') return { kind: 'new', name: freeSheetName(wb, sheet.name, taken) }
    if (!hasSheet(wb, choice)) throw new SheetNotFoundError(choice)
    // Two file sheets into one workbook sheet would overwrite each other: the first one wins.
    if (used.has(choice)) return { kind: 'skip' }
    used.add(choice)
    return { kind: 'sheet', sheetId: choice }
  })
}

/** The header text of each column: its header rows' cells, else its spec's label. */
function headerKeys(
  rows: ReadonlyArray<ReadonlyArray<ImportCell | CellInput | undefined>>,
  width: number,
  fallback?: readonly ColumnSpec[],
): string[] {
  return Array.from({ length: width }, (_v, c) => {
    const text = rows
      .map((row) => cellText(row[c]))
      .filter((t) => t !== '')
      .join(' ')
    return text || (fallback?.[c]?.label.trim() ?? '')
  })
}

/** Matches items to candidates with the same key, the n-th to the n-th ([IM2], [IM3]). */
function matchByKey(keys: readonly string[], candidates: readonly string[]): Array<number | undefined> {
  const queues = new Map<string, number[]>()
  candidates.forEach((key, i) => {
    const queue = queues.get(key) ?? []
    queue.push(i)
    queues.set(key, queue)
  })
  return keys.map((key) => queues.get(key)?.shift())
}

function layoutFor(wb: Workbook, sheetId: string, sheet: ImportFileSheet): Layout {
  const grid = getSheetGrid(wb, sheetId)
  const inputs = grid.rowIds.map((rowId) => grid.colIds.map((colId) => getCellInput(wb, sheetId, rowId, colId)))
  const fileToTarget = matchByKey(
    sheet.rows.map((row) => cellText(row[0])),
    inputs.map((row) => cellText(row[0])),
  )

  // [IM3] Columns by the text of the header rows, the label column always to the label column.
  const width = Math.max(0, ...sheet.rows.map((row) => row.length))
  const headerTargets = grid.rows.flatMap((spec, r) => (spec.kind === 'header' ? [r] : []))
  const fileHeaders = sheet.rows.filter((_row, r) => {
    const t = fileToTarget[r]
    return t !== undefined && grid.rows[t]?.kind === 'header'
  })
  let colOf: Array<number | undefined>
  const fileKeys = headerKeys(fileHeaders, width)
  if (headerTargets.length > 0 && fileHeaders.length > 0) {
    const targetKeys = headerKeys(
      headerTargets.map((r) => inputs[r]!),
      grid.colIds.length,
      grid.columns,
    )
    colOf = matchByKey(fileKeys.slice(1), targetKeys.slice(1)).map((c) => (c === undefined ? undefined : c + 1))
    colOf.unshift(0)
  } else colOf = Array.from({ length: width }, (_v, c) => (c < grid.colIds.length ? c : undefined))
  const skippedColumns = colOf.flatMap((to, c) =>
    to === undefined && sheet.rows.some((row) => cellText(row[c]) !== '') ? [fileKeys[c] || columnLetters(c)] : [],
  )

  // [IM6] Unmatched rows with content are added after the row that precedes them in the file.
  const added: Layout['added'] = []
  let after = -1
  sheet.rows.forEach((row, r) => {
    const t = fileToTarget[r]
    if (t !== undefined) after = t
    else if (!isEmptyRow(row)) added.push({ fileRow: r, after })
  })
  const postOfTarget: number[] = []
  const postOfAdded = new Map<number, number>()
  let post = 0
  for (const a of added) if (a.after === -1) postOfAdded.set(a.fileRow, post++)
  grid.rowIds.forEach((_id, t) => {
    postOfTarget[t] = post++
    for (const a of added) if (a.after === t) postOfAdded.set(a.fileRow, post++)
  })
  const postLength = post
  const fileRowPost: number[] = []
  let previous = -1
  sheet.rows.forEach((_row, r) => {
    const t = fileToTarget[r]
    const at = t !== undefined ? postOfTarget[t]! : (postOfAdded.get(r) ?? previous + 1)
    fileRowPost[r] = at
    previous = at
  })
  return {
    grid,
    fileToTarget,
    added,
    colOf,
    skippedColumns,
    fileRowToPost: (row) => (row < sheet.rows.length ? fileRowPost[row]! : row - sheet.rows.length + postLength),
    targetRowToPost: (row) => (row < postOfTarget.length ? postOfTarget[row]! : row - postOfTarget.length + postLength),
  }
}

function valuesEqual(old: CellInput, next: ImportCell): boolean {
  const a = old === '' ? null : old
  const b = next === '' ? null : next
  return a === b
}

/** What applying writes for a file cell: a value, or its formula at the positions after the import. */
function writeInput(cell: ImportCell, fileMap: PositionMap): CellInput {
  if (cell !== null && typeof cell === 'object') return remapFormula(cell.formula, fileMap)
  // Text starting with '=' would read back as a formula; it stays text, as Excel shows it.
  if (typeof cell === 'string' && cell.startsWith('=')) return `'${cell}`
  return cell === '' ? null : cell
}

const shown = (cell: ImportCell): string | number | boolean | null => (cell !== null && typeof cell === 'object' ? cell.formula : cell)

/**
 * The preview of importing `file` into the workbook (SPEC IM1-IM10): per file sheet its target,
 * the cells whose content differs (old and new, locked ones marked), the rows it adds and the
 * columns it skips. Pure: reads the workbook, writes nothing. Throws SheetNotFoundError for a
 * target that is not a sheet of the workbook.
 */
export function planImport(wb: Workbook, file: ImportFile, options: PlanImportOptions): ImportPlan {
  const { actor } = options
  const status = getWorkbookInfo(wb).status
  const structure = canChangeStructure(actor, status)
  const targets = resolveTargets(wb, file, options.targets ?? {})
  const layouts = targets.map((target, i) => (target.kind === 'sheet' ? layoutFor(wb, target.sheetId, file.sheets[i]!) : undefined))

  // References between sheets follow the other sheet's rows too ([IM4]).
  const byFileName = new Map(file.sheets.map((s, i) => [lower(s.name), i]))
  const byTargetName = new Map<string, number>()
  const targetNames = targets.map((target, i) => {
    if (target.kind === 'sheet') {
      const name = listSheets(wb).find((s) => s.id === target.sheetId)!.name
      byTargetName.set(lower(name), i)
      return name
    }
    return target.kind === 'new' ? target.name : file.sheets[i]!.name
  })
  const fileMap =
    (own: number): PositionMap =>
    (sheet, row, col) => {
      const i = sheet === null ? own : byFileName.get(lower(sheet))
      if (i === undefined) return { row, col, sheet }
      // [IM9] A copy made as a new sheet is followed only by the other new sheets of the same import.
      if (targets[i]!.kind === 'new' && targets[own]!.kind !== 'new') return { row, col, sheet }
      const layout = layouts[i]
      const to = layout ? { row: layout.fileRowToPost(row), col: layout.colOf[col] ?? col } : { row, col }
      return { ...to, sheet: sheet === null ? null : targetNames[i]! }
    }
  const workbookMap =
    (own: number): PositionMap =>
    (sheet, row, col) => {
      const i = sheet === null ? own : byTargetName.get(lower(sheet))
      const layout = i === undefined ? undefined : layouts[i]
      return { row: layout ? layout.targetRowToPost(row) : row, col, sheet }
    }

  const sheets = file.sheets.map((sheet, i): ImportSheetPlan => {
    const target = targets[i]!
    const base = { fileIndex: i, fileName: sheet.name, skippedColumns: [] as string[], rowsLocked: !structure }
    if (target.kind === 'skip') return { ...base, target, changes: [], addedRows: [] }
    const map = fileMap(i)
    if (target.kind === 'new') {
      // [IM9] A new sheet takes every row of the file, empty ones too, so its references keep their places.
      const addedRows = sheet.rows.map(
        (row, r): ImportAddedRow => ({
          afterRowId: null,
          label: cellText(row[0]),
          kind: sheet.rowKinds[r] ?? 'data',
          cells: row.flatMap((cell, c) =>
            cell === null ? [] : [{ col: c, new: shown(cell), write: writeInput(cell, map), locked: false }],
          ),
        }),
      )
      return {
        ...base,
        target: { kind: 'new', name: target.name, columns: sheet.columns, frozenRows: sheet.frozenRows },
        changes: [],
        addedRows,
      }
    }

    const layout = layouts[i]!
    const { grid } = layout
    const sheetId = target.sheetId
    const headerRows = grid.rows.flatMap((spec, r) => (spec.kind === 'header' ? [r] : []))
    const columnNames = headerKeys(
      headerRows.map((r) => grid.colIds.map((colId) => getCellInput(wb, sheetId, grid.rowIds[r]!, colId))),
      grid.colIds.length,
      grid.columns,
    ).map((name, c) => name || columnLetters(c))
    const oldMap = workbookMap(i)
    const changes: ImportCellChange[] = []
    sheet.rows.forEach((row, r) => {
      const t = layout.fileToTarget[r]
      // [IM7] Header rows are what columns are matched by; they are never written.
      if (t === undefined || grid.rows[t]?.kind === 'header') return
      const rowId = grid.rowIds[t]!
      row.forEach((cell, c) => {
        const tc = layout.colOf[c]
        if (tc === undefined) return
        const colId = grid.colIds[tc]!
        const old = getCellInput(wb, sheetId, rowId, colId) ?? null
        if (isSame(wb, sheetId, old, cell, map, oldMap, options.exportedFormula)) return
        const spec = grid.columns[tc] ?? null
        changes.push({
          rowId,
          colId,
          row: t + 1,
          rowLabel: cellText(getCellInput(wb, sheetId, rowId, grid.colIds[0]!)),
          column: columnNames[tc]!,
          spec,
          old: isFormula(old) ? toEngineFormula(wb, sheetId, old) : old,
          new: shown(cell),
          write: writeInput(cell, map),
          locked: !canEditCell(actor, { status, column: spec ?? undefined, row: grid.rows[t] }),
        })
      })
    })
    const addedRows = layout.added.map(({ fileRow, after }): ImportAddedRow => {
      const row = sheet.rows[fileRow]!
      return {
        afterRowId: after === -1 ? null : grid.rowIds[after]!,
        label: cellText(row[0]),
        kind: 'data',
        cells: row.flatMap((cell, c) => {
          const tc = layout.colOf[c]
          if (tc === undefined || cell === null || cell === '') return []
          const locked = !canEditCell(actor, { status, column: grid.columns[tc], row: { kind: 'data', added: true } })
          return [{ col: tc, new: shown(cell), write: writeInput(cell, map), locked }]
        }),
      }
    })
    return {
      ...base,
      target: { kind: 'sheet', sheetId, name: targetNames[i]!, layout: layoutKey(grid.rowIds, grid.colIds) },
      changes,
      addedRows,
      skippedColumns: layout.skippedColumns,
    }
  })
  return { sheets, totals: totalsOf(sheets) }
}

/** [IM4], [IM5] Whether a file cell holds what the workbook cell holds, compared at the positions after the import. */
function isSame(
  wb: Workbook,
  sheetId: string,
  old: CellInput,
  cell: ImportCell,
  fileMap: PositionMap,
  oldMap: PositionMap,
  exported: PlanImportOptions['exportedFormula'],
): boolean {
  const fileFormula = cell !== null && typeof cell === 'object'
  if (!fileFormula || !isFormula(old)) return !fileFormula && !isFormula(old) && valuesEqual(old, cell)
  const wanted = normalizeFormula(remapFormula(cell.formula, fileMap))
  const engine = toEngineFormula(wb, sheetId, old)
  const forms = [engine, exported?.(engine)].filter((f): f is string => f !== undefined)
  return forms.some((form) => normalizeFormula(remapFormula(form, oldMap)) === wanted)
}

function totalsOf(sheets: readonly ImportSheetPlan[]): ImportPlan['totals'] {
  const totals = { cellsChanged: 0, rowsAdded: 0, sheetsAdded: 0, locked: 0 }
  for (const sheet of sheets) {
    if (sheet.target.kind === 'skip') continue
    for (const change of sheet.changes) change.locked ? totals.locked++ : totals.cellsChanged++
    if (sheet.rowsLocked) {
      totals.locked += sheet.addedRows.length
      continue
    }
    if (sheet.target.kind === 'new') totals.sheetsAdded++
    totals.rowsAdded += sheet.addedRows.length
    // Cells of added rows are counted as rows, not as changed cells; only the ones that stay empty are reported.
    for (const row of sheet.addedRows) for (const c of row.cells) if (c.locked) totals.locked++
  }
  return totals
}
