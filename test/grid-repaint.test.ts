import { getSheetGrid, getCellInput, listSheets, openWorkbook, setCellFromText, type Workbook } from '@samplan/domain'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellFigure, cellLocator, openSignedIn, screenshot, useServerAndBrowser } from './support/browser'
import { writeNumberedSheet } from './support/formula-workbook'
import { WORKBOOK } from './support/live-server'
import { recordRepaints, repainted } from './support/repaints'
import { connectClient, login, onDoc, waitFor, type NodeClient } from './support/yjs-client'

/**
 * A colleague's edit of one cell repaints just that cell and the cells computed from it among the
 * cells Handsontable has drawn; every other drawn cell is left as it is. Cells out of view are
 * drawn with the new values when they are scrolled in.
 */

const ROWS = 200

const drawnCells = (page: Page) => page.locator('.ht_master td[data-cell]').count()

describe('the grid repaints only what changed', () => {
  const env = useServerAndBrowser()
  let colleague: NodeClient
  let workbook: Workbook
  let sheetId: string

  beforeAll(async () => {
    colleague = await connectClient(env.server.wsUrl, WORKBOOK, await login(env.server.url, 'admin'))
    workbook = openWorkbook(colleague.doc)
    await waitFor(() => listSheets(workbook).length > 0, onDoc(colleague.doc), 'the workbook')
    // Sheet "Lång": row 1 (frozen) holds the totals of B, C and D; column A holds labels, so it is frozen too.
    sheetId = writeNumberedSheet(workbook, { name: 'Lång', rows: ROWS, totals: ['B', 'C', 'D'] })
  })

  afterAll(() => colleague?.destroy())

  /** The colleague types `text` into the cell at row `row` (0-based), column `col`. */
  const colleagueTypes = (row: number, col: number, text: string) => {
    const grid = getSheetGrid(workbook, sheetId)
    setCellFromText(workbook, sheetId, grid.rowIds[row]!, grid.colIds[col]!, text, 'sv-SE')
  }

  /** What the frozen totals of B and D come to with the inputs the sheet holds now. */
  const totals = () => {
    const grid = getSheetGrid(workbook, sheetId)
    const sum = (col: number) =>
      grid.rowIds.slice(1).reduce((s, rowId) => {
        const input = getCellInput(workbook, sheetId, rowId, grid.colIds[col]!)
        return typeof input === 'number' ? s + input : s
      }, 0)
    return { B: String(sum(1)), D: String(sum(1) + sum(2)) }
  }

  /** Waits until the totals show what the inputs come to. */
  async function showsTotals(page: Page): Promise<void> {
    const { B, D } = totals()
    await expect.poll(() => cellFigure(page, 'B1')).toBe(B)
    await expect.poll(() => cellFigure(page, 'D1')).toBe(D)
  }

  async function openLongSheet(): Promise<Page> {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.getByRole('button', { name: 'Lång', exact: true }).click()
    await showsTotals(page)
    return page
  }

  it("repaints a colleague's cell and the cells computed from it, in the main table and the frozen row, and no other drawn cell", async () => {
    const page = await openLongSheet()
    const drawn = await drawnCells(page)
    await recordRepaints(page)

    colleagueTypes(4, 1, '1000')
    await expect.poll(() => cellFigure(page, 'B5')).toBe('1000')
    await expect.poll(() => cellFigure(page, 'D5')).toBe('1004')
    await showsTotals(page)

    expect(await repainted(page)).toEqual(['B1', 'B5', 'D1', 'D5'])
    expect(drawn).toBeGreaterThan(100)
    // The cells around keep what they showed.
    expect(await cellFigure(page, 'C5')).toBe('4')
    expect(await cellFigure(page, 'D6')).toBe('55')
    await screenshot(page, 'grid-repaint-one-cell')
    await page.context().close()
  })

  it('leaves a drawn cell untouched when a colleague writes the value it already shows', async () => {
    const page = await openLongSheet()
    await recordRepaints(page)

    colleagueTypes(6, 2, '6')
    // A real change after it: once that shows, the grid has handled both.
    colleagueTypes(7, 2, '70')
    await expect.poll(() => cellFigure(page, 'D8')).toBe('140')
    await showsTotals(page)

    expect(await repainted(page)).toEqual(['C1', 'C8', 'D1', 'D8'])
    expect(await cellFigure(page, 'C7')).toBe('6')
    await page.context().close()
  })

  it('draws cells the colleague changed out of view with their new values when I scroll to them', async () => {
    const page = await openLongSheet()
    expect(await page.locator('.ht_master td[data-cell="B180"]').count()).toBe(0)
    await recordRepaints(page)

    // Row 180 holds n = 179: B was 1 790, D 1 969.
    const before = totals()
    colleagueTypes(179, 1, '5000')
    expect(totals()).not.toEqual(before)
    await showsTotals(page)
    // Only the totals in view were repainted; row 180 is not drawn at all.
    expect(await repainted(page)).toEqual(['B1', 'D1'])
    expect(await page.locator('.ht_master td[data-cell="B180"]').count()).toBe(0)

    // Scroll down with the mouse wheel, as a person does, until row 180 is drawn.
    const box = await page.locator('.ht_master .wtHolder').boundingBox()
    if (!box) throw new Error('the grid is not shown')
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, 1200)
        return page.locator('.ht_master td[data-cell="B180"]').count()
      })
      .toBeGreaterThan(0)
    await cellLocator(page, 'B180').scrollIntoViewIfNeeded()
    expect(await cellFigure(page, 'B180')).toBe('5000')
    expect(await cellFigure(page, 'D180')).toBe('5179')
    expect(await cellFigure(page, 'D179')).toBe('1958')
    await screenshot(page, 'grid-repaint-scrolled-in')

    // And back up: a change made while the top rows were out of view shows there too.
    colleagueTypes(2, 2, '700')
    await showsTotals(page)
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, -1200)
        return page.locator('.ht_master td[data-cell="C3"]').count()
      })
      .toBeGreaterThan(0)
    expect(await cellFigure(page, 'C3')).toBe('700')
    expect(await cellFigure(page, 'D3')).toBe('720')
    await page.context().close()
  })

  it('[V7] marks a total in view when a colleague types text into an empty cell it sums, out of view, where no value changes', async () => {
    const page = await openLongSheet()
    colleagueTypes(150, 2, '')
    await showsTotals(page)
    expect(await page.locator('.ht_master td[data-cell="C151"]').count()).toBe(0)
    expect(await cellLocator(page, 'C1').getAttribute('data-warning')).toBeNull()

    const before = totals()
    colleagueTypes(150, 2, 'saknas')
    expect(totals()).toEqual(before)
    await expect.poll(() => cellLocator(page, 'C1').getAttribute('data-warning')).toContain('C151')
    expect(await cellLocator(page, 'C1').getAttribute('class')).toContain('sp-sum-text')
    colleagueTypes(150, 2, '')
    await expect.poll(() => cellLocator(page, 'C1').getAttribute('data-warning')).toBeNull()
    await page.context().close()
  })

  it("moves a colleague's selection by repainting the cell they left and the cell they reached", async () => {
    const page = await openLongSheet()
    const other = await openSignedIn(env.browser, env.server.url, 'admin')
    await other.getByRole('button', { name: 'Lång', exact: true }).click()
    const markedFor = (address: string) => cellLocator(page, address).getAttribute('data-peer')
    await cellLocator(other, 'B10').click()
    await expect.poll(() => markedFor('B10')).toBe('Anna Admin')
    await recordRepaints(page)

    await cellLocator(other, 'C12').click()
    await expect.poll(() => markedFor('C12')).toBe('Anna Admin')
    expect(await markedFor('B10')).toBeNull()
    expect(await repainted(page)).toEqual(['B10', 'C12'])
    await other.context().close()
    await page.context().close()
  })
})
