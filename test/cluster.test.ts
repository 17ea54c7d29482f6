/**
 * Three real servers on three ports over one PostgreSQL database and one redis-server
 * (ARCHITECTURE.md, "Several servers"): PostgreSQL orders each workbook's updates, Redis only
 * rings the doorbell. Clients on different servers co-edit and converge, a refused update is
 * refused on every server and reaches no one, an update racing a status change is judged the
 * same everywhere, and presence crosses servers.
 */
import { getCellInput, getSheetGrid, openWorkbook, setCellFromText, setCells, setRowSpec } from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { leaseHolders, startCluster } from './support/cluster'
import { borrowedOrigin, copiedIdDelete, freshClientId, gappedItem, gcAhead, zeroLength, type Declared } from './support/crafted-updates'
import { fingerprint } from './support/doc-fingerprint'
import { describeVerdict, fetchServerDoc, sendUpdate, settle, syncUrl, WORKBOOK, withTimeout } from './support/live-server'
import { SqlSession, usePostgres } from './support/postgres'
import { RawSocket, updateFrame } from './support/raw-socket'
import { useRedis } from './support/redis'
import { onOutput, removeDir, type ServerProcess } from './support/server-process'
import {
  budgetCell,
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
import { encodeUpdateV1 } from './support/yjs-update-encoder'
import { connectClient, login, onAwareness, onDoc, waitFor, type NodeClient } from './support/yjs-client'

const REFUSED = /^closed 4403: .+/

function ownPlatser(layout: WorkbookLayout): Declared {
  return { parent: cellsRoot(layout.rsuSheetId), parentSub: platserKeysOf(layout, 'Område 1')[0] as string }
}

function itemAt(doc: Y.Doc, root: string, key: string): Y.Item {
  const item = valueItem(doc, root, key)
  if (!item || item.deleted) throw new Error(`${root}[${key}] holds no value`)
  return item
}

function otherOmradeCell(doc: Y.Doc, layout: WorkbookLayout): string {
  const row = rowsOf(layout, 'Område 2')[0] as string
  const key = valuedKeys(doc, cellsRoot(layout.rsuSheetId)).find((k) => k.startsWith(`${row}:`))
  if (!key) throw new Error("no valued cell on Område 2's RSU row")
  return key
}

describe('three servers over one PostgreSQL and one Redis', () => {
  const postgres = usePostgres()
  const redis = useRedis()
  let servers: ServerProcess[] = []
  let databaseUrl = ''
  const clients: NodeClient[] = []
  const tokens: Record<string, string> = {}

  beforeAll(async () => {
    databaseUrl = await postgres.cluster.createDatabase()
    servers = await startCluster(3, databaseUrl, redis.redis.url)
    // A token from one server is good on every server: they share the signing secret in the database.
    for (const user of ['ekonom', 'chef1', 'chef2', 'lasare', 'admin']) tokens[user] = await login(servers[0]?.url as string, user)
  })

  afterAll(async () => {
    for (const c of clients) c.destroy()
    await Promise.all(servers.map((s) => s.stop()))
    for (const s of servers) removeDir(s.dataDir)
  })

  const server = (i: number) => servers[i] as ServerProcess
  const connect = async (i: number, user: string, workbook = WORKBOOK) => {
    const client = await connectClient(server(i).wsUrl, workbook, tokens[user] as string)
    clients.push(client)
    return client
  }
  /** Every server's copy of the workbook, read through a fresh socket to each. */
  const readAll = (workbook: string) => Promise.all(servers.map((s) => fetchServerDocOf(s, tokens.admin as string, workbook)))
  /**
   * Every server's copy once they agree: a change committed on one reaches the others a moment
   * later, so they are read again (real requests, no timer) until equal; if they never agree the
   * last reading is returned and the test's comparison shows the difference.
   */
  const everyServersDoc = async (workbook = WORKBOOK) => {
    let docs = await readAll(workbook)
    for (let read = 0; read < 100; read++) {
      const prints = docs.map((d) => JSON.stringify(fingerprint(d)))
      if (prints.every((p) => p === prints[0])) break
      docs = await readAll(workbook)
    }
    return docs
  }

  it('seeds once although the three started together: one workbook, one set of users, sign-in on every server', async () => {
    for (const s of servers) {
      const res = await fetch(`${s.url}/api/workbooks`, { headers: { authorization: `Bearer ${tokens.admin}` } })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { workbooks: Array<{ id: string }> }).workbooks.map((w) => w.id)).toEqual([WORKBOOK])
      expect(await login(s.url, 'chef2')).toMatch(/^ey/)
    }
    const seeded = servers.filter((s) => s.output().includes('seeded workbook'))
    expect(seeded).toHaveLength(1)
  })

  it('clients on different servers co-edit one workbook and converge, in cell contents and computed values', async () => {
    const a = await connect(0, 'ekonom')
    const b = await connect(1, 'admin')
    const c = await connect(2, 'ekonom')
    const wbA = openWorkbook(a.doc)
    const kostnader = budgetCell(wbA, 'Kostnader', 'Budget 2024')
    const netto = budgetCell(wbA, 'Netto KF Budget', 'Budget 2024')
    const investeringar = budgetCell(wbA, 'Investeringar', 'Budget 2024')
    const b2 = budgetCell(wbA, 'Kostnader', 'Budget 2023')
    const mirrorC = createWorkbookMirror(openWorkbook(c.doc))

    // Edits typed on A and B at once reach C, whose formulas recompute from both.
    setCellFromText(wbA, kostnader.sheetId, kostnader.rowId, kostnader.colId, '21 000,5', 'sv-SE')
    setCellFromText(
      openWorkbook(b.doc),
      investeringar.sheetId,
      investeringar.rowId,
      investeringar.colId,
      `=SUMMA(${b2.address};1,5)`,
      'sv-SE',
    )
    const wbC = openWorkbook(c.doc)
    await waitFor(
      () =>
        getCellInput(wbC, kostnader.sheetId, kostnader.rowId, kostnader.colId) === 21000.5 &&
        typeof getCellInput(wbC, investeringar.sheetId, investeringar.rowId, investeringar.colId) === 'string',
      onDoc(c.doc),
      "A's and B's edits on C",
    )
    expect(mirrorC.getValue(netto.sheetId, netto.rowId, netto.colId).value).toBeCloseTo(21000.5 - 297, 6)
    const b2Value = mirrorC.getValue(b2.sheetId, b2.rowId, b2.colId).value as number
    expect(mirrorC.getValue(investeringar.sheetId, investeringar.rowId, investeringar.colId).value).toBeCloseTo(b2Value + 1.5, 6)
    mirrorC.destroy()

    // A burst from all three at once: every client and every server ends with the same document.
    const layout = workbookLayout(a.doc)
    const grid = getSheetGrid(wbA, layout.budgetSheetId)
    const rows = grid.rowIds.filter((_, i) => grid.rows[i]?.kind === 'data')
    const col = grid.colIds[grid.columns.findIndex((cl) => cl.editable === 'ekonom')] as string
    for (let k = 0; k < 30; k++) {
      const client = [a, b, c][k % 3] as NodeClient
      setCells(openWorkbook(client.doc), layout.budgetSheetId, [{ rowId: rows[k % rows.length] as string, colId: col, input: 1000 + k }])
    }
    await Promise.all([a, b, c].map((cl) => settle(cl)))
    const docs = await everyServersDoc()
    const expected = fingerprint(docs[0] as Y.Doc)
    for (const doc of docs) expect(fingerprint(doc)).toEqual(expected)
    for (const cl of [a, b, c]) {
      await waitFor(() => JSON.stringify(fingerprint(cl.doc)) === JSON.stringify(expected), onDoc(cl.doc), 'the client to converge')
    }
    // The last write to each cell wins everywhere, whichever server took it.
    const last = new Map<string, number>()
    for (let k = 0; k < 30; k++) last.set(rows[k % rows.length] as string, 1000 + k)
    for (const [rowId, value] of last) expect(getCellInput(openWorkbook(docs[2] as Y.Doc), layout.budgetSheetId, rowId, col)).toBe(value)
  })

  it("a refused update (an områdeschef writing another område's cell) is refused on every server and no client anywhere sees it", async () => {
    const observers = await Promise.all([0, 1, 2].map((i) => connect(i, 'lasare')))
    const logged = servers.map((s) => s.output().length)
    for (let i = 0; i < 3; i++) {
      const doc = await fetchServerDoc(server(i), tokens.chef1 as string)
      const layout = workbookLayout(doc)
      const before = fingerprint(doc)
      const other = rowsOf(layout, 'Område 2')[0] as string
      const copy = copyDoc(doc)
      const known = Y.encodeStateVector(copy)
      setCells(openWorkbook(copy), layout.rsuSheetId, [{ rowId: other, colId: layout.platserColId, input: 999 }])
      const verdict = await sendUpdate(server(i), tokens.chef1 as string, Y.encodeStateAsUpdate(copy, known))
      expect(describeVerdict(verdict), `server ${i}`).toMatch(REFUSED)
      for (const doc of await everyServersDoc()) expect(fingerprint(doc), `after the refusal on server ${i}`).toEqual(before)
      for (const o of observers) {
        await settle(o)
        expect(getCellInput(openWorkbook(o.doc), layout.rsuSheetId, other, layout.platserColId)).not.toBe(999)
      }
    }
    // One server holds the workbook's lease and judged all three: the two others forwarded theirs
    // and closed their sockets with its reason.
    const holders = leaseHolders(servers, WORKBOOK)
    expect(holders).toHaveLength(1)
    const said = (s: ServerProcess) => s.output().slice(logged[servers.indexOf(s)])
    expect(said(holders[0] as ServerProcess).match(/refusing a forwarded update/g)).toHaveLength(2)
    for (const s of servers) expect(said(s)).not.toMatch(/no verdict from/)
  })

  it('updates queued while the workbook is locked are written in one turn: the refused one among them changes nothing on any server, the accepted ones before and after it are kept everywhere', async () => {
    const sql = new SqlSession(databaseUrl)
    try {
      for (let i = 0; i < 3; i++) {
        const doc = await fetchServerDocOf(server(i), tokens.admin as string, WORKBOOK)
        const layout = workbookLayout(doc)
        const grid = getSheetGrid(openWorkbook(doc), layout.budgetSheetId)
        const rows = grid.rowIds.filter((_, k) => grid.rows[k]?.kind === 'data')
        const col = grid.colIds[grid.columns.findIndex((c) => c.editable === 'ekonom')] as string
        const foreign = rowsOf(layout, 'Område 2')[0] as string
        const own = rowsOf(layout, 'Område 1')[0] as string
        /** One update, made on a copy of the server's doc under the copy's own client id. */
        const edit = (sheetId: string, rowId: string, colId: string, input: number) => {
          const copy = copyDoc(doc)
          const known = Y.encodeStateVector(copy)
          setCells(openWorkbook(copy), sheetId, [{ rowId, colId, input }])
          return updateFrame(Y.encodeStateAsUpdate(copy, known))
        }
        const open = async (user: string) => {
          const socket = new RawSocket(`${server(i).wsUrl}/${WORKBOOK}?token=${tokens[user]}`)
          await socket.opened
          return socket
        }
        const [eva, chef, anna] = [await open('ekonom'), await open('chef1'), await open('admin')]
        // Each socket's frames, then a ping: its pong means the server has read every frame before
        // it, so all of them wait in the room's queue behind the turn the lock holds back.
        const queue = async (socket: RawSocket, frames: Uint8Array[]) => {
          for (const frame of frames) socket.send(frame)
          const pong = once(socket.ws, 'pong')
          socket.ws.ping()
          await pong
        }
        await sql.run(`SELECT pg_advisory_lock(7161613, hashtext('${WORKBOOK}'));`)
        try {
          await queue(eva, [edit(layout.budgetSheetId, rows[0] as string, col, 7100 + i)])
          // Refused (another område's cell); the same socket's next frame, fine by itself, is heard no more.
          await queue(chef, [
            edit(layout.rsuSheetId, foreign, layout.platserColId, 999),
            edit(layout.rsuSheetId, own, layout.platserColId, 4242),
          ])
          await queue(anna, [edit(layout.budgetSheetId, rows[1] as string, col, 7200 + i)])
        } finally {
          await sql.run(`SELECT pg_advisory_unlock(7161613, hashtext('${WORKBOOK}'));`)
        }
        expect(await eva.sendAndConfirm([]), `the first edit on server ${i}`).toEqual({ kind: 'accepted' })
        expect(await anna.sendAndConfirm([]), `the edit after the refused one on server ${i}`).toEqual({ kind: 'accepted' })
        expect(await withTimeout(chef.closed, 15_000, 'the refusal'), `the refused edit on server ${i}`).toMatchObject({ code: 4403 })
        for (const socket of [eva, anna]) socket.close()
        const docs = await everyServersDoc()
        for (const [k, d] of docs.entries()) {
          const wb = openWorkbook(d)
          expect(getCellInput(wb, layout.budgetSheetId, rows[0] as string, col), `server ${k}`).toBe(7100 + i)
          expect(getCellInput(wb, layout.budgetSheetId, rows[1] as string, col), `server ${k}`).toBe(7200 + i)
          expect(getCellInput(wb, layout.rsuSheetId, foreign, layout.platserColId), `server ${k}`).not.toBe(999)
          expect(getCellInput(wb, layout.rsuSheetId, own, layout.platserColId), `server ${k}`).not.toBe(4242)
          expect(fingerprint(d)).toEqual(fingerprint(docs[0] as Y.Doc))
        }
      }
    } finally {
      sql.close()
    }
  })

  it('crafted updates (V1 copied id with a delete set, V2 borrowed origin) are refused by each server of the cluster', async () => {
    for (let i = 0; i < 3; i++) {
      const doc = await fetchServerDoc(server(i), tokens.lasare as string)
      const layout = workbookLayout(doc)
      const targets: Array<[string, string]> = [
        ['workbook', 'status'],
        [cellsRoot(layout.rsuSheetId), otherOmradeCell(doc, layout)],
      ]
      for (const [root, key] of targets) {
        const before = fingerprint(await fetchServerDoc(server(i), tokens.lasare as string))
        const v2 = borrowedOrigin(itemAt(doc, root, key), ownPlatser(layout), freshClientId(doc), 'beslutad')
        expect(describeVerdict(await sendUpdate(server(i), tokens.chef1 as string, encodeUpdateV1(v2))), `V2 ${root} on ${i}`).toMatch(
          REFUSED,
        )
        const v1 = copiedIdDelete(itemAt(doc, root, key), { parent: root, parentSub: key })
        expect(describeVerdict(await sendUpdate(server(i), tokens.lasare as string, encodeUpdateV1(v1))), `V1 ${root} on ${i}`).toMatch(
          REFUSED,
        )
        for (const d of await everyServersDoc()) expect(fingerprint(d), `every server after the attacks on ${i}`).toEqual(before)
      }
    }
  })

  it("V4 zero-length item and V5 GC over a colleague's clocks on another server are refused by each server; the colleague's next edit lands everywhere", async () => {
    for (let i = 0; i < 3; i++) {
      const doc = await fetchServerDoc(server(i), tokens.lasare as string)
      const v4 = zeroLength(freshClientId(doc), { parent: 'workbook', parentSub: 'status' })
      expect(describeVerdict(await sendUpdate(server(i), tokens.lasare as string, encodeUpdateV1(v4))), `V4 on ${i}`).toMatch(REFUSED)

      // Eva works on the next server; her clocks are known to server i only through the log.
      const eva = await connect((i + 1) % 3, 'ekonom')
      const layout = workbookLayout(eva.doc)
      const cell = ekonomCell(eva.doc, layout)
      setCells(openWorkbook(eva.doc), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 500 + i }])
      await settle(eva)
      // A reader on server i shows when her edit has reached it.
      const reader = await connect(i, 'lasare')
      const hasEdit = () => getCellInput(openWorkbook(reader.doc), cell.sheetId, cell.rowId, cell.colId) === 500 + i
      await waitFor(hasEdit, onDoc(reader.doc), `Eva's edit on server ${i}`)
      const before = await fetchServerDoc(server(i), tokens.lasare as string)
      const v5 = gcAhead(eva.doc.clientID, Y.getState(before.store, eva.doc.clientID), 10)
      expect(describeVerdict(await sendUpdate(server(i), tokens.lasare as string, encodeUpdateV1(v5))), `V5 on ${i}`).toMatch(REFUSED)
      for (const d of await everyServersDoc()) expect(fingerprint(d), `every server after V4 and V5 on ${i}`).toEqual(fingerprint(before))

      setCells(openWorkbook(eva.doc), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 600 + i }])
      await settle(eva)
      for (let k = 0; k < 3; k++) {
        const watcher = k === i ? reader : await connect(k, 'lasare')
        const landed = () => getCellInput(openWorkbook(watcher.doc), cell.sheetId, cell.rowId, cell.colId) === 600 + i
        await waitFor(landed, onDoc(watcher.doc), `Eva's next edit on server ${k}`)
      }
    }
  })

  it('V6 across servers: a change held on one server does not land after its row moved to another område on a second, filled through a third', async () => {
    const doc = await fetchServerDoc(server(0), tokens.chef1 as string)
    const layout = workbookLayout(doc)
    const moved = rowsOf(layout, 'Område 1')[0] as string
    const gained = rowsOf(layout, 'Område 3')[0] as string
    const client = freshClientId(doc)
    const filler = copyDoc(doc, client)
    const known = Y.encodeStateVector(filler)
    setCells(openWorkbook(filler), layout.rsuSheetId, [{ rowId: gained, colId: layout.platserColId, input: 7 }])
    const fillerUpdate = Y.encodeStateAsUpdate(filler, known)
    const held = gappedItem(client, Y.getState(filler.store, client), ownPlatser(layout), 4711)
    expect(describeVerdict(await sendUpdate(server(0), tokens.chef1 as string, encodeUpdateV1(held)))).toMatch(
      /^(closed 4403: .+|dropped)$/,
    )

    // The ekonom moves the rows between områden through server B.
    const ekonom = await connect(1, 'ekonom')
    const grid = getSheetGrid(openWorkbook(ekonom.doc), layout.rsuSheetId)
    const specOf = (rowId: string) => grid.rows[grid.rowIds.indexOf(rowId)] ?? { kind: 'data' as const }
    setRowSpec(openWorkbook(ekonom.doc), layout.rsuSheetId, moved, { ...specOf(moved), omrade: 'Område 2' })
    setRowSpec(openWorkbook(ekonom.doc), layout.rsuSheetId, gained, { ...specOf(gained), omrade: 'Område 1' })
    await settle(ekonom)

    // The filler, legitimate by itself, goes through server C: it lands, and releases nothing held anywhere.
    expect(describeVerdict(await sendUpdate(server(2), tokens.chef1 as string, fillerUpdate))).toBe('accepted')
    const docs = await everyServersDoc()
    for (const d of docs) {
      expect(getCellInput(openWorkbook(d), layout.rsuSheetId, moved, layout.platserColId), 'the moved row').toBeUndefined()
      expect(getCellInput(openWorkbook(d), layout.rsuSheetId, gained, layout.platserColId)).toBe(7)
      expect(fingerprint(d)).toEqual(fingerprint(docs[0] as Y.Doc))
    }
  })

  it('edits racing a status change to beslutad on another server are judged the same everywhere: those before it kept, the first after it refused, never both', async () => {
    const tally = { accepted: 0, refused: 0 }
    for (let round = 0; round < 3; round++) {
      const created = await fetch(`${server(0).url}/api/workbooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Kapplöpning ${round}`, template: 'vp2024' }),
      })
      expect(created.status).toBe(201)
      const { id } = (await created.json()) as { id: string }
      await postStatusOf(server(1), tokens.admin as string, id, 'inskickad')

      // Anna (admin, who may still edit while inskickad) edits one cell again and again through
      // server B, each edit confirmed before the next, while the change to beslutad goes through server C.
      const doc = await fetchServerDocOf(server(1), tokens.admin as string, id)
      await fetchServerDocOf(server(2), tokens.admin as string, id) // C has the workbook loaded, as in use
      const layout = workbookLayout(doc)
      const grid = getSheetGrid(openWorkbook(doc), layout.budgetSheetId)
      const rowId = grid.rowIds[grid.rows.findIndex((r) => r.kind === 'data')] as string
      const colId = grid.colIds[grid.columns.findIndex((c) => c.editable === 'ekonom')] as string
      const copy = copyDoc(doc)
      const socket = new RawSocket(`${server(1).wsUrl}/${id}?token=${tokens.admin}`)
      await socket.opened
      let decided: Promise<void> | null = null
      let accepted = 0
      let refusal = ''
      for (let k = 1; k <= 40 && !refusal; k++) {
        const known = Y.encodeStateVector(copy)
        setCells(openWorkbook(copy), layout.budgetSheetId, [{ rowId, colId, input: 5000 + k }])
        const outcome = await socket.sendAndConfirm([updateFrame(Y.encodeStateAsUpdate(copy, known))])
        if (outcome.kind === 'accepted') accepted = k
        else refusal = `closed ${outcome.code}: ${outcome.reason}`
        if (k === 2) decided = postStatusOf(server(2), tokens.admin as string, id, 'beslutad')
      }
      await decided
      socket.close()
      if (refusal) expect(refusal).toMatch(REFUSED)
      tally.accepted += accepted
      tally.refused += refusal ? 1 : 0

      // Every server holds exactly the edits B accepted and the decision, in the same document.
      const docs = await everyServersDoc(id)
      for (const d of docs) {
        expect(fingerprint(d)).toEqual(fingerprint(docs[0] as Y.Doc))
        expect(workbookLayout(d).status).toBe('beslutad')
        expect(getCellInput(openWorkbook(d), layout.budgetSheetId, rowId, colId)).toBe(5000 + accepted)
      }
      // And the audit trail orders them all before the decision: nothing was accepted after it.
      const history = await fetch(
        `${server(0).url}/api/workbooks/${id}/history?sheetId=${layout.budgetSheetId}&rowId=${rowId}&colId=${colId}`,
        {
          headers: { authorization: `Bearer ${tokens.admin}` },
        },
      )
      const entries = ((await history.json()) as { entries: Array<{ new: unknown }> }).entries
      expect(entries.map((e) => e.new).sort()).toEqual(Array.from({ length: accepted }, (_, k) => 5001 + k).sort())
    }
    // The race went both ways: edits landed before the decision and one was refused after it.
    expect(tally.accepted).toBeGreaterThan(0)
    expect(tally.refused).toBeGreaterThan(0)
  })

  it("presence crosses servers: a user on server A is seen on server B, and is gone when A's client leaves", async () => {
    const anna = await connect(0, 'admin')
    const eva = await connect(1, 'ekonom')
    anna.provider.awareness.setLocalStateField('cursor', { sheet: 'Budget', cell: 'B3' })
    const annaOnB = () =>
      [...eva.provider.awareness.getStates().entries()].find(
        ([id, s]) => id === anna.doc.clientID && (s as { user?: { name?: string } }).user?.name === 'Anna Admin',
      )
    await waitFor(() => annaOnB() !== undefined, onAwareness(eva.provider.awareness), "Anna's presence on server B")
    expect((annaOnB()?.[1] as { cursor?: unknown } | undefined)?.cursor).toEqual({ sheet: 'Budget', cell: 'B3' })
    anna.destroy()
    await waitFor(() => annaOnB() === undefined, onAwareness(eva.provider.awareness), "Anna's presence gone from server B")
  })

  it("a server waiting for the lease holder's verdict on one socket's update answers its other sockets meanwhile, and the update lands once the holder is silent", async () => {
    const created = await fetch(`${server(0).url}/api/workbooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Domaren tiger', template: 'vp2024' }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const [holder, forwarder] = [server(0), server(1)]
    // A new workbook, opened by admins (members of none): loaded on A first, A holds the lease; B forwards its sockets' updates to A.
    const onA = new RawSocket(syncUrl(holder, tokens.admin as string, id))
    await onA.step1Count(1)
    await waitFor(() => holder.output().includes(`workbook ${id} is judged here`), onOutput(holder), 'A to hold the lease')
    const writer = new RawSocket(syncUrl(forwarder, tokens.admin as string, id))
    const reader = new RawSocket(syncUrl(forwarder, tokens.admin as string, id))
    await Promise.all([writer.step1Count(1), reader.step1Count(1)])
    await waitFor(() => forwarder.output().includes(`workbook ${id} is judged by server`), onOutput(forwarder), 'B to forward to A')
    const base = await fetchServerDocOf(forwarder, tokens.admin as string, id)
    const cell = ekonomCell(base, workbookLayout(base))
    const copy = copyDoc(base)
    const known = Y.encodeStateVector(copy)
    setCells(openWorkbook(copy), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: 737_373 }])
    const valueIn = (doc: Y.Doc) => getCellInput(openWorkbook(doc), cell.sheetId, cell.rowId, cell.colId)
    holder.child.kill('SIGSTOP')
    try {
      // The writer's update waits for a verdict A cannot give; the reader on the same server is answered meanwhile.
      const verdict = writer.sendAndConfirm([updateFrame(Y.encodeStateAsUpdate(copy, known))], undefined, 30_000)
      const answer = copyDoc(base)
      Y.applyUpdate(answer, await withTimeout(reader.fetchDiff(Y.encodeStateVector(base)), 15_000, "B's answer to the reader"))
      expect(valueIn(answer), "the reader's answer came before the writer's update was judged").not.toBe(737_373)
      // A stays silent: B judges the update itself, and only then answers the writer.
      expect(await verdict).toEqual({ kind: 'accepted' })
      expect(forwarder.output()).toMatch(/no verdict from .+ judging the update/)
      expect(valueIn(await fetchServerDocOf(forwarder, tokens.admin as string, id))).toBe(737_373)
    } finally {
      holder.child.kill('SIGCONT')
      for (const socket of [onA, writer, reader]) socket.close()
    }
  })
})

async function fetchServerDocOf(server: ServerProcess, token: string, workbook: string): Promise<Y.Doc> {
  const socket = new RawSocket(`${server.wsUrl}/${workbook}?token=${token}`)
  try {
    const closed = socket.closed.then((c): never => {
      throw new Error(`the server closed the reading socket (${c.code} ${c.reason})`)
    })
    const state = await withTimeout(Promise.race([socket.fetchState(), closed]), 15_000, "the server's state")
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    return doc
  } finally {
    socket.close()
  }
}

async function postStatusOf(server: ServerProcess, token: string, workbook: string, status: string): Promise<void> {
  const res = await fetch(`${server.url}/api/workbooks/${workbook}/status`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status }),
  })
  if (res.status !== 200) throw new Error(`status ${status}: ${res.status} ${await res.text()}`)
}
