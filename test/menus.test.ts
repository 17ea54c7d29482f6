import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellLocator, cellText, openSignedIn, screenshot, useServerAndBrowser } from './support/browser'
import { chooseMenu, menuButton } from './support/menus'

/** The entries of the open menu, with the shortcut shown beside each. */
async function openMenuEntries(page: Page): Promise<string[]> {
  return page
    .getByRole('menu')
    .locator('[role^="menuitem"]')
    .evaluateAll((items) =>
      items.map((item) => {
        const label = item.querySelector('.sp-menu-label')?.textContent ?? ''
        const shortcut = item.querySelector('.sp-menu-shortcut')?.textContent
        const checked = item.getAttribute('aria-checked') === 'true' ? ' ✓' : ''
        return shortcut ? `${label} [${shortcut}]${checked}` : `${label}${checked}`
      }),
    )
}

/** The Exportera menu of a role that may import. */
const EXPORTS_WITH_IMPORT = ['PDF-bilaga …', 'Excel (xlsx)', 'CSV (svensk, semikolon)', 'CSV (RFC 4180, komma)', 'Importera xlsx …']

const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')
const rowCount = (page: Page) => page.locator('.ht_clone_inline_start tbody tr').count()

describe('the app bar menus: mouse, keyboard and rights', () => {
  const env = useServerAndBrowser()

  it('opens each menu with the mouse, shows shortcuts, and runs row commands and undo from them', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.setViewportSize({ width: 1280, height: 800 })
    const names = await page.getByRole('menubar').getByRole('menuitem').allTextContents()
    expect(names).toEqual(['Arkiv', 'Redigera', 'Infoga', 'Visa', 'Exportera'])

    await menuButton(page, 'Arkiv').click()
    await expect
      .poll(() => openMenuEntries(page))
      .toEqual([
        'Versioner …',
        'Ny verksamhetsplan …',
        'Scenarier …',
        'Svenska ✓',
        'English',
        'Byt lösenord …',
        'Logga ut',
        'Logga ut överallt',
      ])
    await screenshot(page, 'menus-arkiv-1280')
    // Hovering the next menu while one is open opens that one, as in Sheets.
    await menuButton(page, 'Redigera').hover()
    await expect
      .poll(() => openMenuEntries(page))
      .toEqual(['Ångra [Ctrl+Z]', 'Gör om [Ctrl+Y]', 'Kopiera [Ctrl+C]', 'Sök … [Ctrl+F]', 'Ta bort rader', 'Ta bort kolumner'])
    expect(await page.getByRole('menuitem', { name: 'Ångra' }).getAttribute('aria-keyshortcuts')).toBe('Control+Z')
    await screenshot(page, 'menus-redigera-1280')
    await menuButton(page, 'Exportera').hover()
    await expect.poll(() => openMenuEntries(page)).toEqual(EXPORTS_WITH_IMPORT)
    await screenshot(page, 'menus-exportera-1280')
    // A click on the name the pointer just opened keeps that menu open; the next click closes it.
    await menuButton(page, 'Exportera').click()
    expect(await openMenuEntries(page)).toEqual(EXPORTS_WITH_IMPORT)
    await menuButton(page, 'Exportera').click()
    await expect.poll(() => page.getByRole('menu').count()).toBe(0)
    await menuButton(page, 'Exportera').click()
    await expect.poll(() => page.getByRole('menu').count()).toBe(1)
    // A click elsewhere closes it.
    await page.locator('.sp-formula-bar').click()
    await expect.poll(() => page.getByRole('menu').count()).toBe(0)

    const rows = await rowCount(page)
    await cellLocator(page, 'B3').click()
    await chooseMenu(page, 'Infoga', 'Rad nedanför')
    await expect.poll(() => rowCount(page)).toBe(rows + 1)
    expect(await cellText(page, 'A4')).toBe('')
    await chooseMenu(page, 'Redigera', 'Ångra')
    await expect.poll(() => rowCount(page)).toBe(rows)
    expect(await cellText(page, 'A4')).toBe('Netto KF Budget')

    // Redigera > Kopiera copies the selection as Ctrl+C does: the numbers as shown.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url })
    await cellLocator(page, 'B2').click()
    await page.keyboard.press('Shift+ArrowRight')
    await chooseMenu(page, 'Redigera', 'Kopiera')
    await expect
      .poll(async () => (await page.evaluate(() => navigator.clipboard.readText())).replace(/\u00a0/g, ' '))
      .toBe('19 494,6\t20 684,1')

    // Exportera > Excel downloads the sheet through the export menu's own link.
    const downloading = page.waitForEvent('download')
    await chooseMenu(page, 'Exportera', 'Excel (xlsx)')
    expect((await downloading).suggestedFilename()).toMatch(/\.xlsx$/)

    // Exportera > Importera xlsx asks for a file through the export menu's own entry.
    const choosing = page.waitForEvent('filechooser')
    await chooseMenu(page, 'Exportera', 'Importera xlsx')
    expect((await choosing).isMultiple()).toBe(false)

    // Arkiv > Ny verksamhetsplan opens next year's plan directly.
    await chooseMenu(page, 'Arkiv', 'Ny verksamhetsplan')
    await expect.poll(() => page.getByRole('alertdialog', { name: 'Ny verksamhetsplan 2025 från 2024' }).count()).toBe(1)
    await page.getByRole('alertdialog').getByRole('button', { name: 'Avbryt' }).click()
    await page.context().close()
  })

  it('is reachable by keyboard alone: F10 or Alt+/ to the bar, arrows, Enter and Esc', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.setViewportSize({ width: 1280, height: 800 })
    await cellLocator(page, 'B3').click()
    const rows = await rowCount(page)

    await page.keyboard.press('F10')
    expect(await focusedName(page)).toBe('Arkiv')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    expect(await focusedName(page)).toBe('Infoga')
    // The grid kept its selection: the arrows moved in the menu bar only.
    expect(await page.getByTestId('address').textContent()).toBe('B3')
    await page.keyboard.press('Enter')
    expect(await page.getByRole('menu').count()).toBe(1)
    expect(await focusedName(page)).toBe('Rad ovanför')
    await page.keyboard.press('ArrowDown')
    expect(await focusedName(page)).toBe('Rad nedanför')
    await page.keyboard.press('Escape')
    expect(await page.getByRole('menu').count()).toBe(0)
    expect(await focusedName(page)).toBe('Infoga')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await screenshot(page, 'menus-keyboard-1280')
    await page.keyboard.press('Enter')
    await expect.poll(() => rowCount(page)).toBe(rows + 1)

    // Alt+/ as in Google Sheets, then the last entry of Arkiv with End... and the language by Enter.
    await page.keyboard.press('Alt+/')
    expect(await focusedName(page)).toBe('Arkiv')
    await page.keyboard.press('ArrowDown')
    expect(await focusedName(page)).toBe('Versioner …')
    await page.keyboard.press('End')
    expect(await focusedName(page)).toBe('Logga ut överallt')
    await page.keyboard.press('ArrowUp')
    expect(await focusedName(page)).toBe('Logga ut')
    await page.keyboard.press('ArrowUp')
    expect(await focusedName(page)).toBe('Byt lösenord …')
    await page.keyboard.press('ArrowUp')
    expect(await focusedName(page)).toBe('English')
    await page.keyboard.press('Enter')
    await expect.poll(() => menuButton(page, 'File').count()).toBe(1)
    await page.context().close()
  })

  it('never shows a role an action it cannot take', async () => {
    const lasare = await openSignedIn(env.browser, env.server.url, 'lasare')
    expect(await lasare.getByRole('menubar').getByRole('menuitem').allTextContents()).toEqual(['Arkiv', 'Redigera', 'Visa', 'Exportera'])
    await menuButton(lasare, 'Redigera').click()
    // Polled: the pointer crosses other menus' names on its way to a click, and each crossing redraws.
    await expect.poll(() => openMenuEntries(lasare)).toEqual(['Kopiera [Ctrl+C]', 'Sök … [Ctrl+F]'])
    await menuButton(lasare, 'Arkiv').click()
    await expect
      .poll(() => openMenuEntries(lasare))
      .toEqual(['Versioner …', 'Scenarier …', 'Svenska ✓', 'English', 'Byt lösenord …', 'Logga ut', 'Logga ut överallt'])
    await menuButton(lasare, 'Exportera').click()
    // Every export, and no import.
    await expect
      .poll(() => openMenuEntries(lasare))
      .toEqual(['PDF-bilaga …', 'Excel (xlsx)', 'CSV (svensk, semikolon)', 'CSV (RFC 4180, komma)'])
    await lasare.context().close()

    const chef = await openSignedIn(env.browser, env.server.url, 'chef1')
    expect(await chef.getByRole('menubar').getByRole('menuitem').allTextContents()).toEqual(['Arkiv', 'Redigera', 'Visa', 'Exportera'])
    await menuButton(chef, 'Redigera').click()
    await expect.poll(() => openMenuEntries(chef)).toEqual(['Ångra [Ctrl+Z]', 'Gör om [Ctrl+Y]', 'Kopiera [Ctrl+C]', 'Sök … [Ctrl+F]'])
    await chef.context().close()
  })

  it('adds a chart over the selection from Infoga > Diagram, and the chart panel says what came of it', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await menuButton(page, 'Infoga').click()
    await expect.poll(() => openMenuEntries(page)).toContain('Diagram …')
    await page.keyboard.press('Escape')
    const charts = () => page.getByTestId('chart').count()
    const before = await charts()
    // B1:C4 of Budget: the two budget years over three rows.
    await cellLocator(page, 'B1').click()
    await cellLocator(page, 'C4').click({ modifiers: ['Shift'] })
    await chooseMenu(page, 'Infoga', 'Diagram')
    await expect.poll(() => page.getByTestId('chart-message').textContent()).toMatch(/^Diagrammet ”.+” är tillagt\.$/)
    await expect.poll(charts).toBe(before + 1)
    // A selection without numbers is refused with the reason, from the menu as from the panel.
    await cellLocator(page, 'A2').click()
    await chooseMenu(page, 'Infoga', 'Diagram')
    await expect.poll(() => page.getByTestId('chart-message').textContent()).toMatch(/^Markeringen har inga tal att rita\./)
    expect(await charts()).toBe(before + 1)
    await page.context().close()
  })

  it('closes the side panel and opens it again, from the panel, the edge and the Visa menu', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    const gridWidth = async () => (await page.locator('.sp-grid').boundingBox())?.width ?? 0
    // Open before any cell is selected, saying what it is for: the first cell selected leaves the grid's width as it was.
    await expect.poll(() => page.getByTestId('cell-panel-empty').textContent()).toContain('Markera en cell')
    const withPanel = await gridWidth()
    await cellLocator(page, 'B3').click()
    const panel = page.getByTestId('comments')
    await expect.poll(() => panel.isVisible()).toBe(true)
    expect(await page.getByTestId('cell-panel-empty').count()).toBe(0)
    expect(await gridWidth()).toBe(withPanel)
    await page.getByRole('button', { name: 'Stäng panelen' }).click()
    expect(await panel.count()).toBe(0)
    expect(await gridWidth()).toBeGreaterThan(1300)
    await page.getByRole('button', { name: 'Visa kommentarer och historik' }).click()
    await expect.poll(() => panel.isVisible()).toBe(true)
    await chooseMenu(page, 'Visa', 'Kommentarer och historik')
    await expect.poll(() => panel.count()).toBe(0)
    // Remembered across a reload.
    await page.reload()
    await cellLocator(page, 'B3').click()
    expect(await panel.count()).toBe(0)
    await menuButton(page, 'Visa').click()
    expect(await page.getByRole('menuitemcheckbox', { name: 'Kommentarer och historik' }).getAttribute('aria-checked')).toBe('false')
    await page.getByRole('menuitemcheckbox', { name: 'Kommentarer och historik' }).click()
    await expect.poll(() => panel.isVisible()).toBe(true)
    await page.context().close()
  })
})
