import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellText, openSignedIn, screenshot, useServerAndBrowser } from './support/browser'
import { openVersions } from './support/menus'

const openTab = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click()

describe("next year's plan from this one, from the versions dialog", () => {
  const env = useServerAndBrowser()

  it('creates Verksamhetsplan 2025 with the years moved on and an empty new budget, leaving 2024 as it was', async () => {
    const eva = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await expect.poll(() => cellText(eva, 'C1')).toBe('Budget 2024')
    await openVersions(eva)
    await eva.getByRole('button', { name: 'Ny verksamhetsplan 2025 från 2024' }).click()
    const dialog = eva.getByRole('alertdialog', { name: 'Ny verksamhetsplan 2025 från 2024' })
    await dialog.getByLabel('tom').check()
    await screenshot(eva, 'rollover-dialog')
    await dialog.getByRole('button', { name: 'Skapa' }).click()

    await eva.waitForURL(/\/w\/wb-/)
    await expect.poll(() => eva.locator('.sp-title').textContent()).toBe('Verksamhetsplan 2025 – Utbildningsnämnden')
    await expect.poll(() => cellText(eva, 'B1')).toBe('Budget 2024')
    await expect.poll(() => cellText(eva, 'C1')).toBe('Budget 2025')
    expect(await cellText(eva, 'B2')).toBe('20 684,1') // this year's budget, now last year's
    expect(await cellText(eva, 'C2')).toBe('') // the new budget starts empty, as chosen
    await openTab(eva, 'Verksamhetsområden')
    await expect.poll(() => cellText(eva, 'E1')).toBe('Budget 2025 (VP)')
    await screenshot(eva, 'rollover-vp2025')

    // The source is untouched.
    await eva.goto(`${env.server.url}/w/vp-2024`)
    await expect.poll(() => cellText(eva, 'C1')).toBe('Budget 2024')
    expect(await cellText(eva, 'C2')).toBe('20 684,1')
    await eva.context().close()
  })
})
