import Database from 'better-sqlite3'
import { join } from 'node:path'
import { getCellInput, getSheetGrid, listSheets, openWorkbook, setCells } from '@samplan/domain'
import { afterAll, describe, expect, it } from 'vitest'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { connectClient, login, onDoc, waitFor } from './support/yjs-client'

const WORKBOOK = 'vp-2024'

/** Bytes Yjs throws on while applying: an item of one client that claims an unknown content type. */
const THROWS_ON_APPLY = new Uint8Array([1, 1, 200, 1, 0, 8, 0])

describe('a poisoned row in the store never bricks a workbook', () => {
  let server: ServerProcess | undefined

  afterAll(async () => {
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it('sets the bad row aside on load, keeps every good edit around it, and shows it to an administrator', async () => {
    server = await startServerProcess()
    const ekonom = await login(server.url, 'ekonom')
    const client = await connectClient(server.wsUrl, WORKBOOK, ekonom)
    const wb = openWorkbook(client.doc)
    const budget = listSheets(wb).find((s) => s.kind === 'budget')!
    const grid = getSheetGrid(wb, budget.id)
    const colId = grid.colIds[grid.columns.findIndex((c) => c.editable === 'ekonom')]!
    const [rowBefore, rowAfter] = grid.rowIds.filter((_, i) => grid.rows[i]?.kind === 'data')
    setCells(wb, budget.id, [{ rowId: rowBefore!, colId, input: 111 }])
    client.destroy()
    await server.stop()

    // Planted between two good edits, as a bad row would sit in a real log.
    const db = new Database(join(server.dataDir, 'samplan.sqlite'))
    db.prepare('INSERT INTO updates (workbook_id, data, user_id, created_at) VALUES (?, ?, ?, ?)').run(
      WORKBOOK,
      Buffer.from(THROWS_ON_APPLY),
      'planted',
      new Date().toISOString(),
    )
    db.close()
    server = await startServerProcess({ dataDir: server.dataDir })
    const again = await connectClient(server.wsUrl, WORKBOOK, await login(server.url, 'ekonom'))
    setCells(openWorkbook(again.doc), budget.id, [{ rowId: rowAfter!, colId, input: 222 }])
    const observer = await connectClient(server.wsUrl, WORKBOOK, await login(server.url, 'lasare'))
    await waitFor(() => getCellInput(openWorkbook(observer.doc), budget.id, rowAfter!, colId) === 222, onDoc(observer.doc), 'the edit after the bad row')
    expect(getCellInput(openWorkbook(observer.doc), budget.id, rowBefore!, colId)).toBe(111)
    again.destroy()
    observer.destroy()

    const admin = await login(server.url, 'admin')
    const res = await fetch(`${server.url}/api/workbooks/${WORKBOOK}/quarantine`, { headers: { authorization: `Bearer ${admin}` } })
    expect(res.status).toBe(200)
    const { entries } = (await res.json()) as { entries: Array<{ kind: string; userId: string; reason: string }> }
    expect(entries).toEqual([expect.objectContaining({ kind: 'update', userId: 'planted', reason: expect.stringMatching(/kan inte tillämpas/) })])
    const asEkonom = await fetch(`${server.url}/api/workbooks/${WORKBOOK}/quarantine`, {
      headers: { authorization: `Bearer ${await login(server.url, 'ekonom')}` },
    })
    expect(asEkonom.status).toBe(403)
    const csv = await fetch(`${server.url}/api/workbooks/${WORKBOOK}/export?format=csv&sheet=${encodeURIComponent(budget.name)}`, {
      headers: { authorization: `Bearer ${admin}` },
    })
    expect(csv.status).toBe(200)
    expect(server.output()).toMatch(/quarantined/)

    // Loads again after a restart, with the bad row gone from the log and the edits kept.
    await server.stop()
    server = await startServerProcess({ dataDir: server.dataDir })
    const last = await connectClient(server.wsUrl, WORKBOOK, await login(server.url, 'lasare'))
    expect(getCellInput(openWorkbook(last.doc), budget.id, rowAfter!, colId)).toBe(222)
    last.destroy()
  })
})
