import {
  getCellInput,
  openWorkbook,
  setCellFromText,
} from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectClient, login, onDoc, waitFor, type NodeClient } from './support/yjs-client'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { budgetCell } from './support/workbook-layout'

const WORKBOOK = 'vp-2024'

describe('sync server with two real y-websocket clients', () => {
  let server: ServerProcess
  const clients: NodeClient[] = []

  beforeAll(async () => {
    server = await startServerProcess()
  })

  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  const auth = async () => ({ authorization: `Bearer ${await login(server.url, 'ekonom')}` })

  it('answers health and lists the seeded VP 2024 workbook', async () => {
    const health = await fetch(`${server.url}/api/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true })
    const list = (await (await fetch(`${server.url}/api/workbooks`, { headers: await auth() })).json()) as {
      workbooks: Array<{ id: string; title: string }>
    }
    expect(list.workbooks).toEqual([
      expect.objectContaining({ id: WORKBOOK, title: 'Verksamhetsplan 2024 – Utbildningsnämnden' }),
    ])
  })

  it('answers malformed requests with a JSON error, never a stack trace', async () => {
    const headers = await auth()
    const badJson = await fetch(`${server.url}/api/workbooks`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"title": ',
    })
    expect(badJson.status).toBe(400)
    const body = (await badJson.json()) as { error: string; message: string }
    expect(body.message).toMatch(/JSON/)
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)

    const invalid = await fetch(`${server.url}/api/workbooks`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 42 }),
    })
    expect(invalid.status).toBe(400)
    expect(await invalid.json()).toMatchObject({ error: 'invalid-request' })

    const missing = await fetch(`${server.url}/api/workbooks/finns-inte`, { headers })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: 'not-found' })
  })

  it('relays an edit from one client to the other, evaluates a Swedish formula, and keeps both across a restart', async () => {
    const token = await login(server.url, 'ekonom')
    const a = await connectClient(server.wsUrl, WORKBOOK, token)
    const b = await connectClient(server.wsUrl, WORKBOOK, token)
    clients.push(a, b)
    const wbA = openWorkbook(a.doc)
    const wbB = openWorkbook(b.doc)

    const kostnader = budgetCell(wbA, 'Kostnader', 'Budget 2024')
    const netto = budgetCell(wbA, 'Netto KF Budget', 'Budget 2024')
    const mirrorB = createWorkbookMirror(wbB)
    const nettoBefore = mirrorB.getValue(netto.sheetId, netto.rowId, netto.colId).value
    expect(nettoBefore).toBeCloseTo(20684.1 - 297, 6)

    setCellFromText(wbA, kostnader.sheetId, kostnader.rowId, kostnader.colId, '21 000,5', 'sv-SE')
    await waitFor(() => getCellInput(wbB, kostnader.sheetId, kostnader.rowId, kostnader.colId) === 21000.5, onDoc(b.doc), 'edit on B')
    expect(mirrorB.getValue(netto.sheetId, netto.rowId, netto.colId).value).toBeCloseTo(21000.5 - 297, 6)

    // A Swedish formula typed on A evaluates on B (SUMMA with `;`, decimal comma).
    const target = budgetCell(wbA, 'Investeringar', 'Budget 2024')
    const b2 = budgetCell(wbA, 'Kostnader', 'Budget 2023')
    setCellFromText(wbA, target.sheetId, target.rowId, target.colId, `=SUMMA(${b2.address};1,5)`, 'sv-SE')
    await waitFor(() => typeof getCellInput(wbB, target.sheetId, target.rowId, target.colId) === 'string', onDoc(b.doc), 'formula on B')
    const b2Value = mirrorB.getValue(b2.sheetId, b2.rowId, b2.colId).value as number
    expect(mirrorB.getValue(target.sheetId, target.rowId, target.colId).value).toBeCloseTo(b2Value + 1.5, 6)
    mirrorB.destroy()

    a.destroy()
    b.destroy()
    clients.length = 0
    await server.stop()
    server = await startServerProcess({ dataDir: server.dataDir })

    const c = await connectClient(server.wsUrl, WORKBOOK, await login(server.url, 'ekonom'))
    clients.push(c)
    const wbC = openWorkbook(c.doc)
    expect(getCellInput(wbC, kostnader.sheetId, kostnader.rowId, kostnader.colId)).toBe(21000.5)
    const mirrorC = createWorkbookMirror(wbC)
    expect(mirrorC.getValue(target.sheetId, target.rowId, target.colId).value).toBeCloseTo(b2Value + 1.5, 6)
    mirrorC.destroy()
  })
})
