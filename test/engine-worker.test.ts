/**
 * The formula engine runs in a Web Worker (formulas SPEC FM9-FM12): the grid edits and its dependents update
 * as before, and keys typed while the worker recomputes a slow edit reach the editor at once.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { cellText, typeInto, untilEngineReady, useServerAndBrowser } from './support/browser'
import { createFormulaWorkbook, heavyValue, openWorkbookPage } from './support/formula-workbook'
import { login } from './support/yjs-client'

/** The text a cell shows for a whole number in sv-SE (`1 441 200`). */
const swedish = (n: number) => new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 }).format(n).replace(/\u00a0|\u202f/g, ' ')

async function shows(page: Page, address: string, text: string): Promise<void> {
  await expect.poll(() => cellText(page, address), { timeout: 30_000 }).toBe(text)
}

const editor = (page: Page) => page.locator('.handsontableInputHolder textarea')

/** Until its own engine is ready the page shows the server's answers (FM14); these tests are about the worker's. */
const engineReady = (page: Page) => untilEngineReady(page, 60_000)

describe('the formula engine in a Web Worker', () => {
  const env = useServerAndBrowser()
  let workbookId = ''
  beforeAll(async () => {
    const token = await login(env.server.url, 'ekonom')
    workbookId = await createFormulaWorkbook(env.server, token)
  }, 120_000)

  it('[FM9][FM10] computes in a worker: an edit typed in the grid updates its dependents', async () => {
    const page = await openWorkbookPage(env.browser, env.server.url, workbookId)
    expect(page.workers().some((w) => w.url().includes('engine-worker'))).toBe(true)
    await engineReady(page)
    await shows(page, 'D1', '10')
    await shows(page, 'B1', swedish(heavyValue(1)))
    await typeInto(page, 'A1', '7')
    await shows(page, 'D1', '70')
    await shows(page, 'B1', swedish(heavyValue(1, (r) => (r === 1 ? 7 : r))))
    await page.context().close()
  }, 120_000)

  it('[FM10] the grid takes the next keys at once while the worker recomputes the edit just made', async () => {
    const page = await openWorkbookPage(env.browser, env.server.url, workbookId)
    await engineReady(page)
    await shows(page, 'D2', '5')
    // When, on the page's clock, the editor took the second key and D2 first showed the worker's answer.
    await page.evaluate(() => {
      const seen: { keys?: number; answer?: number } = {}
      document.addEventListener(
        'input',
        (event) => {
          if ((event.target as HTMLTextAreaElement).value === '55') seen.keys ??= performance.now()
        },
        true,
      )
      const d2 = () => document.querySelector('.ht_master td[data-cell="D2"]')?.textContent?.replace(/\s/g, '')
      new MutationObserver(() => {
        if (d2() === '1003') seen.answer ??= performance.now()
      }).observe(document.body, { childList: true, characterData: true, subtree: true })
      Object.assign(window, { __seen: seen })
    })
    // About a second of recomputation in the worker: every B cell reads all of column A.
    await typeInto(page, 'A2', '1000')
    await page.keyboard.type('55')
    expect(await editor(page).inputValue()).toBe('55')
    // The page hears of the selection after the next paint (the grid moves it at once): wait for that paint.
    await expect.poll(() => page.locator('[data-testid="address"]').textContent()).toBe('A3')
    await shows(page, 'D2', '1 003')
    // The keys were taken while the worker was still computing: before its answer was painted. (Read in
    // the page, not by a look after the keys, which a loaded machine may make later than the answer.)
    const seen = await page.evaluate(() => (window as unknown as { __seen: { keys?: number; answer?: number } }).__seen)
    expect(seen.keys).toBeDefined()
    expect(seen.answer).toBeDefined()
    expect(seen.keys as number).toBeLessThan(seen.answer as number)
    expect(await cellText(page, 'B1')).toBe(swedish(heavyValue(1, (r) => (r === 1 ? 7 : r === 2 ? 1000 : r))))
    await page.keyboard.press('Escape')
    await page.context().close()
  }, 120_000)
})
