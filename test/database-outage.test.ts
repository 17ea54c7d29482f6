import { getCellInput, getSheetGrid, openWorkbook, setCells, type CellRef } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import type { Browser } from 'playwright-core'
import { cellLocator, ensureWebBuild, findCell, launchBrowser, openSignedIn, screenshot, typeInto } from './support/browser'
import { fetchServerDoc, settle, withTimeout } from './support/live-server'
import { usePostgres } from './support/postgres'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { workbookLayout } from './support/workbook-layout'
import { connectClient, login, onDoc, waitFor, type NodeClient } from './support/yjs-client'

const WORKBOOK = 'vp-2024'
const UNSAVED = 'Databasen går inte att nå – din ändring sparades inte'

/** The first `count` cells of the budget sheet an ekonom may edit (data rows by ekonom columns). */
function ekonomCells(doc: Y.Doc, count: number): CellRef[] {
  const sheetId = workbookLayout(doc).budgetSheetId
  const grid = getSheetGrid(openWorkbook(doc), sheetId)
  const rows = grid.rowIds.filter((_, i) => grid.rows[i]?.kind === 'data')
  const cols = grid.colIds.filter((_, i) => grid.columns[i]?.editable === 'ekonom')
  const cells = rows.flatMap((rowId) => cols.map((colId) => ({ sheetId, rowId, colId })))
  if (cells.length < count) throw new Error('the budget sheet lacks editable cells')
  return cells.slice(0, count)
}

const inputAt = (doc: Y.Doc, c: CellRef) => getCellInput(openWorkbook(doc), c.sheetId, c.rowId, c.colId)
const setValue = (client: NodeClient, c: CellRef, input: number) =>
  setCells(openWorkbook(client.doc), c.sheetId, [{ rowId: c.rowId, colId: c.colId, input }])
const sees = (client: NodeClient, c: CellRef, input: unknown, what: string) =>
  waitFor(() => inputAt(client.doc, c) === input, onDoc(client.doc), what)

/** The final close the server sends a client (y-websocket's `closed`: it does not reconnect by itself). */
function finalClose(client: NodeClient): Promise<{ code: number; reason: string }> {
  return withTimeout(new Promise((resolve) => client.provider.once('closed', resolve)), 15_000, 'the server to close the socket')
}

async function health(server: ServerProcess): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}/api/health`)
  return { status: res.status, body: await res.json() }
}

describe('PostgreSQL stopped mid-edit: edits are refused with a clear status, never accepted and lost, and resume', () => {
  const postgres = usePostgres()
  let env: Record<string, string>
  let server: ServerProcess
  const clients: NodeClient[] = []

  beforeAll(async () => {
    env = { SAMPLAN_DATABASE_URL: await postgres.cluster.createDatabase() }
    server = await startServerProcess({ env })
  })

  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  const connect = async (username: string) => {
    const client = await connectClient(server.wsUrl, WORKBOOK, await login(server.url, username))
    clients.push(client)
    return client
  }

  it('refuses the edit made while the database is down, relays nothing of it, and converges on every accepted edit once it is back', async () => {
    expect(await health(server)).toEqual({
      status: 200,
      body: expect.objectContaining({ ok: true, database: 'ok', databaseKind: 'postgres' }),
    })
    const eva = await connect('ekonom')
    const anna = await connect('admin')
    const [c0, c1, c2, c3] = ekonomCells(anna.doc, 4) as [CellRef, CellRef, CellRef, CellRef]
    const c2Before = inputAt(anna.doc, c2)

    // Co-editing while PostgreSQL is up: each edit reaches the other.
    setValue(eva, c0, 101)
    await sees(anna, c0, 101, "Eva's first edit on Anna's screen")
    setValue(anna, c1, 202)
    await sees(eva, c1, 202, "Anna's edit on Eva's screen")

    const token = await login(server.url, 'ekonom')
    await postgres.cluster.stop()
    expect(await health(server)).toEqual({ status: 503, body: expect.objectContaining({ ok: false, database: 'unreachable' }) })
    // The API says why it cannot answer, and when to try again.
    const info = await fetch(`${server.url}/api/workbooks/${WORKBOOK}`, { headers: { authorization: `Bearer ${token}` } })
    expect([info.status, info.headers.get('retry-after')]).toEqual([503, '5'])
    expect(await info.json()).toEqual({
      error: 'unavailable',
      message: 'Databasen går inte att nå just nu, så inget sparades. Försök igen om en stund.',
    })

    // The next edit cannot be stored: its sender is told why, and the socket is closed for good.
    const closed = finalClose(eva)
    setValue(eva, c2, 303)
    expect(await closed).toEqual({ code: 4450, reason: UNSAVED })
    // Anna's socket answers in order: anything relayed before this answer has arrived; the refused edit never does.
    await settle(anna)
    expect(inputAt(anna.doc, c2)).toEqual(c2Before)
    expect(inputAt(anna.doc, c0)).toBe(101)

    await postgres.cluster.start()
    expect(await health(server)).toEqual({ status: 200, body: expect.objectContaining({ ok: true, database: 'ok' }) })

    // Eva opens the workbook again from the server, as the web app does after that close.
    eva.destroy()
    const eva2 = await connect('ekonom')
    expect([inputAt(eva2.doc, c0), inputAt(eva2.doc, c1), inputAt(eva2.doc, c2)]).toEqual([101, 202, c2Before])
    setValue(eva2, c2, 305)
    setValue(anna, c3, 404)
    await sees(anna, c2, 305, "Eva's edit after the outage on Anna's screen")
    await sees(eva2, c3, 404, "Anna's edit after the outage on Eva's screen")
    const cells = (doc: Y.Doc) => doc.getMap(`cells:${c0.sheetId}`).toJSON()
    expect(cells(eva2.doc)).toEqual(cells(anna.doc))

    // Every accepted edit is in PostgreSQL: a restarted server serves them all, and not the refused one.
    for (const c of clients.splice(0)) c.destroy()
    await server.stop()
    server = await startServerProcess({ env, dataDir: server.dataDir })
    const stored = await fetchServerDoc(server, await login(server.url, 'ekonom'))
    expect([c0, c1, c2, c3].map((c) => inputAt(stored, c))).toEqual([101, 202, 305, 404])
  })
})

describe('in the browser: an edit made while PostgreSQL is down is refused with a clear message, and editing resumes', () => {
  beforeAll(() => ensureWebBuild())
  const postgres = usePostgres()
  let server: ServerProcess
  let browser: Browser

  beforeAll(async () => {
    server = await startServerProcess({ env: { SAMPLAN_DATABASE_URL: await postgres.cluster.createDatabase() } })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it('shows the reason, reopens the workbook from the server without the refused figure, and stores the next edit', async () => {
    const page = await openSignedIn(browser, server.url, 'ekonom')
    const address = await findCell(page, 'Kostnader', 'Budget 2024')
    const shown = cellLocator(page, address)
    const before = (await shown.textContent()) ?? ''

    await postgres.cluster.stop()
    await typeInto(page, address, '99 999')
    await page.getByTestId('banner').filter({ hasText: UNSAVED }).waitFor()
    await screenshot(page, 'database-outage')

    await postgres.cluster.start()
    // Reopened from the server once it can be reached: the grid is back, showing what was stored.
    await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
    expect(await cellLocator(page, address).textContent()).toBe(before)
    await typeInto(page, address, '21 000,5')

    // A colleague opening the workbook now sees the stored edit, not the refused one.
    const colleague = await openSignedIn(browser, server.url, 'admin')
    await cellLocator(colleague, address)
      .filter({ hasText: /^21\s000,5$/ })
      .waitFor()
  })
})
