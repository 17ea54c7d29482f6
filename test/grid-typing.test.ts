import { listSheets, openWorkbook } from '@samplan/domain'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellFigure, cellLocator, openSignedIn, screenshot, useServerAndBrowser } from './support/browser'
import { writeNumberedSheet } from './support/formula-workbook'
import { WORKBOOK } from './support/live-server'
import { recordRepaints, repainted } from './support/repaints'
import { connectClient, login, onDoc, waitFor, type NodeClient } from './support/yjs-client'

/**
 * Enter after typing into a cell stores the value and selects the next cell without Handsontable
 * drawing the whole viewport again: only the edited cell, the cells computed from it and the cells
 * the selection left or reached change. The page's other parts (address, formula bar, live region,
 * status bar) follow once the selection is painted.
 */

const ROWS = 80
/** B1: 10 · (1 + 2 + … + 79). */
const TOTAL = 31_600

const address = (page: Page) => page.getByTestId('address').textContent()

/** The cells the grid draws as the selected one (Handsontable's `current` highlight). */
const focusedCells = (page: Page) =>
  page.locator('.ht_master td.current').evaluateAll((cells) => cells.map((td) => (td as HTMLElement).dataset.cell))

describe('typing and Enter', () => {
  const env = useServerAndBrowser()
  let colleague: NodeClient

  beforeAll(async () => {
    colleague = await connectClient(env.server.wsUrl, WORKBOOK, await login(env.server.url, 'admin'))
    const workbook = openWorkbook(colleague.doc)
    await waitFor(() => listSheets(workbook).length > 0, onDoc(colleague.doc), 'the workbook')
    // Sheet "Inmatning": row 1 (frozen) holds the total of B.
    writeNumberedSheet(workbook, { name: 'Inmatning', rows: ROWS, totals: ['B'] })
  })

  afterAll(() => colleague?.destroy())

  async function openEntrySheet(): Promise<Page> {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.getByRole('button', { name: 'Inmatning', exact: true }).click()
    // Formulas live: the total shows a figure (the first test changes it).
    await expect.poll(() => cellFigure(page, 'B1')).toMatch(/^\d+$/)
    return page
  }

  it('stores the value, selects the next cell and repaints only the cells that changed', async () => {
    const page = await openEntrySheet()
    await expect.poll(() => cellFigure(page, 'B1')).toBe(String(TOTAL))
    await cellLocator(page, 'B5').click()
    await expect.poll(() => address(page)).toBe('B5')
    expect(await page.locator('.ht_master td[data-cell]').count()).toBeGreaterThan(60)
    await recordRepaints(page)

    await page.keyboard.type('1000')
    await page.keyboard.press('Enter')
    await expect.poll(() => address(page)).toBe('B6')
    await expect.poll(() => cellFigure(page, 'D5')).toBe('1004')
    await expect.poll(() => cellFigure(page, 'B1')).toBe(String(TOTAL - 40 + 1000))
    expect(await cellFigure(page, 'B5')).toBe('1000')

    // The edited cell and the cells computed from it; B5 and B6 also for the selection leaving and reaching them.
    expect(await repainted(page)).toEqual(['B1', 'B5', 'B6', 'D5'])
    expect(await focusedCells(page)).toEqual(['B6'])
    // The cells around keep what they showed.
    expect(await cellFigure(page, 'C5')).toBe('4')
    expect(await cellFigure(page, 'D6')).toBe('55')
    await screenshot(page, 'grid-typing-enter')
    await page.context().close()
  })

  it('tells the formula bar, the live region and the status bar about the cell Enter reached', async () => {
    const page = await openEntrySheet()
    await cellLocator(page, 'C10').click()
    await expect.poll(() => address(page)).toBe('C10')

    await page.keyboard.type('77')
    await page.keyboard.press('Enter')
    await expect.poll(() => address(page)).toBe('C11')
    await expect.poll(() => page.getByTestId('formula-bar').inputValue()).toBe('10')
    await expect.poll(() => page.getByTestId('cell-announcement').textContent()).toBe('C11, 10')
    await expect.poll(() => page.getByTestId('stat-sum').textContent()).toBe('Summa: 10')
    expect(await cellFigure(page, 'C10')).toBe('77')
    expect(await cellFigure(page, 'D10')).toBe('167')

    // Enter again at once, as a person who knows the next figure: each press moves one cell.
    await page.keyboard.type('5')
    await page.keyboard.press('Enter')
    await page.keyboard.type('6')
    await page.keyboard.press('Enter')
    await expect.poll(() => address(page)).toBe('C13')
    await expect.poll(() => page.getByTestId('cell-announcement').textContent()).toBe('C13, 12')
    await expect.poll(() => cellFigure(page, 'D12')).toBe('116')
    expect(await cellFigure(page, 'C11')).toBe('5')
    await page.context().close()
  })

  it('scrolls down with Enter past the last row in view and draws the rows it reaches', async () => {
    const page = await openEntrySheet()
    await cellLocator(page, 'C20').click()
    await expect.poll(() => address(page)).toBe('C20')
    const lastInView = await page.evaluate(() =>
      Math.max(
        ...[...document.querySelectorAll<HTMLElement>('.ht_master td[data-cell^="C"]')].map((td) => Number(td.dataset.cell?.slice(1))),
      ),
    )

    // Down to the row after the last one drawn, one figure per row.
    const rows = lastInView - 20 + 2
    for (let n = 0; n < rows; n++) {
      await page.keyboard.type(String(100 + n))
      await page.keyboard.press('Enter')
    }
    const reached = `C${20 + rows}`
    await expect.poll(() => address(page)).toBe(reached)
    await expect.poll(() => focusedCells(page)).toEqual([reached])
    // The rows that came into view are drawn with their figures: D = B + C.
    const last = 20 + rows - 1
    await expect.poll(() => cellFigure(page, `C${last}`)).toBe(String(100 + rows - 1))
    await expect.poll(() => cellFigure(page, `D${last}`)).toBe(String(10 * (last - 1) + 100 + rows - 1))
    expect(await cellFigure(page, reached)).toBe(String(20 + rows - 1))
    await page.context().close()
  })
})
