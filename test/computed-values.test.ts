/**
 * `GET /api/workbooks/:id/computed` on the real server: the values its formula engines (one worker
 * thread hosting every room's) compute equal what `createWorkbookMirror` computes from the same
 * document, an edit made over a websocket shows in the next answer, rooms asking at once each get
 * their own values, and only members of the workbook may ask ([A2]).
 */
import { Api, getCellInput, getSheetGrid, isFormula, listSheets, openWorkbook, setCellFromText, type Workbook } from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { fetchServerDoc, loginAll, WORKBOOK, type Tokens } from './support/live-server'
import { useServer } from './support/use-server'
import { budgetCell } from './support/workbook-layout'
import { connectClient, onDoc, waitFor, type NodeClient } from './support/yjs-client'

describe('computed values from the server [A2]', () => {
  const live = useServer()
  let tokens: Tokens
  const clients: NodeClient[] = []

  beforeAll(async () => {
    tokens = await loginAll(live.server)
  })

  afterAll(() => {
    for (const client of clients) client.destroy()
  })

  async function computed(token: string | null, query = '', workbook = WORKBOOK, route = 'computed'): Promise<Response> {
    return fetch(`${live.server.url}/api/workbooks/${workbook}/${route}${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
  }

  async function computedSheet(token: string, query = ''): Promise<Api.ComputedSheet> {
    const res = await computed(token, query)
    expect(res.status).toBe(200)
    return Api.ComputedSheet.parse(await res.json())
  }

  /** The formula cells of a sheet as `createWorkbookMirror` computes them, keyed `row:col`. */
  function mirrorValues(workbook: Workbook, sheetId: string): Map<string, Api.ComputedValue> {
    const mirror = createWorkbookMirror(workbook)
    const grid = getSheetGrid(workbook, sheetId)
    const values = new Map<string, Api.ComputedValue>()
    grid.rowIds.forEach((rowId, r) => {
      grid.colIds.forEach((colId, c) => {
        if (isFormula(getCellInput(workbook, sheetId, rowId, colId))) values.set(`${r}:${c}`, mirror.getValue(sheetId, rowId, colId))
      })
    })
    mirror.destroy()
    return values
  }

  const byPosition = (sheet: Api.ComputedSheet) => new Map(sheet.cells.map(([r, c, value]) => [`${r}:${c}`, value]))

  it('[A2] answers every sheet of VP 2024 with the values createWorkbookMirror computes, the first sheet when none is named', async () => {
    const workbook = openWorkbook(await fetchServerDoc(live.server, tokens.lasare))
    const sheets = listSheets(workbook)
    const first = await computedSheet(tokens.lasare)
    expect(first.sheetId).toBe(sheets[0]?.id)
    for (const sheet of sheets) {
      const answer = await computedSheet(tokens.lasare, `?sheet=${encodeURIComponent(sheet.id)}`)
      const grid = getSheetGrid(workbook, sheet.id)
      expect(answer.rows).toEqual(grid.rowIds)
      expect(answer.cols).toEqual(grid.colIds)
      expect(byPosition(answer)).toEqual(mirrorValues(workbook, sheet.id))
      expect(Y.decodeStateVector(Buffer.from(answer.stateVector, 'base64'))).toEqual(Y.decodeStateVector(Y.encodeStateVector(workbook.doc)))
    }
    // The budget's totals are there: Netto KF Budget 2024 is Kostnader minus Intäkter.
    const netto = budgetCell(workbook, 'Netto KF Budget', 'Budget 2024')
    const budget = await computedSheet(tokens.lasare, `?sheet=${encodeURIComponent(netto.sheetId)}`)
    const at = [budget.rows.indexOf(netto.rowId), budget.cols.indexOf(netto.colId)]
    expect(budget.cells.find(([r, c]) => r === at[0] && c === at[1])?.[2].value).toBeCloseTo(20684.1 - 297, 6)
  })

  it('reflects an edit accepted over a websocket in the next answer', async () => {
    const writer = await connectClient(live.server.wsUrl, WORKBOOK, tokens.ekonom)
    const watcher = await connectClient(live.server.wsUrl, WORKBOOK, tokens.lasare)
    clients.push(writer, watcher)
    const kostnader = budgetCell(openWorkbook(writer.doc), 'Kostnader', 'Budget 2024')
    const netto = budgetCell(openWorkbook(writer.doc), 'Netto KF Budget', 'Budget 2024')
    const query = `?sheet=${encodeURIComponent(netto.sheetId)}`
    const nettoIn = (sheet: Api.ComputedSheet) =>
      sheet.cells.find(([r, c]) => r === sheet.rows.indexOf(netto.rowId) && c === sheet.cols.indexOf(netto.colId))?.[2].value
    const before = nettoIn(await computedSheet(tokens.lasare, query))

    setCellFromText(openWorkbook(writer.doc), kostnader.sheetId, kostnader.rowId, kostnader.colId, '30 000', 'sv-SE')
    // Relayed to another socket: the server has accepted and applied it.
    const watched = openWorkbook(watcher.doc)
    await waitFor(
      () => getCellInput(watched, kostnader.sheetId, kostnader.rowId, kostnader.colId) === 30000,
      onDoc(watcher.doc),
      'the edit relayed',
    )

    const after = await computedSheet(tokens.lasare, query)
    expect(nettoIn(after)).not.toBe(before)
    expect(nettoIn(after)).toBeCloseTo(30000 - 297, 6)
    expect(byPosition(after)).toEqual(mirrorValues(watched, netto.sheetId))
  })

  it('answers several workbooks asking at once, each with its own values', async () => {
    const copies: string[] = []
    for (const title of ['Kopia A', 'Kopia B']) {
      const created = await fetch(`${live.server.url}/api/workbooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.ekonom}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title, template: 'vp2024' }),
      })
      expect(created.status).toBe(201)
      copies.push(((await created.json()) as { id: string }).id)
    }
    const writers = await Promise.all(copies.map((id) => connectClient(live.server.wsUrl, id, tokens.ekonom)))
    clients.push(...writers)
    // Each copy gets its own Kostnader, so an answer from the wrong room would show.
    const kostnader = ['41 000', '52 000']
    for (const [n, writer] of writers.entries()) {
      const workbook = openWorkbook(writer.doc)
      const cell = budgetCell(workbook, 'Kostnader', 'Budget 2024')
      setCellFromText(workbook, cell.sheetId, cell.rowId, cell.colId, kostnader[n] as string, 'sv-SE')
    }
    const watchers = await Promise.all(copies.map((id) => connectClient(live.server.wsUrl, id, tokens.ekonom)))
    clients.push(...watchers)
    for (const [n, watcher] of watchers.entries()) {
      const cell = budgetCell(openWorkbook(watcher.doc), 'Kostnader', 'Budget 2024')
      const expected = Number((kostnader[n] as string).replace(' ', ''))
      await waitFor(
        () => getCellInput(openWorkbook(watcher.doc), cell.sheetId, cell.rowId, cell.colId) === expected,
        onDoc(watcher.doc),
        'the edit relayed',
      )
    }

    // Each copy has sheet ids of its own.
    const answers = await Promise.all(
      copies.map(async (id, n) => {
        const budgetSheet = budgetCell(openWorkbook(watchers[n]?.doc as Y.Doc), 'Netto KF Budget', 'Budget 2024').sheetId
        const res = await computed(tokens.ekonom, `?sheet=${encodeURIComponent(budgetSheet)}`, id)
        expect(res.status).toBe(200)
        return Api.ComputedSheet.parse(await res.json())
      }),
    )
    for (const [n, answer] of answers.entries()) {
      const workbook = openWorkbook(watchers[n]?.doc as Y.Doc)
      expect(byPosition(answer)).toEqual(mirrorValues(workbook, answer.sheetId))
      const netto = budgetCell(workbook, 'Netto KF Budget', 'Budget 2024')
      const value = answer.cells.find(([r, c]) => r === answer.rows.indexOf(netto.rowId) && c === answer.cols.indexOf(netto.colId))?.[2]
        .value
      expect(value).toBeCloseTo(Number((kostnader[n] as string).replace(' ', '')) - 297, 6)
    }
  })

  it('[A2] refuses anyone who may not open the workbook as the other workbook routes do, and names a missing sheet', async () => {
    expect((await computed(null)).status).toBe(401)
    // A workbook only its creator belongs to: for a colleague it does not exist.
    const created = await fetch(`${live.server.url}/api/workbooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.ekonom}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Bara min', template: 'vp2024' }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    expect((await computed(tokens.ekonom, '', id)).status).toBe(200)
    const refused = await computed(tokens.chef1, '', id)
    expect(refused.status).toBe(404)
    expect(await refused.json()).toEqual({ error: 'not-found', message: `Arbetsboken ${id} finns inte.` })
    const missingSheet = await computed(tokens.lasare, '?sheet=finns-inte')
    expect(missingSheet.status).toBe(404)
    expect(await missingSheet.json()).toEqual({ error: 'not-found', message: 'Bladet finns inte i arbetsboken.' })
  })

  it('[FM15] refuses the first screen to anyone who may not open the workbook, and a window outside its bounds', async () => {
    const firstScreen = (token: string | null, query = '', workbook = WORKBOOK) => computed(token, query, workbook, 'first-screen')
    expect((await firstScreen(null)).status).toBe(401)
    const created = await fetch(`${live.server.url}/api/workbooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.ekonom}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Bara min igen', template: 'vp2024' }),
    })
    const { id } = (await created.json()) as { id: string }
    expect((await firstScreen(tokens.ekonom, '', id)).status).toBe(200)
    const refused = await firstScreen(tokens.chef1, '', id)
    expect(refused.status).toBe(404)
    expect(await refused.json()).toEqual({ error: 'not-found', message: `Arbetsboken ${id} finns inte.` })
    for (const rows of ['0', '201', 'alla', '1e9']) expect((await firstScreen(tokens.lasare, `?rows=${rows}`)).status).toBe(400)
    const screen = Api.FirstScreen.parse(await (await firstScreen(tokens.lasare, '?rows=5')).json())
    expect(screen.inputs).toHaveLength(5)
  })

  it('[FM14] answers a state it never answered at, or bytes that are no state at all, with every value', async () => {
    const whole = await computedSheet(tokens.lasare)
    for (const since of ['AAAA', 'inte-base64!', Buffer.from(new Uint8Array([1, 255, 255, 255, 255, 15, 7])).toString('base64')]) {
      const answer = await computedSheet(tokens.lasare, `?since=${encodeURIComponent(since)}`)
      expect(answer.since).toBeUndefined()
      expect(answer.cells).toHaveLength(whole.cells.length)
    }
    // Longer than any state vector: refused (by Node's header limit before the route's own bound).
    expect([400, 431]).toContain((await computed(tokens.lasare, `?since=${'A'.repeat(20_001)}`)).status)
  })
})
