import ExcelJS from 'exceljs'
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible } from './support/accessibility'
import { cellLocator, cellText, screenshot, signIn, typeInto, useServerAndBrowser } from './support/browser'
import { chooseMenu, menuButton } from './support/menus'

/** WCAG 2.1 A and AA, the level Swedish public digital services must meet (lagen om tillgänglighet till digital offentlig service). */
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A fresh browser context at a laptop's width, on the sign-in page. */
async function openAt1280(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error('page error:', err.message))
  await page.goto(baseUrl)
  await page.locator('input[name="username"]').waitFor()
  return page
}

async function openWorkbookAt1280(browser: Browser, baseUrl: string, username: string): Promise<Page> {
  const page = await openAt1280(browser, baseUrl)
  await signIn(page, baseUrl, username)
  await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
  return page
}

/**
 * axe-core on the page as it is now: no serious or critical WCAG 2.1 AA violation. The message
 * lists each one with the elements it found, so a failure says what to fix.
 */
/** What the element with the keyboard focus is called, as a screen reader would name it (roughly). */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const at = document.activeElement
    if (!at || at === document.body) return ''
    return (at.getAttribute('aria-label') ?? (at instanceof HTMLInputElement ? at.name : at.textContent) ?? '').trim()
  })
}

/** The name of the application the focus is in: the grid says `Kalkylblad`. */
const focusedWidget = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[role="application"]')?.getAttribute('aria-label') ?? null)
const address = (page: Page) => page.getByTestId('address').textContent()
const announced = async (page: Page) => ((await page.getByTestId('cell-announcement').textContent()) ?? '').replace(/\u00a0/g, ' ')
const dialogHasFocus = (page: Page, testId: string) =>
  page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.contains(document.activeElement) ?? false, testId)

/** Presses Tab until the focus is on an element matching `selector`; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 25): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

describe('accessibility (WCAG 2.1 AA): axe-core on every screen and dialog, keyboard alone, the grid read aloud', () => {
  const env = useServerAndBrowser()

  it('finds no serious or critical violation on sign-in, the grid, the side panel, the menus and the versions dialog', async () => {
    const page = await openAt1280(env.browser, env.server.url)
    await expectAccessible(page, 'the sign-in page')
    await page.locator('input[name="username"]').fill('admin')
    await page.locator('input[name="password"]').fill('fel lösenord')
    await page.locator('button[type="submit"]').click()
    await page.getByRole('alert').waitFor()
    await expectAccessible(page, 'the sign-in page with a refused password')

    await signIn(page, env.server.url, 'admin')
    await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
    await expectAccessible(page, 'the workbook before a cell is selected')

    await typeInto(page, 'B3', '1400')
    await cellLocator(page, 'B3').click()
    await page.getByTestId('comment-input').fill('Stämmer beloppet?')
    await page.getByTestId('comment-submit').click()
    await page.getByTestId('thread').waitFor()
    await expectAccessible(page, 'the grid with the side panel open on a commented cell')
    await page.getByRole('tab', { name: 'Historik' }).click()
    await expect.poll(() => page.getByTestId('history').locator('.sp-history-entry').count()).toBeGreaterThan(0)
    await expectAccessible(page, 'the side panel on the cell history')

    // A refusal beside the cell (a header cell takes no input).
    await cellLocator(page, 'A1').click()
    await page.keyboard.type('x')
    await page.getByTestId('edit-refused').waitFor({ state: 'visible' })
    await expectAccessible(page, 'a refused edit explained beside the cell')
    await page.keyboard.press('Escape')

    await page.keyboard.press('Control+f')
    await page.getByTestId('search-input').waitFor()
    await page.keyboard.type('investeringar')
    await expect.poll(() => page.getByTestId('search-status').textContent()).toBe('2 träffar')
    await expectAccessible(page, 'the search box with its hits')
    await page.keyboard.press('Escape')

    for (const menu of ['Arkiv', 'Redigera', 'Infoga', 'Visa', 'Exportera']) {
      await menuButton(page, menu).click()
      await page.getByRole('menu').waitFor()
      await expectAccessible(page, `the ${menu} menu`)
      await page.keyboard.press('Escape')
    }

    await chooseMenu(page, 'Arkiv', 'Versioner')
    const versions = page.getByTestId('versions')
    await versions.waitFor()
    await versions.getByRole('textbox', { name: /Versionens namn/ }).fill('Tillgänglighetskontroll')
    await versions.getByRole('button', { name: 'Spara version' }).click()
    await versions.getByRole('button', { name: 'Jämför med nu' }).first().click()
    await versions.locator('.sp-diff, .sp-muted').first().waitFor()
    await expectAccessible(page, 'the versions dialog with a comparison')
    await screenshot(page, 'accessibility-versions-1280')
    await versions.getByRole('button', { name: 'Stäng' }).click()

    // The confirmation before a step that cannot be undone: next year's plan.
    await chooseMenu(page, 'Arkiv', 'Ny verksamhetsplan')
    await page.getByRole('alertdialog').waitFor()
    await expectAccessible(page, 'the confirmation of next year’s plan')
    await page.getByRole('alertdialog').getByRole('button', { name: 'Avbryt' }).click()
    await page.getByTestId('versions').getByRole('button', { name: 'Stäng' }).click()
    await page.context().close()
  })

  it('finds no serious or critical violation in the import preview, the sheet tab menus, renaming, deleting and the charts', async () => {
    const page = await openWorkbookAt1280(env.browser, env.server.url, 'admin')

    const downloading = page.waitForEvent('download')
    await chooseMenu(page, 'Exportera', 'Excel (xlsx)')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await readFile(await (await downloading).path())) as unknown as ArrayBuffer)
    book.getWorksheet('Budget')!.getCell('C2').value = 21000
    const edited = Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer)
    const choosing = page.waitForEvent('filechooser')
    await chooseMenu(page, 'Exportera', 'Importera xlsx')
    await (await choosing).setFiles({ name: 'budget.xlsx', mimeType: XLSX_TYPE, buffer: edited })
    const preview = page.getByTestId('import-dialog')
    await preview.getByTestId('import-changes').waitFor()
    expect(await dialogHasFocus(page, 'import-dialog')).toBe(true)
    await expectAccessible(page, 'the import preview dialog')
    await page.keyboard.press('Escape')
    await expect.poll(() => preview.count()).toBe(0)

    await page.getByRole('button', { name: 'Åtgärder för bladet Budget' }).click()
    await page.getByRole('menu', { name: 'Åtgärder för bladet Budget' }).waitFor()
    await expectAccessible(page, 'the sheet tab menu')
    await page.getByRole('menuitem', { name: 'Byt namn' }).click()
    await page.getByRole('textbox', { name: 'Bladets namn' }).waitFor()
    await expectAccessible(page, 'renaming a sheet tab')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Alla blad' }).click()
    await page.getByRole('menu', { name: 'Alla blad' }).waitFor()
    await expectAccessible(page, 'the list of all sheets')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Åtgärder för bladet Budget' }).click()
    await page.getByRole('menuitem', { name: 'Ta bort' }).click()
    await page.getByRole('alertdialog').waitFor()
    await expectAccessible(page, 'the confirmation before deleting a sheet')
    await page.keyboard.press('Escape')

    await page.getByRole('button', { name: 'Verksamhetsområden', exact: true }).click()
    const chart = page.getByTestId('chart').first()
    await expect.poll(() => chart.locator('.sp-chart-canvas svg path').count()).toBeGreaterThan(0)
    await chart.getByText('Visa data').click()
    await chart.getByTestId('chart-data').waitFor({ state: 'visible' })
    await expectAccessible(page, 'the chart strip with its data shown')
    await screenshot(page, 'accessibility-charts-1280')
    await page.context().close()
  })

  it('is usable by keyboard alone: sign in, menus, Versioner and Esc, arrows, typing, a comment, another sheet, an export', async () => {
    const page = await openAt1280(env.browser, env.server.url)
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('username')
    await page.keyboard.type('ekonom')
    await page.keyboard.press('Tab')
    await page.keyboard.type('samplan2024')
    await page.keyboard.press('Enter')
    await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })

    // F10 reaches the menus; Tab from there enters the grid on its first cell.
    await page.keyboard.press('F10')
    expect(await focusedName(page)).toBe('Arkiv')
    await page.keyboard.press('Tab')
    expect(await focusedWidget(page)).toBe('Kalkylblad')
    await expect.poll(() => address(page)).toBe('A1')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => address(page)).toBe('B2')

    // Arkiv > Versioner by keys; the dialog takes the focus, Tab stays inside it, Esc gives the focus back to the grid.
    await page.keyboard.press('F10')
    await page.keyboard.press('Enter')
    expect(await focusedName(page)).toBe('Versioner …')
    await page.keyboard.press('Enter')
    await page.getByTestId('versions').waitFor()
    expect(await dialogHasFocus(page, 'versions')).toBe(true)
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab')
      expect(await dialogHasFocus(page, 'versions')).toBe(true)
    }
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('versions').count()).toBe(0)
    expect(await focusedWidget(page)).toBe('Kalkylblad')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => address(page)).toBe('C2')

    // Typing replaces the value; Enter stores it and moves down.
    await page.keyboard.type('21000')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(page, 'C2')).toBe('21 000,0')
    await expect.poll(() => address(page)).toBe('C3')
    await page.keyboard.press('ArrowUp')

    // Shift+F2 (Excel's comment key) puts the keyboard in the side panel's comment box.
    await page.keyboard.press('Shift+F2')
    expect(await focusedName(page)).toBe('Skriv en kommentar …')
    await page.keyboard.type('Ny budget enligt KF')
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('Kommentera')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('thread').textContent()).toContain('Ny budget enligt KF')
    await expect.poll(() => address(page)).toBe('C2')

    // On to the sheet tabs; the arrows move between them and Enter opens one.
    await tabTo(page, '.sp-tab-active')
    expect(await focusedName(page)).toBe('Budget')
    await page.keyboard.press('ArrowRight')
    expect(await focusedName(page)).toBe('Verksamhetsområden')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.sp-tab-active').textContent()).toBe('Verksamhetsområden')

    // Exportera is the last menu: ArrowLeft from Arkiv wraps to it.
    await page.keyboard.press('F10')
    await page.keyboard.press('ArrowLeft')
    expect(await focusedName(page)).toBe('Exportera')
    await page.keyboard.press('Enter')
    await page.keyboard.press('ArrowDown')
    expect(await focusedName(page)).toBe('Excel (xlsx)')
    const downloading = page.waitForEvent('download')
    await page.keyboard.press('Enter')
    expect((await downloading).suggestedFilename()).toMatch(/\.xlsx$/)
    await screenshot(page, 'accessibility-keyboard-1280')
    await page.context().close()
  })

  it('tells a screen reader the selected cell: its address, the value as shown and whether it is locked, in the UI language', async () => {
    const page = await openWorkbookAt1280(env.browser, env.server.url, 'ekonom')
    const region = page.getByTestId('cell-announcement')
    expect(await region.getAttribute('aria-live')).toBe('polite')
    await page.keyboard.press('F10')
    await page.keyboard.press('Tab')
    await expect.poll(() => announced(page)).toBe('A1, Driftsbudget, mnkr, låst')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowRight')
    const b3 = await cellText(page, 'B3')
    expect(b3).toMatch(/^[\d ]+,\d$/)
    await expect.poll(() => announced(page)).toBe(`B3, ${b3}`)
    // The change column (D) is locked for an ekonom.
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    const d3sv = await cellText(page, 'D3')
    await expect.poll(() => announced(page)).toBe(`D3, ${d3sv}, låst`)
    // The hidden cell editor is named after its cell.
    expect(await page.locator('textarea.handsontableInput').getAttribute('aria-label')).toBe('Cell D3')

    // In English when the user chose English.
    await chooseMenu(page, 'Arkiv', 'English')
    await page.locator('.ht_master td[data-cell="A1"]').first().waitFor()
    // A click on D2 and a key down to D3 are announced in English.
    await cellLocator(page, 'D2').click()
    await expect.poll(() => announced(page)).toMatch(/^D2, /)
    await page.keyboard.press('ArrowDown')
    const d3 = await cellText(page, 'D3')
    await expect.poll(() => announced(page)).toBe(`D3, ${d3}, locked`)
    await page.context().close()
  })
})
