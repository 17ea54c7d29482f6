import { findSheetByName, getCellInput, getSheetGrid, openWorkbook, setCells, type Workbook } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { settle } from './support/live-server'
import { RawSocket, updateFrame } from './support/raw-socket'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { connectClient, login, onDoc, waitFor, type NodeClient } from './support/yjs-client'

const WORKBOOK = 'vp-2024'

/** Ids of the cell at an A1 address of a named sheet. */
function cell(wb: Workbook, sheetName: string, address: string) {
  const sheet = findSheetByName(wb, sheetName)!
  const grid = getSheetGrid(wb, sheet.id)
  const m = /^([A-Z])(\d+)$/.exec(address)!
  return {
    sheetId: sheet.id,
    rowId: grid.rowIds[Number(m[2]) - 1]!,
    colId: grid.colIds[m[1]!.charCodeAt(0) - 65]!,
  }
}

describe('audit trail, named versions and the workflow lock', () => {
  let server: ServerProcess
  let ekonom: NodeClient
  const tokens: Record<string, string> = {}
  const api = async (user: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.url}/api${path}`, {
      ...init,
      headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json', ...init.headers },
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }

  beforeAll(async () => {
    server = await startServerProcess()
    for (const u of ['ekonom', 'chef1', 'admin', 'lasare']) tokens[u] = await login(server.url, u)
    ekonom = await connectClient(server.wsUrl, WORKBOOK, tokens.ekonom!)
  })

  afterAll(async () => {
    ekonom?.destroy()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it('records who changed a cell, when, and old -> new, by A1 and by stable id', async () => {
    const wb = openWorkbook(ekonom.doc)
    const c2 = cell(wb, 'Budget', 'C2')
    const original = getCellInput(wb, c2.sheetId, c2.rowId, c2.colId)
    setCells(wb, c2.sheetId, [{ rowId: c2.rowId, colId: c2.colId, input: 21000 }])
    setCells(wb, c2.sheetId, [{ rowId: c2.rowId, colId: c2.colId, input: 21500.5 }])
    // The server has handled both edits (and written their audit entries) once it answers a later query on the same socket.
    await settle(ekonom)
    const entries = (await api('lasare', `/workbooks/${WORKBOOK}/history?cell=${encodeURIComponent('Budget!C2')}`)).body
      .entries as Array<Record<string, unknown>>
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatchObject({ userName: 'Eva Ekonom', address: 'Budget!C2', old: 21000, new: 21500.5, ...c2 })
    expect(entries[1]).toMatchObject({ userName: 'Eva Ekonom', old: original, new: 21000 })
    expect(Date.parse(entries[0]!.at as string)).toBeGreaterThan(Date.now() - 60_000)

    const byId = await api('lasare', `/workbooks/${WORKBOOK}/history?sheetId=${c2.sheetId}&rowId=${c2.rowId}&colId=${c2.colId}`)
    expect(byId.body.entries).toEqual(entries)
    expect((await api('lasare', `/workbooks/${WORKBOOK}/history?cell=Budget!ZZ999`)).status).toBe(400)
  })

  it('saves a named version, compares it with now, and restores it as a new change seen live', async () => {
    const wb = openWorkbook(ekonom.doc)
    const c3 = cell(wb, 'Budget', 'C3')
    const saved = await api('ekonom', `/workbooks/${WORKBOOK}/versions`, { method: 'POST', body: JSON.stringify({ name: 'Förvaltningens förslag' }) })
    expect(saved.status).toBe(201)
    const versionId = saved.body.id as string
    const before = getCellInput(wb, c3.sheetId, c3.rowId, c3.colId)
    setCells(wb, c3.sheetId, [{ rowId: c3.rowId, colId: c3.colId, input: 1 }])

    await settle(ekonom)
    const differences = (await api('lasare', `/workbooks/${WORKBOOK}/versions/compare?from=${versionId}`)).body.differences as Array<
      Record<string, unknown>
    >
    expect(differences).toEqual([expect.objectContaining({ sheetName: 'Budget', a1: 'C3', from: before, to: 1 })])
    // The column's spec comes along, so the web app formats the figures as the grid does (SPEC V8).
    expect(differences[0]!.column).toEqual({ label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom', width: 110, period: { kind: 'budget', year: 2024 } })

    expect((await api('ekonom', `/workbooks/${WORKBOOK}/versions/${versionId}/restore`, { method: 'POST' })).status).toBe(403)
    const restored = await api('admin', `/workbooks/${WORKBOOK}/versions/${versionId}/restore`, { method: 'POST' })
    expect(restored).toMatchObject({ status: 200, body: { changedCells: 1, removedRows: 0 } })
    await waitFor(() => getCellInput(wb, c3.sheetId, c3.rowId, c3.colId) === before, onDoc(ekonom.doc), 'restore reaches the client')
    const history = (await api('lasare', `/workbooks/${WORKBOOK}/history?cell=Budget!C3`)).body.entries as Array<Record<string, unknown>>
    expect(history[0]).toMatchObject({ userName: 'Anna Admin', old: 1, new: before })
    const list = (await api('lasare', `/workbooks/${WORKBOOK}/versions`)).body.versions as Array<Record<string, unknown>>
    expect(list.map((v) => v.name)).toEqual(['Förvaltningens förslag'])
  })

  it('moves utkast -> inskickad -> beslutad, saves the decided version, then refuses every edit', async () => {
    expect((await api('ekonom', `/workbooks/${WORKBOOK}/status`, { method: 'POST', body: JSON.stringify({ status: 'inskickad' }) })).status).toBe(403)
    expect((await api('admin', `/workbooks/${WORKBOOK}/status`, { method: 'POST', body: JSON.stringify({ status: 'beslutad' }) })).status).toBe(409)
    expect((await api('admin', `/workbooks/${WORKBOOK}/status`, { method: 'POST', body: JSON.stringify({ status: 'inskickad' }) })).status).toBe(200)
    const decided = await api('admin', `/workbooks/${WORKBOOK}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'beslutad', versionName: 'Beslutad 2023-12-14, dnr UBN 2023/1234' }),
    })
    expect(decided).toMatchObject({ status: 200, body: { status: 'beslutad', version: { name: 'Beslutad 2023-12-14, dnr UBN 2023/1234' } } })
    await waitFor(() => ekonom.doc.getMap('workbook').get('status') === 'beslutad', onDoc(ekonom.doc), 'status reaches the client')

    // An ekonom's edit is now refused, with the reason.
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(ekonom.doc))
    const wb = openWorkbook(copy)
    const c2 = cell(wb, 'Budget', 'C2')
    const sv = Y.encodeStateVector(copy)
    setCells(wb, c2.sheetId, [{ rowId: c2.rowId, colId: c2.colId, input: 5 }])
    const socket = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${tokens.ekonom}`)
    const outcome = await socket.sendAndConfirm([updateFrame(Y.encodeStateAsUpdate(copy, sv))], sv)
    socket.close()
    expect(outcome).toMatchObject({ kind: 'closed', code: 4403, reason: expect.stringMatching(/beslutad/) })
    expect((await api('admin', `/workbooks/${WORKBOOK}/status`, { method: 'POST', body: JSON.stringify({ status: 'utkast' }) })).status).toBe(409)
  })
})
