import ExcelJS from 'exceljs'
import { getCellInput, getSheetGrid, isFormula, listSheets, type Workbook } from '@samplan/domain'
import { createWorkbookMirror, type WorkbookMirror } from '@samplan/formulas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportWorkbookXlsx } from './xlsx-export'
import { convertWithLibreOffice, createFilledVp2024Workbook } from './test-support'

/** Every formula cell's value as LibreOffice computed it, by "sheet!A1". */
type Recalculated = Map<string, ExcelJS.CellValue>

/** Strips every cached result, so the values read back can only come from LibreOffice's own calculation. */
async function withoutCachedResults(xlsx: Buffer): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(xlsx as unknown as ArrayBuffer)
  book.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) cell.value = { formula: cell.formula } as ExcelJS.CellFormulaValue
      }),
    ),
  )
  return Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer)
}

async function readResults(xlsx: Buffer): Promise<{ results: Recalculated; formulas: number }> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(xlsx as unknown as ArrayBuffer)
  const results: Recalculated = new Map()
  let formulas = 0
  book.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type !== ExcelJS.ValueType.Formula) return
        formulas++
        // cell.value drops falsy results (0, false, ''); cell.result does not.
        results.set(`${ws.name}!${cell.address}`, cell.result ?? null)
      }),
    ),
  )
  return { results, formulas }
}

function expectSameValue(samplan: number | string | boolean | null, office: unknown, where: string): void {
  if (typeof samplan === 'number') {
    expect(typeof office, where).toBe('number')
    expect(Math.abs((office as number) - samplan), `${where}: ${office} vs ${samplan}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(samplan)))
  } else if (samplan === null || samplan === '') {
    expect(office === null || office === '' || office === undefined, `${where}: ${String(office)}`).toBe(true)
  } else {
    expect(office, where).toBe(samplan)
  }
}

describe('xlsx export opened and recalculated by LibreOffice', () => {
  let workbook: Workbook
  let mirror: WorkbookMirror
  let office: Awaited<ReturnType<typeof readResults>>
  let fallbacks: number

  beforeAll(async () => {
    workbook = createFilledVp2024Workbook()
    mirror = createWorkbookMirror(workbook)
    const exported = await exportWorkbookXlsx(workbook, mirror, { title: 'VP 2024' })
    fallbacks = exported.fallbacks.length
    const recalculated = await convertWithLibreOffice(await withoutCachedResults(exported.buffer), 'vp2024.xlsx', 'xlsx')
    office = await readResults(recalculated)
  }, 180_000)

  afterAll(() => mirror?.destroy())

  it('keeps every formula cell of the VP 2024 workbook a live formula (no value fallbacks)', () => {
    let samplanFormulas = 0
    for (const sheet of listSheets(workbook)) {
      const grid = getSheetGrid(workbook, sheet.id)
      for (const rowId of grid.rowIds) {
        for (const colId of grid.colIds) if (isFormula(getCellInput(workbook, sheet.id, rowId, colId))) samplanFormulas++
      }
    }
    expect(fallbacks).toBe(0)
    expect(samplanFormulas).toBeGreaterThan(100)
    expect(office.formulas).toBe(samplanFormulas)
  })

  it("gives LibreOffice's values equal to Samplan's for every formula cell, with no error anywhere", () => {
    let compared = 0
    for (const sheet of listSheets(workbook)) {
      const grid = getSheetGrid(workbook, sheet.id)
      const values = mirror.getSheetValues(sheet.id)
      grid.rowIds.forEach((rowId, r) => {
        grid.colIds.forEach((colId, c) => {
          if (!isFormula(getCellInput(workbook, sheet.id, rowId, colId))) return
          const address = `${sheet.name}!${String.fromCharCode(65 + c)}${r + 1}`
          const computed = values[r]![c]!
          expect(computed.error, `Samplan error at ${address}`).toBeUndefined()
          expect(office.results.has(address), `${address} missing in LibreOffice's file`).toBe(true)
          const result = office.results.get(address)
          expect(typeof result === 'object' && result !== null && 'error' in result, `${address}: ${JSON.stringify(result)}`).toBe(false)
          expectSameValue(computed.value, result, address)
          compared++
        })
      })
    }
    expect(compared).toBe(office.formulas)
  })

  it('computes the inlined Samplan functions to the seed-derived figures', () => {
    // RSU-bidrag totalt = 170 placed elever x 147,0 tkr (seed: 24 990 tkr).
    expectSameValue(24_990, office.results.get('RSU-parametrar!C10'), 'RSUGRANT')
    // Kärrtorp never balances within 3 years; Betty Pettersson does in year 3 (our planning figures).
    expect(office.results.get('Strukturellt underskott!H2')).toBe(true)
    expect(office.results.get('Strukturellt underskott!H3')).toBe(false)
    expectSameValue(13.1, office.results.get('Strukturellt underskott!I2'), 'DEFICITGRANT')
  })
})
