import { listSheets, openWorkbook } from '@samplan/domain'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellFigure, cellLocator, openSignedIn, screenshot, selectCell, useServerAndBrowser } from './support/browser'
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

/** The last row of column `col` the main table shows whole, and the last row it has drawn (in view or below it). */
const rowsOf = (page: Page, col: string) =>
  page.evaluate((letter) => {
    const holder = document.querySelector<HTMLElement>('.ht_master .wtHolder')
    if (!holder) throw new Error('no grid')
    const box = holder.getBoundingClientRect()
    // The horizontal scrollbar covers the bottom of the holder.
    const bottom = box.top + holder.clientHeight
    let inView = 0
    let drawn = 0
    for (const td of document.querySelectorAll<HTMLElement>(`.ht_master td[data-cell^="${letter}"]`)) {
      const row = Number(td.dataset.cell?.slice(letter.length))
      drawn = Math.max(drawn, row)
      if (td.getBoundingClientRect().bottom <= bottom) inView = Math.max(inView, row)
    }
    return { inView, drawn }
  }, col)

/** Whether the cell editor's field lies over the cell (its border may overlap the cell's by a pixel). */
const editorOver = async (page: Page, cell: string) => {
  const field = await page.locator('.handsontableInputHolder').boundingBox()
  const box = await cellLocator(page, cell).boundingBox()
  return !!field && !!box && Math.abs(field.x - box.x) <= 2 && Math.abs(field.y - box.y) <= 2
}

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
    await selectCell(page, 'B5')
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
    await selectCell(page, 'C10')

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
    await selectCell(page, 'C20')
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

  it('moves Enter on the last row in view to a row already drawn, drawing only the cells the edit and the move touch', async () => {
    const page = await openEntrySheet()
    const { inView } = await rowsOf(page, 'C')
    const from = `C${inView}`
    await selectCell(page, from)
    // Drawn beyond the view before the key: the row Enter reaches is there already.
    expect((await rowsOf(page, 'C')).drawn).toBeGreaterThan(inView + 1)
    // Whatever the click set going (a draw the grid keeps for an idle moment) is done before the key, as a person's pause lets it.
    await page.evaluate(
      () => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve, { timeout: 2_000 }), { timeout: 2_000 })),
    )
    // The cells the renderer runs on: it writes each cell's classes, even unchanged, and a whole draw runs it on every cell.
    await page.evaluate(() => {
      const drawn = new Set<string>()
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          const td = record.target instanceof HTMLElement ? record.target.closest('td') : null
          if (td?.closest('.ht_master')) drawn.add(td.dataset.cell ?? '?')
        }
      })
      observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['class'] })
      Object.assign(window, { __drawn: { drawn, stop: () => observer.disconnect() } })
    })

    await page.keyboard.type('500')
    await page.keyboard.press('Enter')
    const reached = `C${inView + 1}`
    await expect.poll(() => focusedCells(page)).toEqual([reached])
    await expect.poll(() => cellFigure(page, `D${inView}`)).toBe(String(10 * (inView - 1) + 500))
    // Scrolled: the reached row is in view, and the rows were moved into it, not drawn again.
    expect((await rowsOf(page, 'C')).inView).toBeGreaterThanOrEqual(inView + 1)
    const drawn = await page.evaluate(async () => {
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
      const { drawn, stop } = (window as unknown as { __drawn: { drawn: Set<string>; stop: () => void } }).__drawn
      stop()
      return [...drawn].sort()
    })
    expect(drawn).toEqual([from, reached, `D${inView}`].sort())
    // The address follows once the frame showing the move is painted.
    await expect.poll(() => address(page)).toBe(reached)
    await page.context().close()
  })

  it('draws more rows below the view once idle after Enter has used up most of those drawn', async () => {
    const page = await openEntrySheet()
    const start = await rowsOf(page, 'C')
    const spare = start.drawn - start.inView
    expect(spare).toBeGreaterThanOrEqual(4)
    await selectCell(page, `C${start.inView}`)
    // Down until fewer than half the rows drawn at first are left below the view.
    const presses = spare - Math.floor(spare / 2) + 1
    for (let n = 0; n < presses; n++) {
      await page.keyboard.type(String(n + 1))
      await page.keyboard.press('Enter')
    }
    await expect.poll(() => address(page)).toBe(`C${start.inView + presses}`)
    await expect
      .poll(async () => {
        const now = await rowsOf(page, 'C')
        return now.drawn - now.inView
      })
      .toBeGreaterThanOrEqual(spare)
    expect(await cellFigure(page, `C${start.inView + presses - 1}`)).toBe(String(presses))
    await page.context().close()
  })

  it('opens the editor over the cell that Enter, Shift+Enter or Tab reached, for the key typed right after it', async () => {
    const page = await openEntrySheet()
    await selectCell(page, 'B15')

    // No pause between the keys: the field is placed by the key that opens it.
    await page.keyboard.type('11')
    await page.keyboard.press('Enter')
    await page.keyboard.type('12')
    await expect.poll(() => editorOver(page, 'B16')).toBe(true)
    await page.keyboard.press('Shift+Enter')
    await expect.poll(() => focusedCells(page)).toEqual(['B15'])
    await page.keyboard.type('13')
    await expect.poll(() => editorOver(page, 'B15')).toBe(true)
    await page.keyboard.press('Tab')
    await expect.poll(() => focusedCells(page)).toEqual(['C15'])
    await expect.poll(() => address(page)).toBe('C15')

    expect(await cellFigure(page, 'B16')).toBe('12')
    expect(await cellFigure(page, 'B15')).toBe('13')
    // D = B + C (an earlier test may have typed into C15).
    const c15 = Number(await cellFigure(page, 'C15'))
    await expect.poll(() => cellFigure(page, 'D15')).toBe(String(13 + c15))
    // Closed, the field waits hidden over the selected cell for the next key.
    await expect.poll(() => editorOver(page, 'C15')).toBe(true)
    expect(await page.locator('.handsontableInputHolder').evaluate((holder) => getComputedStyle(holder).opacity)).toBe('0')
    await page.context().close()
  })

  it("stores Enter on the last row of the sheet and moves to the next column's first row", async () => {
    const page = await openEntrySheet()
    await selectCell(page, 'C2')
    await page.keyboard.press('Control+ArrowDown')
    await expect.poll(() => address(page)).toBe(`C${ROWS}`)

    await page.keyboard.type('900')
    await page.keyboard.press('Enter')
    await expect.poll(() => address(page)).toBe('D1')
    // Row 1 is frozen: its cells are drawn on top of the main table.
    await expect
      .poll(() => page.locator('.ht_clone_top td.current').evaluateAll((cells) => cells.map((td) => (td as HTMLElement).dataset.cell)))
      .toEqual(['D1'])
    expect(await cellFigure(page, `C${ROWS}`)).toBe('900')
    await expect.poll(() => cellFigure(page, `D${ROWS}`)).toBe(String(10 * (ROWS - 1) + 900))
    // Row 1 stays in view (frozen): the rows shown keep their figures.
    expect(await cellFigure(page, `D${ROWS - 1}`)).toBe(String(11 * (ROWS - 2)))
    await page.context().close()
  })
})
