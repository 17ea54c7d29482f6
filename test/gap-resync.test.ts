import { getCellInput, getSheetGrid, listSheets, openWorkbook, setCells } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RawSocket, updateFrame } from './support/raw-socket'
import { useServer } from './support/use-server'
import { login } from './support/yjs-client'

const WORKBOOK = 'vp-2024'

describe('an update that starts after a gap is answered with the server state, not held and not fatal', () => {
  const env = useServer()

  it('drops the gapped update, asks for everything from its state, and takes the complete resend in order', async () => {
    const token = await login(env.server.url, 'ekonom')
    const socket = new RawSocket(`${env.server.wsUrl}/${WORKBOOK}?token=${token}`)
    const base = new Y.Doc()
    Y.applyUpdate(base, await socket.fetchState())
    const wb = openWorkbook(base)
    const budget = listSheets(wb).find((s) => s.kind === 'budget')!
    const grid = getSheetGrid(wb, budget.id)
    const colId = grid.colIds[grid.columns.findIndex((c) => c.editable === 'ekonom')]!
    const [rowA, rowB] = grid.rowIds.filter((_, i) => grid.rows[i]?.kind === 'data')
    const serverState = Y.encodeStateVector(base)
    setCells(wb, budget.id, [{ rowId: rowA!, colId, input: 111 }])
    const afterFirst = Y.encodeStateVector(base)
    setCells(wb, budget.id, [{ rowId: rowB!, colId, input: 222 }])
    const second = Y.encodeStateAsUpdate(base, afterFirst)

    // The edit made after an unsent one (as when typing races a reconnect): a gap under its own id.
    await socket.step1Count(1)
    socket.send(updateFrame(second))
    await socket.step1Count(2)
    expect(socket.step1s[1]).toEqual(serverState)
    const unchanged = new Y.Doc()
    Y.applyUpdate(unchanged, await socket.fetchState())
    expect(getCellInput(openWorkbook(unchanged), budget.id, rowB!, colId)).not.toBe(222)

    // What a y-websocket client answers to that step 1: everything from the server's state.
    const outcome = await socket.sendAndConfirm([updateFrame(Y.encodeStateAsUpdate(base, serverState))])
    expect(outcome).toEqual({ kind: 'accepted' })
    const after = new Y.Doc()
    Y.applyUpdate(after, await socket.fetchState())
    expect(getCellInput(openWorkbook(after), budget.id, rowA!, colId)).toBe(111)
    expect(getCellInput(openWorkbook(after), budget.id, rowB!, colId)).toBe(222)
    socket.close()
  })
})
