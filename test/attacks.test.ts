/**
 * Regression tests for crafted Yjs updates that the old rights check let
 * through because it trusted what an update declared (V1–V6). Every attack is
 * hand-written bytes (support/yjs-update-encoder.ts), never the Yjs client API.
 * A refusal must close the socket with 4403 and a reason, leave the server's
 * document exactly as it was (every root as JSON, state vector, delete set),
 * leave a connected client in agreement with the server, and the workbook must
 * still load after a restart.
 */
import { getCellInput, getSheetGrid, openWorkbook, setCells, setRowSpec } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  borrowedOrigin,
  loneOrigin,
  copiedIdDelete,
  freshClientId,
  gappedItem,
  gcAhead,
  overlappingExtension,
  zeroLength,
  type Declared,
} from './support/crafted-updates'
import { fingerprint, type Fingerprint } from './support/doc-fingerprint'
import {
  describeVerdict,
  fetchServerDoc,
  loginAll,
  postStatus,
  restartServer,
  sendUpdate,
  settle,
  WORKBOOK,
  type Tokens,
  type UserName,
} from './support/live-server'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import {
  cellsRoot,
  copyDoc,
  ekonomCell,
  platserKeysOf,
  rowsOf,
  valuedKeys,
  valueItem,
  workbookLayout,
  type WorkbookLayout,
} from './support/workbook-layout'
import { encodeUpdateV1, encodeUpdateV2, type Content } from './support/yjs-update-encoder'
import { connectClient, type NodeClient } from './support/yjs-client'

/** A refusal with a reason the client can show. */
const REFUSED = /^closed 4403: .+/
/** 4400 is allowed only where the bytes are garbage as an update. */
const REFUSED_OR_MALFORMED = /^closed 440[03]: .+/
/** SPEC G4: an update that starts after clocks the server lacks is refused, or dropped unapplied and unheld. */
const REFUSED_OR_DROPPED = /^(closed 4403: .+|dropped)$/

/** One server per describe block, a läsare's connected client watching it, and the demo users' tokens. */
function useLiveServer() {
  const state: { server?: ServerProcess; tokens?: Tokens; observer?: NodeClient; clients: NodeClient[] } = { clients: [] }
  beforeAll(async () => {
    state.server = await startServerProcess()
    state.tokens = await loginAll(state.server)
    state.observer = await connectClient(state.server.wsUrl, WORKBOOK, state.tokens.lasare)
  })
  /** A client whose id a relayed attack reused can fail to leave cleanly; that must not hide the verdict. */
  const closeClients = () => {
    for (const c of [state.observer, ...state.clients]) {
      try {
        c?.destroy()
      } catch {
        // already broken
      }
    }
    state.clients = []
  }
  afterAll(async () => {
    closeClients()
    await state.server?.stop()
    if (state.server) removeDir(state.server.dataDir)
  })
  const h = {
    get server() {
      return state.server as ServerProcess
    },
    get tokens() {
      return state.tokens as Tokens
    },
    get observer() {
      return state.observer as NodeClient
    },
    /** A connected client of `user`, closed with the block. */
    async client(user: UserName): Promise<NodeClient> {
      const client = await connectClient(h.server.wsUrl, WORKBOOK, h.tokens[user])
      state.clients.push(client)
      return client
    },
    read: () => fetchServerDoc(h.server, h.tokens.lasare),
    send: (user: UserName, update: Uint8Array) => sendUpdate(h.server, h.tokens[user], update),

    /** Sends `update` as `user` and checks it is refused, changes nothing, and the observer agrees. */
    async expectRefused(before: Fingerprint, user: UserName, update: Uint8Array, label: string, refused = REFUSED) {
      expect.soft(describeVerdict(await h.send(user, update)), `${label}: refused`).toMatch(refused)
      await h.expectServerAt(before, label)
    },

    /** The server's doc has fingerprint `expected`, and the observer agrees with the server. */
    async expectServerAt(expected: Fingerprint, label: string) {
      const doc = await h.read()
      const now = fingerprint(doc)
      expect.soft(now, `${label}: the server's document`).toEqual(expected)
      // Yjs sends held-back structs with the state, so a held update would show here.
      expect.soft(doc.store.pendingStructs ?? doc.store.pendingDs, `${label}: nothing held back`).toBeNull()
      await settle(h.observer)
      expect.soft(fingerprint(h.observer.doc), `${label}: the observer agrees with the server`).toEqual(now)
    },

    /** Stops the server, starts it on the same data and checks the workbook loads as it was. */
    async expectLoadsAfterRestart() {
      const last = fingerprint(await h.read())
      closeClients()
      state.server = await restartServer(h.server)
      state.tokens = await loginAll(h.server)
      expect(fingerprint(await h.read())).toEqual(last)
      state.observer = await connectClient(h.server.wsUrl, WORKBOOK, h.tokens.lasare)
      expect(fingerprint(h.observer.doc)).toEqual(last)
    },
  }
  return h
}

/** Chef1's own RSU-platser cell, as a parent to declare. */
function ownPlatser(layout: WorkbookLayout): Declared {
  return { parent: cellsRoot(layout.rsuSheetId), parentSub: platserKeysOf(layout, 'Område 1')[0] as string }
}

/** A valued cell on another område's RSU row (the RSU-platser cells start empty, so any column of that row). */
function otherOmradeCell(doc: Y.Doc, layout: WorkbookLayout): string {
  const row = rowsOf(layout, 'Område 2')[0] as string
  const key = valuedKeys(doc, cellsRoot(layout.rsuSheetId)).find((k) => k.startsWith(`${row}:`))
  if (!key) throw new Error("no valued cell on Område 2's RSU row")
  return key
}

function budgetCell(doc: Y.Doc, layout: WorkbookLayout): string {
  const key = valuedKeys(doc, cellsRoot(layout.budgetSheetId))[0]
  if (!key) throw new Error('no valued budget cell')
  return key
}

function itemAt(doc: Y.Doc, root: string, key: string): Y.Item {
  const item = valueItem(doc, root, key)
  if (!item || item.deleted) throw new Error(`${root}[${key}] holds no value`)
  return item
}

/** The newest struct under `client`, which must be an item. */
function latestItemOf(doc: Y.Doc, client: number): Y.Item {
  const structs = doc.store.clients.get(client) ?? []
  const last = structs[structs.length - 1]
  if (!(last instanceof Y.Item)) throw new Error(`client ${client} has no latest item`)
  return last
}

describe('crafted updates on a live workbook (V1–V3, V5)', () => {
  const h = useLiveServer()

  it('control: legitimate updates from real Y.Docs are accepted, kept and relayed', async () => {
    const doc = await h.read()
    const layout = workbookLayout(doc)
    const own = rowsOf(layout, 'Område 1')[0] as string
    const chef = await h.client('chef1')
    setCells(openWorkbook(chef.doc), layout.rsuSheetId, [{ rowId: own, colId: layout.platserColId, input: 12 }])
    await settle(chef)

    const cell = ekonomCell(doc, layout)
    const copy = copyDoc(doc)
    const known = Y.encodeStateVector(copy)
    setCells(openWorkbook(copy), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 4711 }])
    expect(describeVerdict(await h.send('ekonom', Y.encodeStateAsUpdate(copy, known)))).toBe('accepted')

    const after = await h.read()
    expect(getCellInput(openWorkbook(after), layout.rsuSheetId, own, layout.platserColId)).toBe(12)
    expect(getCellInput(openWorkbook(after), cell.sheetId, cell.rowId, cell.colId)).toBe(4711)
    await settle(h.observer)
    expect(fingerprint(h.observer.doc)).toEqual(fingerprint(after))
  })

  it('V2 — an områdeschef cannot write any value at any key through a borrowed origin, with or without a copy of it', async () => {
    const targets: Array<{ label: string; at: (doc: Y.Doc, layout: WorkbookLayout) => [string, string]; value: unknown }> = [
      { label: 'the workbook status', at: () => ['workbook', 'status'], value: 'inskickad' },
      { label: "another område's RSU cell", at: (d, l) => [cellsRoot(l.rsuSheetId), otherOmradeCell(d, l)], value: 99 },
      { label: 'a budget cell', at: (d, l) => [cellsRoot(l.budgetSheetId), budgetCell(d, l)], value: 12345 },
    ]
    for (const target of targets) {
      const doc = await h.read()
      const layout = workbookLayout(doc)
      const [root, key] = target.at(doc, layout)
      const update = borrowedOrigin(itemAt(doc, root, key), ownPlatser(layout), freshClientId(doc), target.value)
      await h.expectRefused(fingerprint(doc), 'chef1', encodeUpdateV1(update), `V2 ${target.label}`)
      // The new item alone, as an honest set of that cell looks: judged from its bytes, on the cell it lands in.
      const lone = loneOrigin(itemAt(doc, root, key), freshClientId(doc), target.value)
      await h.expectRefused(fingerprint(doc), 'chef1', encodeUpdateV1(lone), `V2 lone ${target.label}`)
    }
  })

  it("V3 — an update cannot overwrite someone's latest edit by overlapping its clock range", async () => {
    const ekonom = await h.client('ekonom')
    const layout = workbookLayout(await h.read())
    const cell = ekonomCell(ekonom.doc, layout)
    setCells(openWorkbook(ekonom.doc), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 'ekonomens värde' }])
    await settle(ekonom)
    const doc = await h.read()
    const update = overlappingExtension(latestItemOf(doc, ekonom.doc.clientID), ownPlatser(layout), 'överskrivet')
    await h.expectRefused(fingerprint(doc), 'chef1', encodeUpdateV1(update), 'V3')
    expect(getCellInput(openWorkbook(await h.read()), cell.sheetId, cell.rowId, cell.colId)).toBe('ekonomens värde')

    // The ekonom's client keeps working: its next edit lands.
    setCells(openWorkbook(ekonom.doc), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 'nästa' }])
    await settle(ekonom)
    expect(getCellInput(openWorkbook(await h.read()), cell.sheetId, cell.rowId, cell.colId)).toBe('nästa')
  })

  it("V5 — a GC struct over another user's unused clocks cannot make their edits vanish", async () => {
    const ekonom = await h.client('ekonom')
    const layout = workbookLayout(await h.read())
    const cell = ekonomCell(ekonom.doc, layout)
    setCells(openWorkbook(ekonom.doc), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 1 }])
    await settle(ekonom)
    const doc = await h.read()
    const client = ekonom.doc.clientID
    await h.expectRefused(fingerprint(doc), 'lasare', encodeUpdateV1(gcAhead(client, Y.getState(doc.store, client), 10)), 'V5')

    setCells(openWorkbook(ekonom.doc), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 2 }])
    await settle(ekonom)
    const after = await h.read()
    expect(getCellInput(openWorkbook(after), cell.sheetId, cell.rowId, cell.colId), "the ekonom's next edit").toBe(2)
    await settle(h.observer)
    expect(fingerprint(h.observer.doc)).toEqual(fingerprint(after))
  })

  it('v2-encoded bytes sent as a v1 update are refused and change nothing', async () => {
    const doc = await h.read()
    const layout = workbookLayout(doc)
    const update = borrowedOrigin(itemAt(doc, 'workbook', 'status'), ownPlatser(layout), freshClientId(doc), 'beslutad')
    await h.expectRefused(fingerprint(doc), 'chef1', encodeUpdateV2(update), 'v2 as v1', REFUSED_OR_MALFORMED)
  })

  it('V1 — a läsare cannot delete anything with a copied id and a delete set', async () => {
    const targets: Array<{ label: string; at: (doc: Y.Doc, layout: WorkbookLayout) => [string, string]; declare: 'real' | 'own' }> = [
      { label: 'a budget cell', at: (d, l) => [cellsRoot(l.budgetSheetId), budgetCell(d, l)], declare: 'real' },
      { label: "another område's RSU cell", at: (d, l) => [cellsRoot(l.rsuSheetId), otherOmradeCell(d, l)], declare: 'own' },
      { label: 'a sheet name', at: (_, l) => [`sheet:${l.budgetSheetId}`, 'name'], declare: 'own' },
      { label: 'the workbook status', at: () => ['workbook', 'status'], declare: 'real' },
    ]
    for (const target of targets) {
      const doc = await h.read()
      const layout = workbookLayout(doc)
      const [root, key] = target.at(doc, layout)
      const declared = target.declare === 'real' ? { parent: root, parentSub: key } : ownPlatser(layout)
      const update = copiedIdDelete(itemAt(doc, root, key), declared)
      await h.expectRefused(fingerprint(doc), 'lasare', encodeUpdateV1(update), `V1 ${target.label}`)
    }
  })

  it('the workbook loads after a restart with the same data', async () => {
    await h.expectLoadsAfterRestart()
  })
})

describe('crafted updates that would brick the workbook (V4)', () => {
  const h = useLiveServer()

  it('V4 — a läsare cannot brick the workbook with a zero-length item', async () => {
    const contents: Array<[string, Content]> = [
      ['deleted', { kind: 'deleted', length: 0 }],
      ['any', { kind: 'any', values: [] }],
      ['string', { kind: 'string', value: '' }],
    ]
    for (const [label, content] of contents) {
      const doc = await h.read()
      const bytes = encodeUpdateV1(zeroLength(freshClientId(doc), { parent: 'workbook', parentSub: 'status' }, content))
      if (label === 'deleted') expect(bytes.length, 'V4 fits in about 30 bytes').toBeLessThan(32)
      await h.expectRefused(fingerprint(doc), 'lasare', bytes, `V4 zero-length ${label}`)
    }
  })

  it('the workbook loads after a restart with the same data', async () => {
    await h.expectLoadsAfterRestart()
  })
})

describe('held-back (pending) changes and lost rights (V6)', () => {
  const h = useLiveServer()

  it('V6 — a held change does not land after its row moved to another område', async () => {
    const doc = await h.read()
    const layout = workbookLayout(doc)
    const moved = rowsOf(layout, 'Område 1')[0] as string
    const gained = rowsOf(layout, 'Område 3')[0] as string
    const client = freshClientId(doc)
    // The gap filler is a real Yjs edit under the same client id, into a row chef1 will own after the move.
    const filler = copyDoc(doc, client)
    const known = Y.encodeStateVector(filler)
    setCells(openWorkbook(filler), layout.rsuSheetId, [{ rowId: gained, colId: layout.platserColId, input: 7 }])
    const fillerUpdate = Y.encodeStateAsUpdate(filler, known)
    const gap = Y.getState(filler.store, client)
    const held = gappedItem(client, gap, ownPlatser(layout), 4711)
    await h.expectRefused(fingerprint(doc), 'chef1', encodeUpdateV1(held), 'V6 gapped item', REFUSED_OR_DROPPED)

    const ekonom = await h.client('ekonom')
    const grid = getSheetGrid(openWorkbook(ekonom.doc), layout.rsuSheetId)
    const specOf = (rowId: string) => grid.rows[grid.rowIds.indexOf(rowId)] ?? { kind: 'data' as const }
    setRowSpec(openWorkbook(ekonom.doc), layout.rsuSheetId, moved, { ...specOf(moved), omrade: 'Område 2' })
    setRowSpec(openWorkbook(ekonom.doc), layout.rsuSheetId, gained, { ...specOf(gained), omrade: 'Område 1' })
    await settle(ekonom)
    expect(rowsOf(workbookLayout(await h.read()), 'Område 1')).toEqual([gained])

    // The filler is allowed by itself; it must not release anything held.
    expect(describeVerdict(await h.send('chef1', fillerUpdate)), 'the filler (a legitimate edit)').toBe('accepted')
    const after = await h.read()
    expect(getCellInput(openWorkbook(after), layout.rsuSheetId, moved, layout.platserColId), 'the moved row').toBeUndefined()
    expect(getCellInput(openWorkbook(after), layout.rsuSheetId, gained, layout.platserColId)).toBe(7)
    await settle(h.observer)
    expect(fingerprint(h.observer.doc)).toEqual(fingerprint(after))
  })

  it('V6 — a held change does not land after the workbook is beslutad', async () => {
    const doc = await h.read()
    const layout = workbookLayout(doc)
    const client = freshClientId(doc)
    const held = encodeUpdateV1(gappedItem(client, 3, ownPlatser(layout), 4712))
    await h.expectRefused(fingerprint(doc), 'chef1', held, 'V6 gapped item', REFUSED_OR_DROPPED)

    await postStatus(h.server, h.tokens.admin, 'inskickad')
    await postStatus(h.server, h.tokens.admin, 'beslutad')
    const decided = await h.read()
    expect(workbookLayout(decided).status).toBe('beslutad')
    await h.expectRefused(fingerprint(decided), 'chef1', encodeUpdateV1(gcAhead(client, 0, 3)), 'V6 GC filling the gap')
  })

  it('the workbook loads after a restart with the same data', async () => {
    await h.expectLoadsAfterRestart()
  })
})
