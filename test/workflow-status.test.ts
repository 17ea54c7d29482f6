import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellLocator, cellText, nextPaint, openSignedIn, screenshot, typeInto, useServerAndBrowser } from './support/browser'
import { openVersions, switchLanguage } from './support/menus'

/** Text with no-break spaces as plain spaces (`20 684,1`). */
const plain = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ')

/** The cells of the version-compare row of `address` (`Budget!C2`): [address, from, →, to]. */
async function diffRow(page: Page, address: string): Promise<string[]> {
  const row = page.getByTestId('diff').locator('tr', { hasText: address })
  if ((await row.count()) !== 1) return []
  return (await row.locator('td').allTextContents()).map(plain)
}

const historyText = async (page: Page) => plain(await page.getByTestId('history').textContent())

describe('numbers in version compare and cell history use the UI locale, as the grid does', () => {
  const env = useServerAndBrowser()

  it('shows 20 684,1 → 20 800,4 (sv-SE) and 20,684.1 → 20,800.4 (en), one minus sign, formulas in the locale', async () => {
    const admin = await openSignedIn(env.browser, env.server.url, 'admin')
    const ekonom = await openSignedIn(env.browser, env.server.url, 'ekonom')
    const before = { C2: await cellText(admin, 'C2'), C3: await cellText(admin, 'C3'), C5: await cellText(admin, 'C5') }

    await openVersions(admin)
    const dialog = admin.getByTestId('versions')
    await dialog.getByRole('textbox').fill('Före ändringarna')
    await dialog.getByRole('button', { name: 'Spara version' }).click()
    await expect.poll(() => dialog.textContent()).toContain('Före ändringarna')

    await typeInto(ekonom, 'C2', '20800,4')
    await typeInto(ekonom, 'C3', '-1234,5')
    await typeInto(ekonom, 'C5', '=SUMMA(B2:B3)')
    await expect.poll(() => cellText(admin, 'C2')).toBe('20 800,4')
    await expect.poll(() => cellText(admin, 'C3')).toBe('-1 234,5')
    await expect.poll(() => cellText(admin, 'C5')).not.toBe(before.C5)

    await dialog.getByRole('button', { name: 'Jämför med nu' }).click()
    await expect.poll(() => diffRow(admin, 'Budget!C5')).toEqual(['Budget!C5', before.C5, '→', '=SUMMA(B2:B3)'])
    // The same text the grid showed for the figure before, and the grid's minus sign.
    expect(before.C2).toBe('20 684,1')
    expect(await diffRow(admin, 'Budget!C2')).toEqual(['Budget!C2', '20 684,1', '→', '20 800,4'])
    expect(await diffRow(admin, 'Budget!C3')).toEqual(['Budget!C3', before.C3, '→', '-1 234,5'])
    expect(await admin.getByTestId('diff').textContent()).not.toContain('\u2212')
    await screenshot(admin, 'versions-compare-sv')

    // Switching the language reloads the workbook view: compare again, in English.
    await switchLanguage(admin, 'en')
    await openVersions(admin)
    await dialog.getByRole('button', { name: 'Compare with now' }).click()
    await expect.poll(() => diffRow(admin, 'Budget!C2')).toEqual(['Budget!C2', '20,684.1', '→', '20,800.4'])
    expect(await diffRow(admin, 'Budget!C3')).toEqual(['Budget!C3', before.C3.replace(/ /g, ',').replace(/,(\d)$/, '.$1'), '→', '-1,234.5'])
    expect(await diffRow(admin, 'Budget!C5')).toEqual(['Budget!C5', expect.any(String), '→', '=SUM(B2:B3)'])
    expect(await cellText(admin, 'C3')).toBe('-1,234.5')
    await screenshot(admin, 'versions-compare-en')
    await dialog.getByRole('button', { name: 'Close' }).click()

    // The cell's history: the same format and minus sign, in either language.
    await cellLocator(admin, 'C3').click()
    await admin.getByRole('tab', { name: 'History' }).click()
    await expect.poll(() => historyText(admin), { timeout: 10_000 }).toContain('→ -1,234.5')
    await switchLanguage(admin, 'sv-SE')
    await cellLocator(admin, 'C3').click()
    await admin.getByRole('tab', { name: 'Historik' }).click()
    await expect.poll(() => historyText(admin), { timeout: 10_000 }).toContain(`${before.C3} → -1 234,5`)
    expect(await historyText(admin)).not.toContain('\u2212')
    await screenshot(admin, 'history-negative-sv')
    await admin.context().close()
    await ekonom.context().close()
  })
})

describe('the workflow status: inskickad is locked for ekonomer, beslutad asks first, everyone sees it live', () => {
  const env = useServerAndBrowser()

  it('locks an ekonom out while inskickad and after beslutad, live, with the consequence in the header', async () => {
    const admin = await openSignedIn(env.browser, env.server.url, 'admin')
    const ekonom = await openSignedIn(env.browser, env.server.url, 'ekonom')
    const badge = (page: Page) => page.getByTestId('status-badge')
    const locked = async (page: Page, address: string) =>
      ((await cellLocator(page, address).getAttribute('class')) ?? '').includes('sp-locked')

    expect(await badge(ekonom).textContent()).toBe('Utkast')
    expect(await locked(ekonom, 'C2')).toBe(false)
    // The ekonom has the versions dialog open: it follows the status too.
    await openVersions(ekonom)
    const ekonomDialog = ekonom.getByTestId('versions')
    expect(await ekonomDialog.getByTestId('workbook-status').textContent()).toBe('Utkast')

    await openVersions(admin)
    const dialog = admin.getByTestId('versions')
    await dialog.getByRole('button', { name: 'Skicka in' }).click()

    // Live on the ekonom's page, without a reload.
    await expect.poll(() => badge(ekonom).textContent()).toBe('Inskickad – låst för ändringar')
    expect(await badge(ekonom).getAttribute('title')).toMatch(/administratör.*utkast/)
    await expect.poll(() => ekonomDialog.getByTestId('workbook-status').textContent()).toBe('Inskickad – låst för ändringar')
    await expect.poll(() => locked(ekonom, 'C2')).toBe(true)
    expect(await badge(admin).textContent()).toBe('Inskickad – bara administratörer kan ändra')
    expect(await locked(admin, 'C2')).toBe(false)

    // Typing into a locked cell changes nothing, locally or on the server.
    const c2 = await cellText(ekonom, 'C2')
    await ekonomDialog.getByRole('button', { name: 'Stäng' }).click()
    await cellLocator(ekonom, 'C2').click()
    await expect.poll(() => ekonom.getByTestId('address').textContent()).toBe('C2')
    await ekonom.keyboard.type('1')
    await ekonom.keyboard.press('Enter')
    await nextPaint(ekonom)
    expect(await cellText(ekonom, 'C2')).toBe(c2)
    expect(await ekonom.getByTestId('formula-bar').getAttribute('readonly')).not.toBeNull()
    expect(await ekonom.getByTestId('banner').count()).toBe(0)
    await screenshot(ekonom, 'status-inskickad-ekonom')
    await openVersions(ekonom)

    // Beslutad asks first, naming its consequence; Escape cancels and changes nothing.
    await dialog.getByRole('button', { name: 'Markera som beslutad' }).click()
    const confirm = admin.getByRole('alertdialog', { name: 'Markera som beslutad?' })
    await expect.poll(() => confirm.isVisible()).toBe(true)
    expect(await confirm.textContent()).toContain('Arbetsboken blir skrivskyddad för alla och kan inte öppnas igen. En version sparas.')
    const focused = () => admin.evaluate(() => document.activeElement?.textContent ?? '')
    expect(await focused()).toBe('Avbryt')
    await screenshot(admin, 'confirm-beslutad')
    // Focus stays inside the confirmation.
    await admin.keyboard.press('Tab')
    expect(await focused()).toBe('Markera som beslutad')
    await admin.keyboard.press('Tab')
    expect(await focused()).toBe('Avbryt')
    await admin.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('Markera som beslutad')
    await admin.keyboard.press('Escape')
    await expect.poll(() => confirm.count()).toBe(0)
    expect(await focused()).toBe('Markera som beslutad') // back on the button that opened it
    expect(await badge(admin).textContent()).toBe('Inskickad – bara administratörer kan ändra')

    // Avbryt cancels too.
    await admin.keyboard.press('Enter')
    await expect.poll(() => confirm.isVisible()).toBe(true)
    await confirm.getByRole('button', { name: 'Avbryt' }).click()
    await expect.poll(() => confirm.count()).toBe(0)
    expect(await badge(admin).textContent()).toBe('Inskickad – bara administratörer kan ändra')

    // Confirmed with the keyboard.
    await dialog.getByRole('button', { name: 'Markera som beslutad' }).focus()
    await admin.keyboard.press('Enter')
    await expect.poll(() => confirm.isVisible()).toBe(true)
    await admin.keyboard.press('Tab')
    await admin.keyboard.press('Enter')
    await expect.poll(() => confirm.count()).toBe(0)

    await expect.poll(() => badge(ekonom).textContent()).toBe('Beslutad – skrivskyddad')
    await expect.poll(() => badge(admin).textContent()).toBe('Beslutad – skrivskyddad')
    await expect.poll(() => locked(admin, 'C2')).toBe(true)
    expect(await locked(ekonom, 'C2')).toBe(true)
    // The version saved by the decision shows in the ekonom's dialog, opened before it.
    await expect.poll(() => ekonomDialog.textContent()).toMatch(/Beslutad \d{4}-\d{2}-\d{2}/)
    expect(await ekonomDialog.getByTestId('workbook-status').textContent()).toBe('Beslutad – skrivskyddad')
    expect(await dialog.getByRole('button', { name: 'Markera som beslutad' }).count()).toBe(0)
    await screenshot(ekonom, 'status-beslutad-ekonom')
    await admin.context().close()
    await ekonom.context().close()
  })
})
