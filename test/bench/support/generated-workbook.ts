import { createRng } from '@samplan/domain/testing'
import {
  addSheet,
  formulaFromA1,
  getCellInput,
  getSheetGrid,
  insertRows,
  isFormula,
  listSheets,
  setCells,
  toEngineFormula,
  type CellEdit,
  type ColumnSpec,
  type Workbook,
} from '@samplan/domain'

/** The 100k-cell shape of mirror.ts: 4 sheets x 2 500 rows x 10 columns, 30 % formulas. */
export const SHEETS = 4
export const ROWS = Number(process.env.BENCH_BROWSER_ROWS ?? 2_500)
export const COLS = 10
const FORMULA_SHARE = 0.3
/** Rows per setCells call: one update each, well under the server's message limit. */
const BATCH_ROWS = 250

const COLUMN: ColumnSpec = { label: 'Belopp', type: 'number', editable: 'ekonom' }
const LETTERS = 'ABCDEFGHIJ'

/** A deterministic PRNG, so every run measures the same workbook. */
function rng(seed: number): () => number {
  const generator = createRng(seed)
  return () => generator.next()
}

/** Which functions the rule-shaped formulas use. */
export type FormulaFunctions =
  /** Samplan's domain functions (RSUGRANT, MEETSFLOOR, ...): the mirror benchmark. */
  | 'samplan'
  /** Built-in functions only, so a bare HyperFormula computes exactly what Samplan computes. */
  | 'builtin'

/** Planning-workbook formula shapes: row sums, running ranges, cross-sheet links, rules. */
function formulaFor(random: () => number, row: number, col: number, sheetIndex: number, functions: FormulaFunctions): string {
  const r = row + 1
  const left = LETTERS[Math.max(0, col - 1)]
  const pick = random()
  if (pick < 0.35) return `=A${r}+${left}${r}*2`
  if (pick < 0.6) return `=SUM(A${Math.max(1, r - 20)}:B${r})`
  if (pick < 0.75 && sheetIndex > 0) return `='Blad${sheetIndex}'!${LETTERS[col]}${r}*1.04`
  if (pick < 0.85) return functions === 'samplan' ? `=RSUGRANT(A${r},147)` : `=ROUND(A${r}*147/1000,1)`
  if (pick < 0.95) return functions === 'samplan' ? `=IF(MEETSFLOOR(SCHOOLVOUCHERSHARE(B${r},100)),1,0)` : `=IF(A${r}>=B${r}*0.71,1,0)`
  return `=AVERAGE(A1:A${r})`
}

/** Writes the workbook through the domain API, one update per batch of rows. */
export function generateWorkbook(
  wb: Workbook,
  options: { rows?: number; functions?: FormulaFunctions; batchRows?: number; sheets?: number } = {},
): { cells: number; formulas: number } {
  const rows = options.rows ?? ROWS
  const sheets = options.sheets ?? SHEETS
  const functions = options.functions ?? 'builtin'
  const batchRows = options.batchRows ?? BATCH_ROWS
  const random = rng(42)
  let cells = 0
  let formulas = 0
  for (let s = 0; s < sheets; s++) {
    const sheetId = addSheet(wb, { name: `Blad${s + 1}`, kind: 'generic', columns: Array.from({ length: COLS }, () => COLUMN) })
    insertRows(wb, sheetId, 0, rows)
    const grid = getSheetGrid(wb, sheetId)
    for (let from = 0; from < rows; from += batchRows) {
      const edits: CellEdit[] = []
      for (let row = from; row < Math.min(rows, from + batchRows); row++) {
        grid.colIds.forEach((colId, col) => {
          // Columns A and B hold the inputs every formula shape reads.
          const formula = col >= 2 && random() < FORMULA_SHARE / 0.8
          const input = formula
            ? formulaFromA1(wb, sheetId, formulaFor(random, row, col, s, functions))
            : Math.round(random() * 10_000) / 10
          edits.push({ rowId: grid.rowIds[row]!, colId, input })
          cells++
          if (formula) formulas++
        })
      }
      setCells(wb, sheetId, edits)
    }
  }
  return { cells, formulas }
}

/** Filled cells of a workbook (to see that a copy holds all of it). */
export function countCells(wb: Workbook): number {
  let n = 0
  for (const info of listSheets(wb)) {
    const grid = getSheetGrid(wb, info.id)
    for (const rowId of grid.rowIds) for (const colId of grid.colIds) if (getCellInput(wb, info.id, rowId, colId) != null) n++
  }
  return n
}

/** The workbook as HyperFormula input (sheet name -> rows of raw contents), as the engine mirror renders it. */
export function engineSheets(wb: Workbook): Record<string, Array<Array<string | number | boolean | null>>> {
  const sheets: Record<string, Array<Array<string | number | boolean | null>>> = {}
  for (const info of listSheets(wb)) {
    const grid = getSheetGrid(wb, info.id)
    sheets[info.name] = grid.rowIds.map((rowId) =>
      grid.colIds.map((colId) => {
        const input = getCellInput(wb, info.id, rowId, colId)
        if (input === undefined || input === null) return null
        if (isFormula(input)) return toEngineFormula(wb, info.id, input)
        return typeof input === 'string' ? `'${input}` : input
      }),
    )
  }
  return sheets
}
