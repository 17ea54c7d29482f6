import { ACTION_DENIAL, Api, ApiError, findSheetByName, getCellInput, getSheetGrid, INSKICKAD_DENIAL } from '@samplan/domain'
import * as Y from 'yjs'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findUnsafeFormula } from '../../export/formula-safety'
import { createTestApp, type TestApp } from '../test-support'

async function xlsxFile(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  fill(book.addWorksheet('Länkar'))
  return new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer)
}

describe('import route', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  const post = (id: string, as: string, body: string | Uint8Array) =>
    t.request(`/api/workbooks/${id}/import`, { as, body, headers: { 'content-type': 'application/octet-stream' } })

  it('answers 201 with the neutralised cells, and the xlsx export has only safe formulas', async () => {
    const file = await xlsxFile((ws) => {
      ws.getCell('A1').value = { formula: 'HYPERLINK("http://evil.example","Klicka")', result: 'Klicka' }
      ws.getCell('A2').value = { formula: "cmd|' /C calc'!A0" }
      ws.getCell('A3').value = { formula: 'SUM(1,2)', result: 3 }
    })
    const res = await post('vp-2024', 'ekonom', file)
    expect(res.status).toBe(201)
    const body = Api.ImportResult.parse(await res.json())
    expect(body.sheets).toEqual([expect.objectContaining({ name: 'Länkar' })])
    expect(body.neutralised).toEqual([
      {
        sheet: 'Länkar',
        cell: 'A1',
        formula: '=HYPERLINK("http://evil.example","Klicka")',
        reason: 'skapar en länk som öppnar en webbadress eller fil när någon klickar',
      },
      { sheet: 'Länkar', cell: 'A2', formula: "=cmd|' /C calc'!A0", reason: 'startar ett annat program (DDE)' },
    ])

    const exported = await t.request('/api/workbooks/vp-2024/export?format=xlsx', { as: 'lasare' })
    expect(exported.status).toBe(200)
    const back = new ExcelJS.Workbook()
    await back.xlsx.load((await exported.arrayBuffer()) as ArrayBuffer)
    const formulas: string[] = []
    for (const sheet of back.worksheets) {
      sheet.eachRow((row) => row.eachCell((cell) => void (cell.type === ExcelJS.ValueType.Formula && formulas.push(cell.formula))))
    }
    expect(formulas.length).toBeGreaterThan(50) // VP 2024's own formulas are still formulas
    expect(formulas.filter((f) => findUnsafeFormula(f) !== null)).toEqual([])
    expect(back.getWorksheet('Länkar')!.getCell('A3').formula).toBe('SUM(1,2)')
    expect(back.getWorksheet('Länkar')!.getCell('A1').value).toBe('Klicka')
  })

  it('refuses a läsare [A1], an ekonom while inskickad [R1] and everyone once beslutad', async () => {
    const file = await xlsxFile((ws) => {
      ws.getCell('A1').value = 1
    })
    const lasare = await post('vp-2024', 'lasare', file)
    expect([lasare.status, await lasare.json()]).toEqual([403, { error: 'forbidden', message: ACTION_DENIAL['import-xlsx'] }])

    const id = await t.newWorkbook()
    const setStatus = (status: string) => t.request(`/api/workbooks/${id}/status`, { as: 'admin', json: { status } })
    expect((await setStatus('inskickad')).status).toBe(200)
    const submitted = await post(id, 'ekonom', file)
    expect([submitted.status, await submitted.json()]).toEqual([403, { error: 'forbidden', message: INSKICKAD_DENIAL }])
    expect((await setStatus('beslutad')).status).toBe(200)
    const decided = await post(id, 'admin', file)
    expect(decided.status).toBe(403)
    expect(ApiError.parse(await decided.json()).error).toBe('forbidden')
  })

  it('answers a file that is not an xlsx with 400 invalid-request and says why', async () => {
    const res = await post('vp-2024', 'ekonom', 'Kostnader;19494,6\r\n')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'invalid-request', message: 'Filen är inte en xlsx-fil (Excel-arbetsbok).' })
  })

  describe('plan', () => {
    const plan = (as: string, body: string | Uint8Array, targets?: Record<string, string>) =>
      t.request(`/api/workbooks/vp-2024/import/plan${targets ? `?targets=${encodeURIComponent(JSON.stringify(targets))}` : ''}`, {
        as,
        body,
        headers: { 'content-type': 'application/octet-stream' },
      })
    const ownExport = async () => {
      const res = await t.request('/api/workbooks/vp-2024/export?format=xlsx', { as: 'ekonom' })
      return new Uint8Array(await res.arrayBuffer())
    }

    it("[IM5] the workbook's own xlsx export plans no change: 0 cells, 0 rows, 0 sheets", async () => {
      const res = await plan('ekonom', await ownExport())
      expect(res.status).toBe(200)
      const body = Api.ImportPreview.parse(await res.json())
      expect(body.plan.totals).toEqual({ cellsChanged: 0, rowsAdded: 0, sheetsAdded: 0, locked: 0 })
      expect(body.fileSheets.length).toBeGreaterThan(10)
      expect(body.plan.sheets.every((s) => s.target.kind === 'sheet' && s.target.name === s.fileName)).toBe(true)
    })

    it('[IM2] [IM6] plans two changed figures and an added row of an edited export, and writes nothing', async () => {
      const book = new ExcelJS.Workbook()
      await book.xlsx.load((await ownExport()).buffer as ArrayBuffer)
      const ws = book.getWorksheet('Budget')!
      ws.getCell('C2').value = 21000.5
      ws.getCell('C3').value = 1500
      ws.getRow(6).values = ['Övriga intäkter', 1, 2]
      const file = new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer)
      const room = await t.deps.rooms.get('vp-2024')
      const before = Y.encodeStateVector(room.doc)

      const body = Api.ImportPreview.parse(await (await plan('ekonom', file)).json())
      expect(body.plan.totals).toEqual({ cellsChanged: 2, rowsAdded: 1, sheetsAdded: 0, locked: 0 })
      const budget = body.plan.sheets.find((s) => s.fileName === 'Budget')!
      expect(budget.changes.map((c) => [c.rowLabel, c.column, c.new])).toEqual([
        ['Kostnader', 'Budget 2024', 21000.5],
        ['Intäkter', 'Budget 2024', 1500],
      ])
      expect(budget.addedRows.map((r) => [r.label, r.cells.map((c) => c.write)])).toEqual([['Övriga intäkter', ['Övriga intäkter', 1, 2]]])
      expect(Y.encodeStateVector(room.doc)).toEqual(before)
      const sheet = findSheetByName(room.workbook, 'Budget')!
      const grid = getSheetGrid(room.workbook, sheet.id)
      expect(getCellInput(room.workbook, sheet.id, grid.rowIds[1]!, grid.colIds[2]!)).not.toBe(21000.5)

      // [IM1] The user sends it to a new sheet instead: the whole file sheet, nothing else.
      const asNew = Api.ImportPreview.parse(await (await plan('ekonom', file, { '0': 'new' })).json())
      expect(asNew.plan.sheets[0]!.target).toMatchObject({ kind: 'new', name: 'Budget (2)' })
      const missing = await plan('ekonom', file, { '0': 'finns-inte' })
      expect(missing.status).toBe(400)
      expect(ApiError.parse(await missing.json()).message).toMatch(/finns inte längre/)
    })

    it('[IM10] refuses a läsare and an områdeschef with the reason [A1], a non-xlsx file and unreadable targets with 400', async () => {
      const file = await ownExport()
      for (const as of ['lasare', 'chef1']) {
        const res = await plan(as, file)
        expect([res.status, await res.json()]).toEqual([403, { error: 'forbidden', message: ACTION_DENIAL['import-xlsx'] }])
      }
      const notXlsx = await plan('ekonom', 'Kostnader;19494,6\r\n')
      expect([notXlsx.status, await notXlsx.json()]).toEqual([
        400,
        { error: 'invalid-request', message: 'Filen är inte en xlsx-fil (Excel-arbetsbok).' },
      ])
      const badTargets = await t.request('/api/workbooks/vp-2024/import/plan?targets=%7Bnope', {
        as: 'ekonom',
        body: file,
        headers: { 'content-type': 'application/octet-stream' },
      })
      expect(badTargets.status).toBe(400)
      expect(ApiError.parse(await badTargets.json()).message).toMatch(/targets/)
    })
  })
})
