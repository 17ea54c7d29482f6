import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { cellLocator, cellText, openSignedIn, screenshot, selectCell, typeInto, useServerAndBrowser } from './support/browser'

/**
 * Formula help as a person uses it in Chromium (formulas SPEC FH1-FH3): function names offered
 * while typing in the cell editor and the formula bar, with a Swedish description; the signature
 * with the current argument bold; references written by clicking and dragging over cells; F4
 * cycling `$`.
 */

const address = (page: Page) => page.getByTestId('address').textContent()
const editor = (page: Page) => page.locator('.handsontableInputHolder textarea')
const formulaBar = (page: Page) => page.getByTestId('formula-bar')
/** The list and hint of the field that has the focus (the editor's and the bar's are separate). */
const visibleHelp = (page: Page) => page.locator('.sp-formula-help:not([hidden])')
const suggestions = (page: Page) => visibleHelp(page).locator('[role="option"]')
const hint = (page: Page) => visibleHelp(page).getByTestId('formula-hint')
const activeTab = (page: Page) => page.locator('.sp-sheetbar-tabs .sp-tab-active').textContent()
/** A figure as the grid shows it (`2 709,1`) as a number. */
const asNumber = (shown: string) => Number(shown.replace(/\s/g, '').replace(',', '.').replace('\u2212', '-'))

/** Presses on one cell and releases on another, moving the mouse in steps as a hand does. */
async function drag(page: Page, from: string, to: string): Promise<void> {
  const start = await cellLocator(page, from).boundingBox()
  const end = await cellLocator(page, to).boundingBox()
  if (!start || !end) throw new Error(`cells ${from} ${to} not shown`)
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2)
  await page.mouse.down()
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 8 })
  await page.mouse.up()
}

describe('formula help in the browser', () => {
  const env = useServerAndBrowser()
  let page: Page

  beforeAll(async () => {
    page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('a new sheet takes the figures 1-4 in B2:B5', async () => {
    await page.getByRole('button', { name: 'Lägg till blad' }).click()
    await expect.poll(() => activeTab(page)).toBe('Blad 1')
    for (const [cell, value] of [
      ['B2', '1'],
      ['B3', '2'],
      ['B4', '3'],
      ['B5', '4'],
    ] as const) {
      await typeInto(page, cell, value)
      await expect.poll(() => cellText(page, cell)).toBe(value)
    }
  })

  it('[FH3] offers SUMMA with its description for `=SU`, Tab writes `SUMMA(`, a drag over B2:B5 writes the range', async () => {
    await selectCell(page, 'B7')
    await page.keyboard.type('=SU')
    await expect.poll(() => suggestions(page).first().getAttribute('data-function')).toBe('SUMMA')
    expect(await suggestions(page).first().textContent()).toContain('Summerar talen.')
    await screenshot(page, 'formula-help')

    await page.keyboard.press('Tab')
    await expect.poll(() => editor(page).inputValue()).toBe('=SUMMA(')
    await expect.poll(() => hint(page).textContent()).toBe('SUMMA(tal1; [tal2]…)')
    expect(await hint(page).locator('strong').textContent()).toBe('tal1')

    await drag(page, 'B2', 'B5')
    await expect.poll(() => editor(page).inputValue()).toBe('=SUMMA(B2:B5')
    // The editor stayed open on B7 and takes the rest of the formula.
    expect(await address(page)).toBe('B7')
    await page.keyboard.type(')')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(page, 'B7')).toBe('10')
  })

  it('a click replaces the reference it just wrote; the argument hint follows the separator', async () => {
    await selectCell(page, 'B8')
    await page.keyboard.type('=SKOLPENGANDEL(')
    await expect.poll(() => hint(page).locator('strong').textContent()).toBe('skolpeng')
    await cellLocator(page, 'B3').click()
    await cellLocator(page, 'B5').click()
    await expect.poll(() => editor(page).inputValue()).toBe('=SKOLPENGANDEL(B5')
    await page.keyboard.type(';')
    await expect.poll(() => hint(page).textContent()).toBe('SKOLPENGANDEL(skolpeng; schablon)')
    expect(await hint(page).locator('strong').textContent()).toBe('schablon')
    await cellLocator(page, 'B4').click()
    await page.keyboard.type(')')
    await expect.poll(() => editor(page).inputValue()).toBe('=SKOLPENGANDEL(B5;B4)')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(page, 'B8')).toMatch(/^1,33/)
  })

  it('F4 cycles `$` on the reference at the caret: A1, $A$1, A$1, $A1, A1', async () => {
    await selectCell(page, 'C2')
    await page.keyboard.type('=B3')
    const seen: string[] = []
    for (let i = 0; i < 4; i++) {
      const before = await editor(page).inputValue()
      await page.keyboard.press('F4')
      await expect.poll(() => editor(page).inputValue()).not.toBe(before)
      seen.push(await editor(page).inputValue())
    }
    expect(seen).toEqual(['=$B$3', '=B$3', '=$B3', '=B3'])
    await page.keyboard.press('F4')
    await page.keyboard.type('*2')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(page, 'C2')).toBe('4')
    await selectCell(page, 'C2')
    expect(await formulaBar(page).inputValue()).toBe('=$B$3*2')
  })

  it('[FH3] the formula bar offers names, takes a dragged range and F4, and Enter stores the formula', async () => {
    await selectCell(page, 'C3')
    await formulaBar(page).click()
    await page.keyboard.type('=MEDE')
    await expect.poll(() => suggestions(page).first().getAttribute('data-function')).toBe('MEDEL')
    expect(await suggestions(page).first().textContent()).toContain('Medelvärdet av talen.')
    await page.keyboard.press('Enter')
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=MEDEL(')
    await drag(page, 'B2', 'B5')
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=MEDEL(B2:B5')
    // The click went to the formula: C3 is still the cell being edited.
    expect(await address(page)).toBe('C3')
    await page.keyboard.press('F4')
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=MEDEL($B$2:$B$5')
    await page.keyboard.type(')')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(page, 'C3')).toBe('2,5')
  })

  it("a cell of another sheet clicked into the formula bar's formula is written with its sheet; Enter goes back", async () => {
    await selectCell(page, 'C5')
    await formulaBar(page).click()
    await page.keyboard.type('=SUMMA(')
    await page.locator('.sp-sheetbar-tabs .sp-tab', { hasText: /^Budget$/ }).click()
    await expect.poll(() => activeTab(page)).toBe('Budget')
    const figure = await cellText(page, 'B2')
    await cellLocator(page, 'B2').click()
    await expect.poll(() => formulaBar(page).inputValue()).toBe('=SUMMA(Budget!B2')
    await page.keyboard.type(')')
    await page.keyboard.press('Enter')
    await expect.poll(() => activeTab(page)).toBe('Blad 1')
    await selectCell(page, 'C5')
    expect(await formulaBar(page).inputValue()).toBe('=SUMMA(Budget!B2)')
    expect(asNumber(await cellText(page, 'C5'))).toBeCloseTo(asNumber(figure), 6)
  })

  it('the help goes with the editor: Esc leaves the cell as it was', async () => {
    await selectCell(page, 'D2')
    await page.keyboard.type('=MAX(')
    await expect.poll(() => hint(page).textContent()).toBe('MAX(tal1; [tal2]…)')
    await page.keyboard.press('Escape')
    await expect.poll(() => visibleHelp(page).count()).toBe(0)
    expect(await cellText(page, 'D2')).toBe('')
  })

  it('a click where no reference may go selects the cell as usual', async () => {
    await selectCell(page, 'C4')
    await page.keyboard.type('=B2')
    await cellLocator(page, 'D6').click()
    await expect.poll(() => address(page)).toBe('D6')
    await expect.poll(() => cellText(page, 'C4')).toBe('1')
  })
})
