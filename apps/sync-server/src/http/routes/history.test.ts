import { Api, ApiError, findSheetByName, getSheetGrid, setCells } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support'

describe('history: who changed a cell, when, old -> new', () => {
  let t: TestApp
  let cell: { sheetId: string; rowId: string; colId: string }
  beforeAll(async () => {
    t = await createTestApp()
    const room = await t.deps.rooms.get('vp-2024')
    const budget = findSheetByName(room.workbook, 'Budget')!
    const grid = getSheetGrid(room.workbook, budget.id)
    cell = { sheetId: budget.id, rowId: grid.rowIds[1]!, colId: grid.colIds[2]! } // Budget!C2
    // Changes made on a user's behalf are audited like a client's.
    for (const input of [21000, 21500.5]) {
      await room.changeAsServer(t.user('ekonom'), (workbook) => ({
        cells: [cell],
        apply: () => setCells(workbook, cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input }]),
      }))
    }
  })
  afterAll(() => t.close())

  it('answers a HistoryResponse, newest first, by A1 address and by stable ids alike', async () => {
    const byAddress = Api.HistoryResponse.parse(
      await (await t.request('/api/workbooks/vp-2024/history?cell=Budget!C2', { as: 'lasare' })).json(),
    )
    expect(byAddress.entries).toHaveLength(2)
    expect(byAddress.entries[0]).toMatchObject({ userName: 'Eva Ekonom', address: 'Budget!C2', old: 21000, new: 21500.5, ...cell })
    const query = new URLSearchParams(cell).toString()
    const byIds = Api.HistoryResponse.parse(await (await t.request(`/api/workbooks/vp-2024/history?${query}`, { as: 'lasare' })).json())
    expect(byIds).toEqual(byAddress)
    const limited = Api.HistoryResponse.parse(await (await t.request('/api/workbooks/vp-2024/history?limit=1', { as: 'lasare' })).json())
    expect(limited.entries).toEqual([byAddress.entries[0]])
  })

  it('answers an address that names no cell with 400 unknown-cell and a Swedish hint', async () => {
    const res = await t.request('/api/workbooks/vp-2024/history?cell=Budget!ZZ999', { as: 'lasare' })
    expect(res.status).toBe(400)
    expect(ApiError.parse(await res.json())).toEqual({
      error: 'unknown-cell',
      message: 'Cellen Budget!ZZ999 finns inte. Ange till exempel Budget!C2.',
    })
  })
})
