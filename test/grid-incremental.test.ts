import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellText, screenshot, selectCell, signIn, useServerAndBrowser } from './support/browser'

/**
 * The grid applies a change of a few cells to just those cells (no reload of the sheet): a
 * colleague's edit shows at once, and neither an open editor nor the next keystrokes are
 * disturbed by it.
 */

async function openAs(browser: Browser, baseUrl: string, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error(`${username} page error:`, err.message))
  await signIn(page, baseUrl, username)
  await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Volym', exact: true }).click()
  await expect.poll(() => cellText(page, 'A2')).toBe('Fritidshem 6–12 år')
  return page
}

const editor = (page: Page) => page.locator('.handsontableInputHolder textarea')
const editorOpen = (page: Page) =>
  page.evaluate(() => {
    const holder = document.querySelector('.handsontableInputHolder')
    return !!holder && !holder.classList.contains('ht_editor_hidden') && getComputedStyle(holder).opacity !== '0'
  })

async function enterValue(page: Page, cell: string, text: string): Promise<void> {
  await selectCell(page, cell)
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
}

describe('a change of one cell repaints that cell', () => {
  const env = useServerAndBrowser()

  it("shows a colleague's edit and the values computed from it while I am typing in another cell, and keeps my text", async () => {
    const page = await openAs(env.browser, env.server.url, 'ekonom')
    const colleague = await openAs(env.browser, env.server.url, 'admin')
    await enterValue(colleague, 'B6', '4000')
    await expect.poll(() => cellText(page, 'B6')).toBe('4 000')

    await selectCell(page, 'E5')
    await page.keyboard.type('4321')
    await expect.poll(() => editorOpen(page)).toBe(true)

    await enterValue(colleague, 'C6', '5000')
    // Column D is C − B: the computed value follows the colleague's input.
    await expect.poll(() => cellText(page, 'C6')).toBe('5 000')
    await expect.poll(() => cellText(page, 'D6')).toBe('1 000')
    expect(await editorOpen(page)).toBe(true)
    expect(await editor(page).inputValue()).toBe('4321')
    await screenshot(page, 'grid-incremental-typing-while-remote-edit')

    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(page, 'E5')).toBe('4 321')
    await expect.poll(() => cellText(colleague, 'E5')).toBe('4 321')
    await page.context().close()
    await colleague.context().close()
  })

  it("replaces the value I just entered when I type again, and a colleague's edit of the same cell neither appends nor goes stale", async () => {
    const page = await openAs(env.browser, env.server.url, 'ekonom')
    const colleague = await openAs(env.browser, env.server.url, 'admin')

    await enterValue(page, 'C7', '2000')
    await expect.poll(() => cellText(page, 'C7')).toBe('2 000')
    await selectCell(page, 'C7')
    await page.keyboard.type('2001')
    expect(await editor(page).inputValue()).toBe('2001')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(colleague, 'C7')).toBe('2 001')

    // The cell is selected (editor closed) when the colleague's value arrives.
    await selectCell(page, 'C7')
    await enterValue(colleague, 'C7', '3000')
    await expect.poll(() => cellText(page, 'C7')).toBe('3 000')
    await page.keyboard.press('F2')
    await expect.poll(() => editorOpen(page)).toBe(true)
    expect(await editor(page).inputValue()).toBe('3000')
    await page.keyboard.press('Escape')
    await expect.poll(() => editorOpen(page)).toBe(false)

    await page.keyboard.type('3100')
    expect(await editor(page).inputValue()).toBe('3100')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(colleague, 'C7')).toBe('3 100')
    await expect.poll(() => cellText(page, 'C7')).toBe('3 100')
    await page.context().close()
    await colleague.context().close()
  })
})
