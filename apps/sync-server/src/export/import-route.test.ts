import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../server'
import { findUnsafeFormula } from './formula-safety'

describe('import route: unsafe formulas are reported, and the export never writes them', () => {
  let server: RunningServer
  let dir: string
  let token: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samplan-import-route-'))
    server = await startServer({ port: 0, host: '127.0.0.1', databaseFile: join(dir, 'samplan.sqlite'), log: () => {} })
    const res = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ekonom', password: 'samplan2024' }),
    })
    token = ((await res.json()) as { token: string }).token
  })

  afterAll(async () => {
    await server?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('answers 201 with the neutralised cells, and the xlsx export has only safe formulas', async () => {
    const book = new ExcelJS.Workbook()
    const ws = book.addWorksheet('Länkar')
    ws.getCell('A1').value = { formula: 'HYPERLINK("http://evil.example","Klicka")', result: 'Klicka' }
    ws.getCell('A2').value = { formula: "cmd|' /C calc'!A0" }
    ws.getCell('A3').value = { formula: 'SUM(1,2)', result: 3 }
    const file = Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer)

    const res = await fetch(`${server.url}/api/workbooks/vp-2024/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: file,
    })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { neutralised: Array<{ sheet: string; cell: string; reason: string }> }
    expect(body.neutralised).toEqual([
      { sheet: 'Länkar', cell: 'A1', formula: '=HYPERLINK("http://evil.example","Klicka")', reason: 'skapar en länk som öppnar en webbadress eller fil när någon klickar' },
      { sheet: 'Länkar', cell: 'A2', formula: "=cmd|' /C calc'!A0", reason: 'startar ett annat program (DDE)' },
    ])

    const exported = await fetch(`${server.url}/api/workbooks/vp-2024/export?format=xlsx&token=${encodeURIComponent(token)}`)
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
})
