import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellLocator, openSignedIn, signIn, typeInto, useServerAndBrowser } from './support/browser'

/** The side panel's history reloads when the cell changes, from the change itself: no timer guesses when. */

const historyText = async (page: Page) => ((await page.getByTestId('history').textContent()) ?? '').replace(/\u00a0/g, ' ')

/** Signed in over a slow uplink: what the page sends reaches the server `delayMs` later, in order. */
async function openOverSlowUplink(browser: Browser, baseUrl: string, username: string, delayMs: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  await context.routeWebSocket(/\/sync\//, (ws) => {
    const server = ws.connectToServer()
    ws.onMessage((message) => setTimeout(() => server.send(message), delayMs))
  })
  const page = await context.newPage()
  await signIn(page, baseUrl, username)
  await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
  return page
}

describe('the history panel of the selected cell', () => {
  const env = useServerAndBrowser()

  it("shows my own change once the server has recorded it, and a colleague's as it arrives", async () => {
    // The history request is quicker than the edit: asked at once, it would miss the edit.
    const eva = await openOverSlowUplink(env.browser, env.server.url, 'ekonom', 400)
    const anna = await openSignedIn(env.browser, env.server.url, 'admin')
    await cellLocator(eva, 'B5').click()
    await expect.poll(() => eva.getByTestId('address').textContent()).toBe('B5')
    await eva.getByRole('tab', { name: 'Historik' }).click()
    await expect.poll(() => historyText(eva)).toContain('Cellen har inte ändrats')

    // Through the formula bar, so B5 stays selected and its history open.
    await eva.getByTestId('formula-bar').fill('101')
    await eva.getByTestId('formula-bar').press('Enter')
    await expect.poll(() => historyText(eva), { timeout: 10_000 }).toMatch(/Eva Ekonom.*100,0 → 101,0/)

    await typeInto(anna, 'B5', '102')
    await expect.poll(() => historyText(eva), { timeout: 10_000 }).toMatch(/Anna Admin.*101,0 → 102,0/)
    expect(await eva.getByTestId('address').textContent()).toBe('B5')
    await eva.context().close()
    await anna.context().close()
  })
})
