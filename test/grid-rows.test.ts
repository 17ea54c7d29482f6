import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellLocator, cellText, findCell, openSignedIn, screenshot, typeInto, useServerAndBrowser } from './support/browser'

const openTab = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click()

describe('rows people add: named by whoever may insert them, counted in the totals around them', () => {
  const env = useServerAndBrowser()

  it('lets an ekonom name a row they inserted, and a colleague sees the name', async () => {
    const eva = await openSignedIn(env.browser, env.server.url, 'ekonom')
    const anna = await openSignedIn(env.browser, env.server.url, 'admin')
    await openTab(eva, 'RSU')
    await openTab(anna, 'RSU')
    await expect.poll(() => cellText(anna, 'A6')).toMatch(/^Summa/)
    const totalBefore = await cellText(anna, 'B6')
    // Inside the summed range B2:B5: above its fourth row.
    await cellLocator(eva, 'B4').click({ button: 'right' })
    await eva.getByText('Infoga rad ovanför', { exact: true }).click()
    await expect.poll(() => cellText(anna, 'A7')).toMatch(/^Summa/)
    await typeInto(eva, 'A4', 'Område 5 (ny)')
    await typeInto(eva, 'B4', '10')
    await expect.poll(() => cellText(anna, 'A4')).toBe('Område 5 (ny)')
    await expect.poll(() => cellText(anna, 'B7')).toBe(String(Number(totalBefore.replace(/\s/g, '')) + 10))
    // The template's own labels stay locked.
    await typeInto(eva, 'A3', 'Omdöpt')
    await expect.poll(() => cellText(anna, 'A3')).not.toBe('Omdöpt')
    expect(await cellText(eva, 'A3')).not.toBe('Omdöpt')
    await screenshot(eva, 'added-row-named')
    await eva.context().close()
    await anna.context().close()
  })
})

describe('a figure the VP prints twice is one figure', () => {
  const env = useServerAndBrowser()

  it('flags the Kontroll row on Verksamhetsområden when the budget ram no longer matches, and clears it again', async () => {
    const eva = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await openTab(eva, 'Verksamhetsområden')
    const kontroll = await findCell(eva, 'Kontroll: Summa drift netto mot budgetramen (Budget), ska vara 0', 'Budget 2024 (VP)')
    await expect.poll(() => cellText(eva, kontroll)).toBe('0,0')
    expect(await cellLocator(eva, kontroll).getAttribute('class')).not.toMatch(/sp-kontroll-deviation/)

    await openTab(eva, 'Budget')
    const kostnader = await findCell(eva, 'Kostnader', 'Budget 2024')
    const before = await cellText(eva, kostnader)
    await typeInto(eva, kostnader, '20700,1')
    await expect.poll(() => cellText(eva, kostnader)).toBe('20 700,1')
    await openTab(eva, 'Verksamhetsområden')
    await expect.poll(() => cellText(eva, kontroll)).toBe('-16,0')
    await expect.poll(() => cellLocator(eva, kontroll).getAttribute('class')).toMatch(/sp-kontroll-deviation/)
    expect(await cellLocator(eva, kontroll).getAttribute('title')).toMatch(/avvikelse/)
    await screenshot(eva, 'kontroll-deviation')

    await openTab(eva, 'Budget')
    await typeInto(eva, kostnader, before.replace(/\s/g, ''))
    await openTab(eva, 'Verksamhetsområden')
    await expect.poll(() => cellText(eva, kontroll)).toBe('0,0')
    await expect.poll(() => cellLocator(eva, kontroll).getAttribute('class')).not.toMatch(/sp-kontroll-deviation/)
    await eva.context().close()
  })
})
