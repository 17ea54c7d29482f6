import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellLocator, openSignedIn, screenshot, useServerAndBrowser } from './support/browser'
import { switchLanguage } from './support/menus'

const activeTab = (page: Page) => page.locator('.sp-tab-active').textContent()
const address = (page: Page) => page.getByTestId('address').textContent()
const path = (page: Page) => new URL(page.url()).pathname
const historyLength = (page: Page) => page.evaluate(() => history.length)

describe('deep links: the address names the workbook, sheet and cell', () => {
  const env = useServerAndBrowser()

  it('opens a link on its sheet and cell, follows the selection in place, and keeps both on reload and language switch', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.goto(`${env.server.url}/w/vp-2024/RSU!F3`)
    await expect.poll(() => activeTab(page)).toBe('RSU')
    await expect.poll(() => address(page)).toBe('F3')
    // The address follows the selection once the grid has painted it.
    await expect.poll(() => path(page)).toBe('/w/vp-2024/RSU!F3')

    // A click rewrites the address without a history entry per click.
    const entries = await historyLength(page)
    await cellLocator(page, 'C4').click()
    await expect.poll(() => path(page)).toBe('/w/vp-2024/RSU!C4')
    await cellLocator(page, 'D5').click()
    await expect.poll(() => path(page)).toBe('/w/vp-2024/RSU!D5')
    expect(await historyLength(page)).toBe(entries)

    await page.reload()
    await expect.poll(() => activeTab(page)).toBe('RSU')
    await expect.poll(() => address(page)).toBe('D5')

    await switchLanguage(page, 'en')
    await expect.poll(() => page.getByRole('menubar').getByRole('menuitem', { name: 'File' }).count()).toBe(1)
    await expect.poll(() => activeTab(page)).toBe('RSU')
    await expect.poll(() => address(page)).toBe('D5')
    // The address follows the selection once the grid has painted it.
    await expect.poll(() => path(page)).toBe('/w/vp-2024/RSU!D5')
    await switchLanguage(page, 'sv-SE')
    await page.context().close()
  })

  it('names sheets with spaces and å, ä, ö URL-encoded; a sheet change is a step Back returns from', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.goto(`${env.server.url}/w/vp-2024/${encodeURIComponent('Särskilt stöd')}!B3`)
    await expect.poll(() => activeTab(page)).toBe('Särskilt stöd')
    await expect.poll(() => address(page)).toBe('B3')
    // The address follows the selection once the grid has painted it.
    await expect.poll(() => path(page)).toBe('/w/vp-2024/S%C3%A4rskilt%20st%C3%B6d!B3')

    const entries = await historyLength(page)
    await page.getByRole('button', { name: 'Volym egen regi', exact: true }).click()
    await expect.poll(() => path(page)).toBe('/w/vp-2024/Volym%20egen%20regi')
    expect(await historyLength(page)).toBe(entries + 1)
    await cellLocator(page, 'C2').click()
    await expect.poll(() => path(page)).toBe('/w/vp-2024/Volym%20egen%20regi!C2')

    await page.goBack()
    await expect.poll(() => activeTab(page)).toBe('Särskilt stöd')
    await expect.poll(() => address(page)).toBe('B3')
    await page.context().close()
  })

  it('opens the first sheet and says why when the link names a sheet or cell the workbook lacks', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.goto(`${env.server.url}/w/vp-2024/${encodeURIComponent('Finns inte')}!A1`)
    await expect
      .poll(() => page.getByTestId('link-notice').textContent())
      .toContain('Bladet ”Finns inte” i länken finns inte i arbetsboken; bladet Budget visas i stället.')
    expect(await activeTab(page)).toBe('Budget')
    await expect.poll(() => path(page)).toBe('/w/vp-2024/Budget')
    await screenshot(page, 'deep-link-unknown-sheet')

    await page.goto(`${env.server.url}/w/vp-2024/RSU!Z99`)
    await expect
      .poll(() => page.getByTestId('link-notice').textContent())
      .toContain('Cellen Z99 i länken finns inte på bladet RSU; bladet Budget visas i stället.')
    expect(await activeTab(page)).toBe('Budget')
    await page.getByTestId('link-notice').getByRole('button', { name: 'Stäng' }).click()
    expect(await page.getByTestId('link-notice').count()).toBe(0)
    await page.context().close()
  })
})
