import {
  deleteRows,
  getCellInput,
  getSheetGrid,
  insertRows,
  listSheets,
  openWorkbook,
  renameSheet,
  setCells,
  setWorkbookStatus,
  type SheetGrid,
  type Workbook,
} from '@samplan/domain'
import { createRng, type Rng } from '@samplan/domain/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RawSocket, updateFrame } from './support/raw-socket'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { login } from './support/yjs-client'

const WORKBOOK = 'vp-2024'
const FORGED = 1_000
const LEGIT = 200
const BATCH = 25

interface Candidate {
  label: string
  user: 'ekonom' | 'chef1' | 'chef2' | 'lasare' | 'admin'
  /** Makes the change on a private copy of the server's doc. */
  change: (wb: Workbook) => void
}

/** The RSU sheet's område rows and its RSU-platser column, read from the live template. */
function rsuLayout(wb: Workbook) {
  const sheet = listSheets(wb).find((s) => s.kind === 'rsu' && hasPlatser(getSheetGrid(wb, s.id)))
  if (!sheet) throw new Error('no RSU sheet with an RSU-platser column')
  const grid = getSheetGrid(wb, sheet.id)
  const platserCol = grid.columns.findIndex((c) => c.editable === 'omradeschef')
  const rowsOf = (omrade: string) => grid.rowIds.filter((_, i) => grid.rows[i]?.omrade === omrade)
  return { sheetId: sheet.id, grid, platserColId: grid.colIds[platserCol] as string, rowsOf }
}

function hasPlatser(grid: SheetGrid): boolean {
  return grid.columns.some((c) => c.editable === 'omradeschef')
}

function forgedCandidates(wb: Workbook, rng: Rng): Candidate[] {
  const rsu = rsuLayout(wb)
  const sheets = listSheets(wb)
  const budget = sheets.find((s) => s.kind === 'budget')!
  const budgetGrid = getSheetGrid(wb, budget.id)
  const anyCell = () => {
    const sheet = rng.pick(sheets)
    const grid = getSheetGrid(wb, sheet.id)
    return { sheetId: sheet.id, rowId: rng.pick(grid.rowIds), colId: rng.pick(grid.colIds) }
  }
  const lockedCell = () => {
    for (;;) {
      const sheet = rng.pick(sheets)
      const grid = getSheetGrid(wb, sheet.id)
      const locked = grid.colIds.filter((_, i) => grid.columns[i]?.editable === 'locked')
      if (locked.length > 0) return { sheetId: sheet.id, rowId: rng.pick(grid.rowIds), colId: rng.pick(locked) }
    }
  }
  const value = () => (rng.bool() ? rng.int(1000) : rng.pick(['x', '=1+1', '', '<img src=x onerror=alert(1)>']))
  const otherOmrade = (own: string) => rng.pick(['Område 1', 'Område 2', 'Område 3', 'Område 4'].filter((o) => o !== own))
  const set = (c: { sheetId: string; rowId: string; colId: string }) => (w: Workbook) =>
    setCells(w, c.sheetId, [{ rowId: c.rowId, colId: c.colId, input: value() }])

  const kinds: Array<() => Candidate> = [
    () => {
      const user = rng.pick(['chef1', 'chef2'] as const)
      const rowId = rng.pick(rsu.rowsOf(otherOmrade(user === 'chef1' ? 'Område 1' : 'Område 2')))
      return { label: 'RSU-platser of another område', user, change: set({ sheetId: rsu.sheetId, rowId, colId: rsu.platserColId }) }
    },
    () => {
      const cell = { sheetId: budget.id, rowId: rng.pick(budgetGrid.rowIds), colId: rng.pick(budgetGrid.colIds) }
      return { label: 'budget cell by an områdeschef', user: rng.pick(['chef1', 'chef2'] as const), change: set(cell) }
    },
    () => {
      const rowId = rng.pick(rsu.rowsOf('Område 1'))
      const others = rsu.grid.colIds.filter((c) => c !== rsu.platserColId)
      return { label: 'own område row, other column', user: 'chef1', change: set({ sheetId: rsu.sheetId, rowId, colId: rng.pick(others) }) }
    },
    () => {
      const sheet = rng.pick(sheets)
      const at = rng.int(getSheetGrid(wb, sheet.id).rowIds.length)
      return {
        label: 'structure edit by an områdeschef or läsare',
        user: rng.pick(['chef1', 'chef2', 'lasare'] as const),
        change: (w) => (rng.bool() ? insertRows(w, sheet.id, at, 1 + rng.int(3)) : deleteRows(w, sheet.id, Math.max(0, at - 1), 1)),
      }
    },
    () => ({ label: 'any cell by a läsare', user: 'lasare', change: set(anyCell()) }),
    () => ({ label: 'locked cell by an ekonom', user: 'ekonom', change: set(lockedCell()) }),
    () => ({
      label: 'workbook status or sheet rename',
      user: rng.pick(['ekonom', 'chef1', 'lasare'] as const),
      change: (w) => {
        if (rng.bool()) setWorkbookStatus(w, rng.pick(['utkast', 'inskickad', 'beslutad'] as const))
        else renameSheet(w, rng.pick(sheets).id, `Blad ${rng.int(1e6)}`)
      },
    }),
    () => ({
      label: 'nested type smuggled into a cell',
      user: 'ekonom',
      change: (w) => {
        const c = anyCell()
        w.doc.getMap(`cells:${c.sheetId}`).set(`${c.rowId}:${c.colId}`, new Y.Map())
      },
    }),
  ]
  // Rename/insert by chef or läsare are structure too; renames by an ekonom would be legit, so filter them.
  const out: Candidate[] = []
  while (out.length < FORGED) {
    const candidate = rng.pick(kinds)()
    if (candidate.label === 'workbook status or sheet rename' && candidate.user === 'ekonom') continue
    out.push(candidate)
  }
  return out
}

function legitCandidates(wb: Workbook, rng: Rng): Candidate[] {
  const rsu = rsuLayout(wb)
  const budget = listSheets(wb).find((s) => s.kind === 'budget')!
  const grid = getSheetGrid(wb, budget.id)
  const editable = grid.colIds.filter((_, i) => grid.columns[i]?.editable === 'ekonom')
  const dataRows = grid.rowIds.filter((_, i) => grid.rows[i]?.kind === 'data')
  const out: Candidate[] = []
  for (let i = 0; i < LEGIT; i++) {
    const n = rng.int(50)
    if (i % 2 === 0) {
      const user = rng.pick(['chef1', 'chef2'] as const)
      const rowId = rng.pick(rsu.rowsOf(user === 'chef1' ? 'Område 1' : 'Område 2'))
      out.push({ label: 'own RSU-platser', user, change: (w) => setCells(w, rsu.sheetId, [{ rowId, colId: rsu.platserColId, input: n }]) })
    } else {
      const rowId = rng.pick(dataRows)
      const colId = rng.pick(editable)
      out.push({ label: 'budget cell by an ekonom', user: 'ekonom', change: (w) => setCells(w, budget.id, [{ rowId, colId, input: 1000 + n }]) })
    }
  }
  return out
}

describe('forged updates over real sockets: rights are checked before anything is applied or relayed', () => {
  let server: ServerProcess
  const tokens: Record<string, string> = {}
  let replica: Y.Doc

  beforeAll(async () => {
    server = await startServerProcess()
    for (const u of ['ekonom', 'chef1', 'chef2', 'lasare', 'admin']) tokens[u] = await login(server.url, u)
    const probe = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${tokens.ekonom}`)
    replica = new Y.Doc()
    Y.applyUpdate(replica, await probe.fetchState())
    probe.close()
  })

  afterAll(async () => {
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  /** Makes the candidate's change on a copy of `base` and returns just that change as an update. */
  function updateOf(base: Y.Doc, candidate: Candidate): Uint8Array {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
    const sv = Y.encodeStateVector(copy)
    candidate.change(openWorkbook(copy))
    const update = Y.encodeStateAsUpdate(copy, sv)
    copy.destroy()
    return update
  }

  async function send(candidates: Candidate[], base: Y.Doc) {
    const outcomes: Array<{ candidate: Candidate; outcome: Awaited<ReturnType<RawSocket['sendAndConfirm']>> }> = []
    for (let i = 0; i < candidates.length; i += BATCH) {
      const batch = candidates.slice(i, i + BATCH)
      const results = await Promise.all(
        batch.map(async (candidate) => {
          const update = updateOf(base, candidate)
          const socket = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${tokens[candidate.user]}`)
          const outcome = await socket.sendAndConfirm([updateFrame(update)], Y.encodeStateVector(base))
          socket.close()
          return { candidate, outcome }
        }),
      )
      outcomes.push(...results)
    }
    return outcomes
  }

  it(`accepts none of ${FORGED} generated updates outside the sender's rights, and the doc is unchanged`, async () => {
    const before = Y.encodeStateVector(replica)
    const outcomes = await send(forgedCandidates(openWorkbook(replica), createRng(20241214)), replica)
    const accepted = outcomes.filter((o) => o.outcome.kind === 'accepted')
    expect(accepted.map((o) => `${o.candidate.user}: ${o.candidate.label}`)).toEqual([])
    expect(outcomes).toHaveLength(FORGED)
    for (const { outcome } of outcomes) expect(outcome).toMatchObject({ kind: 'closed', code: 4403 })

    const probe = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${tokens.ekonom}`)
    const after = new Y.Doc()
    Y.applyUpdate(after, await probe.fetchState())
    probe.close()
    expect(Y.encodeStateVector(after)).toEqual(before)
  })

  it(`accepts every one of ${LEGIT} legitimate updates and keeps them`, async () => {
    const candidates = legitCandidates(openWorkbook(replica), createRng(7))
    // Each legit update is made on top of the previous ones, as a real client would.
    const expected = new Y.Doc()
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(replica))
    for (const candidate of candidates) {
      const update = updateOf(expected, candidate)
      const socket = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${tokens[candidate.user]}`)
      const outcome = await socket.sendAndConfirm([updateFrame(update)], Y.encodeStateVector(expected))
      socket.close()
      expect(outcome, `${candidate.user}: ${candidate.label}`).toEqual({ kind: 'accepted' })
      Y.applyUpdate(expected, update)
    }
    const probe = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${tokens.lasare}`)
    const after = new Y.Doc()
    Y.applyUpdate(after, await probe.fetchState())
    probe.close()
    const rsu = rsuLayout(openWorkbook(after))
    const wbAfter = openWorkbook(after)
    const wbExpected = openWorkbook(expected)
    for (const rowId of [...rsu.rowsOf('Område 1'), ...rsu.rowsOf('Område 2')]) {
      expect(getCellInput(wbAfter, rsu.sheetId, rowId, rsu.platserColId)).toEqual(
        getCellInput(wbExpected, rsu.sheetId, rowId, rsu.platserColId),
      )
    }
    expect(Y.encodeStateVector(after)).toEqual(Y.encodeStateVector(expected))
  })
  it('accepts nothing once the workbook is beslutad, not even what was allowed before', async () => {
    const post = (status: string) =>
      fetch(`${server.url}/api/workbooks/${WORKBOOK}/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status }),
      })
    expect((await post('inskickad')).status).toBe(200)
    expect((await post('beslutad')).status).toBe(200)
    const probe = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${tokens.ekonom}`)
    const locked = new Y.Doc()
    Y.applyUpdate(locked, await probe.fetchState())
    probe.close()
    const before = Y.encodeStateVector(locked)
    // Every formerly legitimate change, and the admin's too.
    const candidates = legitCandidates(openWorkbook(locked), createRng(11)).map((c, i) => (i % 10 === 0 ? { ...c, user: 'admin' as const } : c))
    const outcomes = await send(candidates, locked)
    expect(outcomes.filter((o) => o.outcome.kind === 'accepted')).toEqual([])
    for (const { outcome } of outcomes) expect(outcome).toMatchObject({ kind: 'closed', code: 4403, reason: expect.stringMatching(/beslutad/) })
    const after = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${tokens.ekonom}`)
    const state = new Y.Doc()
    Y.applyUpdate(state, await after.fetchState())
    after.close()
    expect(Y.encodeStateVector(state)).toEqual(before)
  })
})
