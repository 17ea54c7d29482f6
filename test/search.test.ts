import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { cellLocator, cellText, openSignedIn, screenshot, useServerAndBrowser } from './support/browser'
import { chooseMenu } from './support/menus'

/**
 * Search over every sheet as a person uses it in Chromium: Ctrl+F opens the box (not the
 * browser's find), Enter and Shift+Enter move between matches across sheets, Esc gives the
 * keyboard back to the grid; figures are found as shown or without their digit spaces.
 */

const address = (page: Page) => page.getByTestId('address').textContent()
const activeTab = (page: Page) => page.locator('.sp-sheetbar-tabs .sp-tab-active').textContent()
const searchInput = (page: Page) => page.getByTestId('search-input')
const status = (page: Page) => page.getByTestId('search-status').textContent()
const focusedTestId = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? null)

describe('search in the browser', () => {
  const env = useServerAndBrowser()
  let page: Page

  beforeAll(async () => {
    page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('Ctrl+F finds a label on two sheets; Enter goes to each in turn, Shift+Enter back, Esc returns to the grid', async () => {
    expect(await activeTab(page)).toBe('Budget')
    await cellLocator(page, 'A1').click()
    await expect.poll(() => address(page)).toBe('A1')

    await page.keyboard.press('Control+f')
    await expect.poll(() => focusedTestId(page)).toBe('search-input')
    // Lower case and the label of both Budget and Verksamhetsområden.
    await page.keyboard.type('investeringar')
    await expect.poll(() => status(page)).toBe('2 träffar')

    await page.keyboard.press('Enter')
    await expect.poll(() => status(page)).toBe('1 av 2')
    await expect.poll(() => address(page)).toBe('A5')
    expect(await activeTab(page)).toBe('Budget')
    expect(await cellText(page, 'A5')).toBe('Investeringar')

    await page.keyboard.press('Enter')
    await expect.poll(() => activeTab(page)).toBe('Verksamhetsområden')
    await expect.poll(() => address(page)).toBe('A8')
    expect(await status(page)).toBe('2 av 2')
    expect(await cellText(page, 'A8')).toBe('Investeringar')
    // The box kept the keyboard while the grid moved.
    expect(await focusedTestId(page)).toBe('search-input')
    await screenshot(page, 'search')

    await page.keyboard.press('Shift+Enter')
    await expect.poll(() => activeTab(page)).toBe('Budget')
    await expect.poll(() => address(page)).toBe('A5')
    expect(await status(page)).toBe('1 av 2')

    await page.keyboard.press('Escape')
    await expect.poll(() => searchInput(page).count()).toBe(0)
    // The grid has the keyboard again: an arrow moves its selection.
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => address(page)).not.toBe('A5')
  })

  it('finds a figure as shown (`20 684`) and without its digit spaces; F3 goes on', async () => {
    // A figure of four digits or more as the grid shows it, with its no-break digit spaces.
    const shown = await page.evaluate(() => {
      const td = [...document.querySelectorAll<HTMLElement>('.ht_master td[data-cell]')].find((cell) =>
        /^\d{1,3}(\u00a0\d{3})+(,\d+)?$/.test(cell.textContent ?? ''),
      )
      return td ? { cell: td.dataset.cell ?? '', text: td.textContent ?? '' } : null
    })
    if (!shown) throw new Error('no figure of four digits or more on the Budget sheet')
    const grouped = shown.text.replace(/\u00a0/g, ' ')
    const plain = grouped.replace(/ /g, '')

    await page.keyboard.press('Control+f')
    await expect.poll(() => focusedTestId(page)).toBe('search-input')
    await page.keyboard.type(grouped)
    await expect.poll(() => status(page)).toMatch(/träff/)
    await page.keyboard.press('Control+a')
    await page.keyboard.type(plain)
    await expect.poll(() => status(page)).toMatch(/träff/)
    await page.keyboard.press('F3')
    await expect.poll(() => status(page)).toMatch(/^1 av \d+$/)
    // The first match may be on another sheet: the address box can name it before that
    // sheet is drawn, so wait for the drawn cell rather than read it once.
    await expect.poll(async () => (await cellText(page, (await address(page)) ?? '')).replace(/ /g, '')).toContain(plain)
    await page.keyboard.press('Escape')
    await expect.poll(() => searchInput(page).count()).toBe(0)
  })

  it('Redigera > Sök opens the same box; a word nowhere in the workbook says so', async () => {
    await chooseMenu(page, 'Redigera', 'Sök')
    await expect.poll(() => focusedTestId(page)).toBe('search-input')
    await page.keyboard.type('zzzyxw')
    await expect.poll(() => status(page)).toBe('Inga träffar')
    await page.getByTestId('search-close').click()
    await expect.poll(() => searchInput(page).count()).toBe(0)
  })
})
