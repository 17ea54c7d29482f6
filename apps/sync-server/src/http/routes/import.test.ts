import { ACTION_DENIAL, Api, ApiError, INSKICKAD_DENIAL } from '@samplan/domain'
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

    const id = t.newWorkbook()
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
})
