import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { cellLocator, cellText, findCell, openSignedIn, screenshot, selectCell, useServerAndBrowser } from './support/browser'
import { switchLanguage } from './support/menus'

/**
 * Formulas as a person moves them around: copy, cut and paste with the keyboard, the
 * fill handle dragged with the mouse, Ctrl+D and Ctrl+R (domain SPEC F11, F12); a formula that
 * cannot be read refused at entry (F13); errors named as in Swedish Excel and explained on hover
 * (formulas SPEC FD1-FD3); a total whose range holds text marked with a warning (V7).
 */

/** The row number of an A1 address. */
const rowOf = (a1: string) => Number(/\d+$/.exec(a1)?.[0])
const address = (page: Page) => page.getByTestId('address').textContent()
const formulaBar = (page: Page) => page.getByTestId('formula-bar').inputValue()
const editor = (page: Page) => page.locator('.handsontableInputHolder textarea')
const editorOpen = (page: Page) =>
  page.evaluate(() => {
    const holder = document.querySelector('.handsontableInputHolder')
    return !!holder && !holder.classList.contains('ht_editor_hidden')
  })

/** The cells drawn as selected (Handsontable's `area` class), e.g. ['B4', 'B5']. */
const selectedCells = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.ht_master td.area')].map((td) => td.dataset.cell).sort())

/** Selects `from:to` in one column or row as a person does: click, Shift+click, and see it selected. */
async function selectRange(page: Page, from: string, to: string, cells: string[]): Promise<void> {
  await selectCell(page, from)
  await cellLocator(page, to).click({ modifiers: ['Shift'] })
  await expect.poll(() => selectedCells(page)).toEqual([...cells].sort())
}

async function enter(page: Page, cell: string, text: string): Promise<void> {
  await selectCell(page, cell)
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
  await expect.poll(() => address(page)).not.toBe(cell)
}

/** What a cell holds, read from the formula bar after selecting it. */
async function formulaOf(page: Page, cell: string): Promise<string> {
  await selectCell(page, cell)
  return formulaBar(page)
}

async function openTab(page: Page, name: string, firstLabel: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click()
  await expect.poll(() => cellText(page, 'A2')).toBe(firstLabel)
}

/** The next copy or cut event's clipboard contents, as the page wrote them. */
async function watchClipboardWrites(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __written?: Record<string, string> }
    const keep = (e: ClipboardEvent) => {
      const data = e.clipboardData
      if (!data) return
      w.__written = Object.fromEntries([...data.types].map((t) => [t, data.getData(t)]))
    }
    window.addEventListener('copy', keep)
    window.addEventListener('cut', keep)
  })
}
const lastWritten = (page: Page) => page.evaluate(() => (window as unknown as { __written?: Record<string, string> }).__written)

describe('formulas in the grid', () => {
  const env = useServerAndBrowser()
  let page: Page
  let admin: Page

  beforeAll(async () => {
    page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    admin = await openSignedIn(env.browser, env.server.url, 'admin')
    await watchClipboardWrites(page)
  })

  it('[F11][F12] Ctrl+C and Ctrl+V move a total to the next column, and the clipboard holds what the cells show', async () => {
    await enter(page, 'B5', '=SUMMA(B2:B4)')
    await expect.poll(() => cellText(page, 'B5')).toBe('38 989,2')
    await selectCell(page, 'B5')
    await page.keyboard.press('Control+c')
    await expect.poll(() => lastWritten(page)).toBeDefined()
    const written = (await lastWritten(page))!
    // Excel gets the shown value as text and the number in the HTML; Samplan gets the formula.
    expect(written['text/plain']?.replace(/\u00a0/g, ' ')).toBe('38 989,2')
    expect(written['text/html']).toContain('x:num="38989.2"')
    expect(JSON.parse(written['application/x-samplan-cells+json']!)).toMatchObject({ format: 'samplan-cells', cells: [['=SUM(B2:B4)']] })

    await selectCell(page, 'C5')
    await page.keyboard.press('Control+v')
    await expect.poll(() => formulaOf(page, 'C5')).toBe('=SUMMA(C2:C4)')
    // The value follows once the engine has answered the new formula.
    await expect.poll(() => cellText(page, 'C5')).toBe('41 368,2')
    await screenshot(page, 'formula-copied-next-column')
  })

  it('[F11] a colleague pasting in their own window gets the formula too, moved to where they paste', async () => {
    // The copy is made in Eva's window; Anna pastes the clipboard's HTML (another tab, another browser).
    await selectCell(page, 'B5')
    await page.keyboard.press('Control+c')
    await expect.poll(() => lastWritten(page)).toBeDefined()
    const html = (await lastWritten(page))!['text/html']!
    await selectCell(admin, 'D5')
    await admin.evaluate((text) => {
      const data = new DataTransfer()
      data.setData('text/plain', '38 989,2')
      data.setData('text/html', text)
      const target = document.activeElement ?? document.body
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, html)
    // D is locked for everyone but an admin: Anna may write it.
    await expect.poll(() => formulaOf(admin, 'D5')).toBe('=SUMMA(D2:D4)')
  })

  it('[F11] a reference moved off the sheet becomes #REFERENS!, explained on hover', async () => {
    // D2 is =C2-B2; two columns left, B2 would need the column left of A.
    await selectCell(page, 'D2')
    await page.keyboard.press('Control+c')
    await selectCell(page, 'B2')
    await page.keyboard.press('Control+v')
    await expect.poll(() => formulaOf(page, 'B2')).toBe('=A2-#REFERENS!')
    await expect.poll(() => cellText(page, 'B2')).toBe('#REFERENS!')
    await cellLocator(page, 'B2').hover()
    expect(await cellLocator(page, 'B2').getAttribute('title')).toMatch(
      /^#REFERENS!: Ogiltig referens: formeln pekar på en cell, rad, kolumn eller ett blad som har tagits bort/,
    )
    await page.keyboard.press('Control+z')
    await expect.poll(() => cellText(page, 'B2')).toBe('19 494,6')
  })

  it('[F11] the fill handle dragged right moves relative references and keeps $ parts', async () => {
    await openTab(page, 'Verksamhetsområden', 'Förskola')
    // Rows by label: the seed may gain rows (a Kontroll row sits between the total and Investeringar).
    const sum = rowOf(await findCell(page, 'Summa drift netto', 'Utfall 2022'))
    const inv = rowOf(await findCell(page, 'Investeringar', 'Utfall 2022'))
    await enter(page, `B${inv}`, `=B${sum}-$B$${sum}`)
    await selectCell(page, `B${inv}`)
    const handle = page.locator('.wtBorder.current.corner').filter({ visible: true }).first()
    const box = (await handle.boundingBox())!
    const target = (await cellLocator(page, `E${inv}`).boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 12 })
    await page.mouse.up()
    await expect.poll(() => formulaOf(page, `C${inv}`)).toBe(`=C${sum}-$B$${sum}`)
    expect(await formulaOf(page, `D${inv}`)).toBe(`=D${sum}-$B$${sum}`)
    expect(await formulaOf(page, `E${inv}`)).toBe(`=E${sum}-$B$${sum}`)
    expect(await cellText(page, `C${inv}`)).toBe('-1 766,2')
    await screenshot(page, 'formula-fill-handle')
    // The whole fill is one undo step.
    await page.keyboard.press('Control+z')
    await expect.poll(() => cellText(page, `C${inv}`)).toBe('100,0')
    expect([await cellText(page, `D${inv}`), await cellText(page, `E${inv}`)]).toEqual(['104,6', '100,0'])
  })

  it('[F11] Ctrl+D fills down and Ctrl+R fills right, moving the formulas', async () => {
    await openTab(page, 'Budget', 'Kostnader')
    // B4 (Netto) is =B2-B3; B5 and C5 hold the totals of the first test.
    await selectRange(page, 'B4', 'B5', ['B4', 'B5'])
    await page.keyboard.press('Control+d')
    await expect.poll(() => formulaOf(page, 'B5')).toBe('=B3-B4')
    await selectRange(page, 'B5', 'C5', ['B5', 'C5'])
    await page.keyboard.press('Control+r')
    await expect.poll(() => formulaOf(page, 'C5')).toBe('=C3-C4')
    await expect.poll(() => cellText(page, 'C5')).toBe('-20 090,1')
    await page.keyboard.press('Control+z')
    await expect.poll(() => formulaOf(page, 'C5')).toBe('=SUMMA(C2:C4)')
  })

  it('[F11] Ctrl+Enter puts a typed formula into every selected cell, moved to each', async () => {
    await selectRange(page, 'B5', 'C5', ['B5', 'C5'])
    await page.keyboard.type('=B4*2')
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => formulaOf(page, 'C5')).toBe('=C4*2')
    expect(await formulaOf(page, 'B5')).toBe('=B4*2')
    await expect.poll(() => cellText(page, 'C5')).toBe('40 774,2')
    await enter(page, 'C5', '=SUMMA(C2:C4)')
  })

  it('[F12] a cut formula pasted on another sheet keeps pointing at its own sheet', async () => {
    await selectCell(page, 'C5')
    await page.keyboard.press('Control+x')
    await expect.poll(() => cellText(page, 'C5')).toBe('')
    await openTab(page, 'Verksamhetsområden', 'Förskola')
    const inv = rowOf(await findCell(page, 'Investeringar', 'Utfall 2022'))
    await selectCell(page, `E${inv}`)
    await page.keyboard.press('Control+v')
    await expect.poll(() => formulaOf(page, `E${inv}`)).toBe('=SUMMA(Budget!C2:C4)')
    await expect.poll(() => cellText(page, `E${inv}`)).toBe('41 368,2')
  })

  it('still pastes cells from Excel with Swedish decimals', async () => {
    const inv = rowOf(await findCell(page, 'Investeringar', 'Utfall 2022'))
    await selectCell(page, `D${inv}`)
    await page.evaluate(() => {
      const data = new DataTransfer()
      data.setData('text/plain', '1 234,5\t2,5\r\n')
      const target = document.activeElement ?? document.body
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await expect.poll(() => cellText(page, `D${inv}`)).toBe('1 234,5')
    expect(await cellText(page, `E${inv}`)).toBe('2,5')
  })

  it('[F13] refuses a formula that does not parse, in Swedish, and keeps the editor open with the text', async () => {
    await openTab(page, 'Budget', 'Kostnader')
    const before = await cellText(page, 'C5')
    await selectCell(page, 'C5')
    await page.keyboard.type('=SUMMA(B2:')
    await page.keyboard.press('Enter')
    const notice = page.getByTestId('formula-notice')
    await expect.poll(() => notice.textContent()).toContain('Formeln kan inte tolkas: något saknas efter ":".')
    expect(await editorOpen(page)).toBe(true)
    expect(await editor(page).inputValue()).toBe('=SUMMA(B2:')
    expect(await address(page)).toBe('C5')
    expect(await cellText(page, 'C5')).toBe(before)
    await screenshot(page, 'formula-refused-at-entry')
    // Fixed in place, it is stored.
    await page.keyboard.type('B4)')
    await page.keyboard.press('Enter')
    await expect.poll(() => formulaOf(page, 'C5')).toBe('=SUMMA(B2:B4)')
    expect(await notice.isVisible()).toBe(false)
    // Esc leaves a refused formula without storing it.
    await selectCell(page, 'C5')
    await page.keyboard.type('=1+')
    await page.keyboard.press('Enter')
    await expect.poll(() => notice.textContent()).toContain('något saknas efter "+"')
    await page.keyboard.press('Escape')
    await expect.poll(() => notice.isVisible()).toBe(false)
    await expect.poll(() => editorOpen(page)).toBe(false)
    expect(await formulaOf(page, 'C5')).toBe('=SUMMA(B2:B4)')
  })

  it('[F13] the formula bar refuses it too', async () => {
    await selectCell(page, 'C5')
    const bar = page.getByTestId('formula-bar')
    await bar.click()
    await bar.fill('=SUMMA(B2:B4')
    await bar.press('Enter')
    await expect
      .poll(() => page.getByTestId('formula-bar-error').textContent())
      .toBe('Formeln kan inte tolkas: en avslutande parentes ) saknas.')
    expect(await bar.inputValue()).toBe('=SUMMA(B2:B4')
    await bar.press('End')
    await bar.press(')')
    await bar.press('Enter')
    await expect.poll(() => page.getByTestId('formula-bar-error').count()).toBe(0)
    expect(await formulaOf(page, 'C5')).toBe('=SUMMA(B2:B4)')
  })

  it("[FD1][FD2][FD3] errors show with Excel's Swedish names, cycles included, and say why on hover", async () => {
    await enter(page, 'B5', '=1/0')
    await expect.poll(() => cellText(page, 'B5')).toBe('#DIVISION/0!')
    await cellLocator(page, 'B5').hover()
    expect(await cellLocator(page, 'B5').getAttribute('title')).toBe('#DIVISION/0!: Division med noll: nämnaren är 0 eller en tom cell.')
    await enter(page, 'B5', '=B5+1')
    await expect.poll(() => cellText(page, 'B5')).toBe('#CYKEL!')
    expect(await cellLocator(page, 'B5').getAttribute('title')).toMatch(/^#CYKEL!: Cirkelreferens: formeln beror på sitt eget resultat/)
    await enter(page, 'C5', '=FINNSINTE(1)')
    await expect.poll(() => cellText(page, 'C5')).toBe('#NAMN?')
    expect(await cellLocator(page, 'C5').getAttribute('title')).toContain('Funktionen FINNSINTE finns inte.')
    await selectCell(page, 'B5')
    await expect.poll(() => page.getByTestId('cell-hint').textContent()).toContain('#CYKEL!: Cirkelreferens')
    await screenshot(page, 'formula-error-names')
    // In English: Excel's English names and explanations.
    await switchLanguage(page, 'en')
    await expect.poll(() => cellText(page, 'B5')).toBe('#CYCLE!')
    expect(await cellText(page, 'C5')).toBe('#NAME?')
    expect(await cellLocator(page, 'B5').getAttribute('title')).toMatch(
      /^#CYCLE!: Circular reference: the formula depends on its own result/,
    )
    await switchLanguage(page, 'sv-SE')
    await expect.poll(() => cellText(page, 'B5')).toBe('#CYKEL!')
  })

  it('[V7] a total over a range with text carries a visible warning naming the cell', async () => {
    await openTab(page, 'Särskilt stöd', 'Tilläggsbelopp och verksamhetsstöd')
    await expect.poll(() => cellText(page, 'B7')).toBe('500,0')
    expect(await cellLocator(page, 'B7').getAttribute('class')).not.toContain('sp-sum-text')
    await enter(page, 'B2', 'nittiofyra')
    await expect.poll(() => cellText(page, 'B7')).toBe('406,0')
    await expect.poll(() => cellLocator(page, 'B7').getAttribute('class')).toContain('sp-sum-text')
    expect(await cellLocator(page, 'B7').getAttribute('title')).toBe(
      'Text räknas inte med i SUMMA: B2 ("nittiofyra") ingår inte i resultatet. Skriv ett tal eller töm cellen.',
    )
    // Selected, the total says it beside the cell too.
    await selectCell(page, 'B7')
    await expect.poll(() => page.getByTestId('cell-hint').textContent()).toContain('Text räknas inte med i SUMMA: B2 ("nittiofyra")')
    await screenshot(page, 'sum-text-warning')
    await enter(page, 'B2', '94')
    await expect.poll(() => cellText(page, 'B7')).toBe('500,0')
    expect(await cellLocator(page, 'B7').getAttribute('class')).not.toContain('sp-sum-text')
  })
})
