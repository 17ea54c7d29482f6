import { addComment, findSheetByName, getCellInput, getSheetGrid, insertRows, openWorkbook, setCells, type Workbook } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RawSocket, updateFrame } from './support/raw-socket'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { login } from './support/yjs-client'

const WORKBOOK = 'vp-2024'

/**
 * SPEC R1: a workbook submitted to the nämnd (inskickad) is read-only for everyone but admins,
 * enforced by the server with the same rights functions the grid uses.
 */
describe('[R1] an inskickad workbook is locked for everyone but admins, on the server', () => {
  let server: ServerProcess
  const tokens: Record<string, string> = {}
  const ids: Record<string, string> = {}

  const socket = (user: string) => new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${tokens[user]}`)

  /** The server's document now. */
  async function serverDoc(): Promise<Y.Doc> {
    const probe = socket('lasare')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, await probe.fetchState())
    probe.close()
    return doc
  }

  /** Makes `change` on a copy of the server's doc and sends just that change as `user`. */
  async function sendChange(user: string, change: (wb: Workbook) => void) {
    const copy = await serverDoc()
    const sv = Y.encodeStateVector(copy)
    change(openWorkbook(copy))
    const s = socket(user)
    const outcome = await s.sendAndConfirm([updateFrame(Y.encodeStateAsUpdate(copy, sv))], sv)
    s.close()
    return outcome
  }

  const setStatus = async (status: string) =>
    (
      await fetch(`${server.url}/api/workbooks/${WORKBOOK}/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status }),
      })
    ).status

  const budgetCell = (wb: Workbook, row: number, col: number) => {
    const sheet = findSheetByName(wb, 'Budget')!
    const grid = getSheetGrid(wb, sheet.id)
    return { sheetId: sheet.id, rowId: grid.rowIds[row]!, colId: grid.colIds[col]! }
  }
  const setBudget = (value: number) => (wb: Workbook) => {
    const c = budgetCell(wb, 1, 2) // C2: Budget 2024 of the first row
    setCells(wb, c.sheetId, [{ rowId: c.rowId, colId: c.colId, input: value }])
  }
  const ownPlatser = (wb: Workbook) => {
    const sheet = findSheetByName(wb, 'RSU')!
    const grid = getSheetGrid(wb, sheet.id)
    const col = grid.columns.findIndex((c) => c.editable === 'omradeschef')
    const row = grid.rows.findIndex((r) => r.omrade === 'Område 1')
    return { sheetId: sheet.id, rowId: grid.rowIds[row]!, colId: grid.colIds[col]! }
  }

  beforeAll(async () => {
    server = await startServerProcess()
    for (const u of ['ekonom', 'chef1', 'lasare', 'admin']) tokens[u] = await login(server.url, u)
    for (const u of ['ekonom', 'admin']) {
      const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${tokens[u]}` } })
      ids[u] = ((await me.json()) as { id: string }).id
    }
  })

  afterAll(async () => {
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it("refuses an ekonom's and an områdeschef's change with 4403 while inskickad, naming why and who reopens it", async () => {
    expect(await sendChange('ekonom', setBudget(21001))).toEqual({ kind: 'accepted' })
    expect(await setStatus('inskickad')).toBe(200)

    const reason = expect.stringMatching(/inskickad.*administratör.*utkast/s)
    expect(await sendChange('ekonom', setBudget(21002))).toEqual({ kind: 'closed', code: 4403, reason })
    expect(
      await sendChange('ekonom', (wb) => insertRows(wb, budgetCell(wb, 1, 0).sheetId, 2, 1)),
    ).toEqual({ kind: 'closed', code: 4403, reason })
    expect(
      await sendChange('chef1', (wb) => {
        const c = ownPlatser(wb)
        setCells(wb, c.sheetId, [{ rowId: c.rowId, colId: c.colId, input: 77 }])
      }),
    ).toEqual({ kind: 'closed', code: 4403, reason })
    const wb = openWorkbook(await serverDoc())
    const c2 = budgetCell(wb, 1, 2)
    expect(getCellInput(wb, c2.sheetId, c2.rowId, c2.colId)).toBe(21001)
  })

  it('keeps comments open and lets an admin change cells while inskickad', async () => {
    expect(
      await sendChange('ekonom', (wb) => {
        const c = budgetCell(wb, 1, 2)
        addComment(wb, c.sheetId, { rowId: c.rowId, colId: c.colId, author: { id: ids.ekonom!, name: 'Eva Ekonom' }, text: 'Nämnden frågar om C2.' })
      }),
    ).toEqual({ kind: 'accepted' })
    expect(await sendChange('admin', setBudget(21003))).toEqual({ kind: 'accepted' })
  })

  it("accepts the ekonom's change again once an admin sends the workbook back to utkast", async () => {
    expect(await setStatus('utkast')).toBe(200)
    expect(await sendChange('ekonom', setBudget(21004))).toEqual({ kind: 'accepted' })
    const wb = openWorkbook(await serverDoc())
    const c2 = budgetCell(wb, 1, 2)
    expect(getCellInput(wb, c2.sheetId, c2.rowId, c2.colId)).toBe(21004)
  })
})
