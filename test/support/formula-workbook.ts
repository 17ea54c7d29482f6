import {
  addSheet,
  formulaFromA1,
  getCellInput,
  getSheetGrid,
  insertRows,
  listSheets,
  openWorkbook,
  setCells,
  type CellEdit,
  type ColumnSpec,
  type Workbook,
} from '@samplan/domain'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { signIn } from './browser'
import type { ServerProcess } from './server-process'
import { connectClient, onDoc, waitFor } from './yjs-client'

const NUMBER: ColumnSpec = { label: 'Belopp', type: 'number', editable: 'ekonom' }
/** Rows of the sheet; rows 1..HEAVY_ROWS of column B each read all of A and C. */
export const FORMULA_ROWS = 1200
export const HEAVY_ROWS = 1000
const BATCH_ROWS = 300

/**
 * A sheet whose every input in column A has about a thousand slow dependents (`B` = SUMPRODUCT over all of
 * A and C, some 1.2 million products per edit), and a few light formulas in D: `D1 = A1*10`, `D2 = A2+A3`.
 * A = the row number, C = 2.
 */
export function writeFormulaSheet(wb: Workbook): string {
  const sheetId = addSheet(wb, { name: 'Beräkning', kind: 'generic', columns: [NUMBER, NUMBER, NUMBER, NUMBER] })
  insertRows(wb, sheetId, 0, FORMULA_ROWS)
  const { rowIds, colIds } = getSheetGrid(wb, sheetId)
  const [a, b, c, d] = colIds as [string, string, string, string]
  for (let from = 0; from < FORMULA_ROWS; from += BATCH_ROWS) {
    const edits: CellEdit[] = []
    for (let row = from; row < Math.min(FORMULA_ROWS, from + BATCH_ROWS); row++) {
      const rowId = rowIds[row] as string
      const r = row + 1
      edits.push({ rowId, colId: a, input: r }, { rowId, colId: c, input: 2 })
      if (row < HEAVY_ROWS) {
        const input = formulaFromA1(wb, sheetId, `=SUMPRODUCT($A$1:$A$${FORMULA_ROWS},$C$1:$C$${FORMULA_ROWS})+${r}`)
        edits.push({ rowId, colId: b, input })
      }
    }
    if (from === 0) {
      edits.push({ rowId: rowIds[0] as string, colId: d, input: formulaFromA1(wb, sheetId, '=A1*10') })
      edits.push({ rowId: rowIds[1] as string, colId: d, input: formulaFromA1(wb, sheetId, '=A2+A3') })
    }
    setCells(wb, sheetId, edits)
  }
  return sheetId
}

/** What B<row> computes while column A holds `a` (row number by default) and C holds 2. */
export function heavyValue(row: number, a: (r: number) => number = (r) => r): number {
  let sum = 0
  for (let r = 1; r <= FORMULA_ROWS; r++) sum += a(r) * 2
  return sum + row
}

/** A new workbook holding the formula sheet, written by a Node client as `token`'s user; returns its id once the server has it. */
export async function createFormulaWorkbook(server: ServerProcess, token: string): Promise<string> {
  const res = await fetch(`${server.url}/api/workbooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title: 'Beräkningstest', template: 'empty' }),
  })
  if (res.status !== 201) throw new Error(`creating a workbook failed: ${res.status} ${await res.text()}`)
  const { id } = (await res.json()) as { id: string }
  const writer = await connectClient(server.wsUrl, id, token)
  writeFormulaSheet(openWorkbook(writer.doc))
  // A second connection that sees every cell proves the server accepted and stored them.
  const reader = await connectClient(server.wsUrl, id, token)
  const wb = openWorkbook(reader.doc)
  const expected = FORMULA_ROWS * 2 + HEAVY_ROWS + 2
  await waitFor(() => filledCells(wb) === expected, onDoc(reader.doc), 'the server to hold the formula sheet', 60_000)
  reader.destroy()
  writer.destroy()
  return id
}

function filledCells(wb: Workbook): number {
  let n = 0
  for (const { id } of listSheets(wb)) {
    const { rowIds, colIds } = getSheetGrid(wb, id)
    for (const rowId of rowIds) for (const colId of colIds) if (getCellInput(wb, id, rowId, colId) != null) n++
  }
  return n
}

/** Signs in as `username` in a fresh context and opens the workbook; resolves once its first cell is drawn. */
export async function openWorkbookPage(
  browser: Browser,
  baseUrl: string,
  workbookId: string,
  username = 'ekonom',
  /** Runs on the fresh context before the page opens (init scripts, request listeners). */
  prepare: (context: BrowserContext) => Promise<void> | void = () => {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  await prepare(context)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error(`${username} page error:`, err.message))
  await signIn(page, baseUrl, username)
  await page.locator('input[name="password"]').waitFor({ state: 'detached' })
  await page.goto(`${baseUrl}/w/${workbookId}`)
  await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
  return page
}

const LABEL: ColumnSpec = { label: 'Rad', type: 'text', editable: 'ekonom' }

/**
 * A sheet of numbered rows: row 1 (frozen) holds `Totalt` and, for each column in `totals`, its sum;
 * row n+1 holds `Rad n`, B = 10·n, C = n and D = B + C, for n = 1 … rows - 1. Returns its id.
 */
export function writeNumberedSheet(wb: Workbook, options: { name: string; rows: number; totals: ReadonlyArray<'B' | 'C' | 'D'> }): string {
  const { name, rows, totals } = options
  const sheetId = addSheet(wb, { name, kind: 'generic', columns: [LABEL, NUMBER, NUMBER, NUMBER], frozenRows: 1 })
  insertRows(wb, sheetId, 0, rows)
  const grid = getSheetGrid(wb, sheetId)
  const edits: CellEdit[] = []
  const at = (row: number, col: number, input: CellEdit['input']) =>
    edits.push({ rowId: grid.rowIds[row] as string, colId: grid.colIds[col] as string, input })
  at(0, 0, 'Totalt')
  for (const letter of totals) at(0, ' ABCD'.indexOf(letter) - 1, formulaFromA1(wb, sheetId, `=SUM(${letter}2:${letter}${rows})`))
  for (let n = 1; n < rows; n++) {
    at(n, 0, `Rad ${n}`)
    at(n, 1, 10 * n)
    at(n, 2, n)
    at(n, 3, formulaFromA1(wb, sheetId, `=B${n + 1}+C${n + 1}`))
  }
  setCells(wb, sheetId, edits)
  return sheetId
}
