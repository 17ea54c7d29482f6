import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cellLocator,
  cellText,
  ensureWebBuild,
  launchBrowser,
  nextPaint,
  openSignedIn,
  screenshot,
  typeInto,
  useServerAndBrowser,
} from './support/browser'
import { menuButton, openVersions, switchLanguage } from './support/menus'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'

/**
 * The grid has handled a refused edit: it says why beside the cell, and two animation frames have
 * passed, so anything the edit would have drawn is on screen.
 */
async function refusalShown(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('edit-refused').isVisible()).toBe(true)
  await nextPaint(page)
}

describe('the grid people work in: presence, undo, rights, safe rendering', () => {
  let server: ServerProcess
  let browser: Browser
  const pages = {} as Record<'ekonom' | 'admin' | 'chef1', Page>

  beforeAll(async () => {
    ensureWebBuild()
    server = await startServerProcess()
    browser = await launchBrowser()
    for (const user of ['ekonom', 'admin', 'chef1'] as const) pages[user] = await openSignedIn(browser, server.url, user)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  const openTab = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click()

  it("shows who is in the workbook and draws a colleague's selected cell", async () => {
    const { ekonom: a, admin: b } = pages
    await expect.poll(() => b.getByTestId('peers').textContent()).toContain('Eva Ekonom')
    await cellLocator(a, 'C3').click()
    await expect.poll(() => cellLocator(b, 'C3').getAttribute('data-peer')).toBe('Eva Ekonom')
    await cellLocator(a, 'B2').click()
    await expect.poll(() => cellLocator(b, 'B2').getAttribute('data-peer')).toBe('Eva Ekonom')
    expect(await cellLocator(b, 'C3').getAttribute('data-peer')).toBeNull()
    await screenshot(b, 'presence-budget')
  })

  it("undoes my edit with Ctrl+Z and leaves a colleague's edit alone", async () => {
    const { ekonom: a, admin: b } = pages
    const originalC2 = await cellText(a, 'C2')
    await typeInto(a, 'C2', '111')
    await expect.poll(() => cellText(b, 'C2')).toBe('111,0')
    await typeInto(b, 'C3', '222')
    await expect.poll(() => cellText(a, 'C3')).toBe('222,0')
    await cellLocator(a, 'D5').click()
    await a.keyboard.press('Control+z')
    await expect.poll(() => cellText(a, 'C2')).toBe(originalC2)
    await expect.poll(() => cellText(b, 'C2')).toBe(originalC2)
    expect(await cellText(a, 'C3')).toBe('222,0')
    expect(await cellText(b, 'C3')).toBe('222,0')
    await a.keyboard.press('Control+y')
    await expect.poll(() => cellText(b, 'C2')).toBe('111,0')
  })

  it('keeps an open editor while colleagues edit, and shows their edit of that cell when it closes', async () => {
    const { ekonom: a, admin: b } = pages
    const editor = a.locator('.handsontableInputHolder textarea')
    await cellLocator(a, 'B4').click()
    await a.keyboard.type('5')
    await expect.poll(() => editor.isVisible()).toBe(true)
    // The colleague writes the cell being edited, then another one: once the later edit shows, the
    // first has reached this grid too (the server relays each client's updates in order).
    await typeInto(b, 'B4', '444')
    await typeInto(b, 'C5', '333')
    await expect.poll(() => cellText(a, 'C5')).toBe('333,0')
    expect(await editor.inputValue()).toBe('5')
    await a.keyboard.press('Escape')
    await expect.poll(() => cellText(a, 'B4')).toBe('444,0')
  })

  it('renders hostile text as text and flags text in a number column', async () => {
    const { ekonom: a, admin: b } = pages
    const hostile = '<img src=x onerror="window.__xss=1">'
    await typeInto(a, 'B3', hostile)
    await expect.poll(() => cellText(b, 'B3')).toBe(hostile)
    expect(await cellLocator(b, 'B3').locator('img').count()).toBe(0)
    expect(await b.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    await expect.poll(() => cellLocator(b, 'B3').getAttribute('class')).toContain('sp-invalid')
    expect(await cellLocator(b, 'B3').getAttribute('title')).toMatch(/tal/i)
  })

  it('pastes tab-separated cells from Excel with Swedish decimals, and Delete clears a cell', async () => {
    const { ekonom: a, admin: b } = pages
    await cellLocator(a, 'B2').click()
    await a.evaluate(() => {
      const data = new DataTransfer()
      data.setData('text/plain', '1 234,5\t2 345,6\r\n3,5\t4\r\n')
      const target = document.activeElement ?? document.body
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await expect.poll(() => cellText(b, 'B2')).toBe('1 234,5')
    expect(await cellText(b, 'C2')).toBe('2 345,6')
    await expect.poll(() => cellText(b, 'B3')).toBe('3,5')
    expect(await cellText(b, 'C3')).toBe('4,0')
    await cellLocator(a, 'B3').click()
    await a.keyboard.press('Delete')
    await expect.poll(() => cellText(b, 'B3')).toBe('')
  })

  it('keeps threaded comments on a cell, with author and time, live for colleagues', async () => {
    const { ekonom: a, admin: b } = pages
    await cellLocator(a, 'D2').click()
    await a.getByTestId('comment-input').fill('Stämmer ökningen mot KF?')
    await a.getByTestId('comment-submit').click()
    await expect.poll(() => cellLocator(b, 'D2').getAttribute('class')).toContain('sp-commented')
    await cellLocator(b, 'D2').click()
    const thread = b.getByTestId('thread')
    await expect.poll(() => thread.textContent()).toContain('Eva Ekonom')
    expect(await thread.textContent()).toContain('Stämmer ökningen mot KF?')
    await b.getByRole('button', { name: 'Svara', exact: true }).first().click()
    await b.getByTestId('comment-input').fill('Ja, 1 189,5 mnkr.')
    await b.getByTestId('comment-submit').click()
    await expect.poll(() => a.getByTestId('thread').textContent()).toContain('Anna Admin')
    expect(await a.getByTestId('thread').textContent()).toContain('Ja, 1 189,5 mnkr.')
    await screenshot(a, 'comments')
  })

  it("shows a cell's change history from the audit trail", async () => {
    const { ekonom: a, admin: b } = pages
    await typeInto(a, 'B5', '101')
    await cellLocator(b, 'B5').click()
    await b.getByRole('tab', { name: 'Historik' }).click()
    const history = b.getByTestId('history')
    await expect.poll(() => history.textContent(), { timeout: 10_000 }).toContain('Eva Ekonom')
    // In the column's format, as the grid shows it (domain SPEC V8).
    expect((await history.textContent())?.replace(/\u00a0/g, ' ')).toMatch(/100,0 → 101,0/)
    await b.getByRole('tab', { name: 'Kommentarer' }).click()
  })

  it('lets an områdeschef change only their own RSU-platser, and recomputes the pot per place live', async () => {
    const { ekonom: a, chef1: chef } = pages
    // Budget cells are read-only for an områdeschef: typing changes nothing.
    const before = await cellText(chef, 'C2')
    await typeInto(chef, 'C2', '5')
    await refusalShown(chef)
    expect(await cellText(chef, 'C2')).toBe(before)
    await expect.poll(() => cellLocator(chef, 'C2').getAttribute('class')).toContain('sp-locked')

    await openTab(a, 'RSU')
    await openTab(chef, 'RSU')
    await cellLocator(chef, 'F2').waitFor()
    await expect.poll(() => cellLocator(chef, 'F2').getAttribute('class')).toContain('sp-editable-own')
    await expect.poll(() => cellLocator(chef, 'F3').getAttribute('class')).toContain('sp-locked')
    await expect.poll(() => cellLocator(chef, 'B2').getAttribute('class')).toContain('sp-locked')

    // The ekonom enters elever per band for Område 1; the chef sets the places.
    await typeInto(a, 'B2', '3000')
    await typeInto(a, 'C2', '2500')
    await typeInto(a, 'D2', '2000')
    await typeInto(chef, 'F2', '10')
    // Pot = 3000*60 + 2500*349 + 2000*469 = 1 990 500 kr; per place over 10 places.
    const pot = 3000 * 60 + 2500 * 349 + 2000 * 469
    await expect.poll(() => cellText(chef, 'E2')).toBe(pot.toLocaleString('sv-SE').replace(/\u00a0/g, ' '))
    await expect.poll(() => cellText(a, 'G2')).toBe((pot / 10).toLocaleString('sv-SE').replace(/\u00a0/g, ' '))
    // Back up from F3 with the keyboard (Enter moved down), then type over the value, as in Excel.
    await expect.poll(() => chef.getByTestId('address').textContent()).toBe('F3')
    await chef.keyboard.press('ArrowUp')
    await expect.poll(() => chef.getByTestId('address').textContent()).toBe('F2')
    await chef.keyboard.type('20')
    await chef.keyboard.press('Enter')
    await expect.poll(() => cellText(a, 'G2')).toBe((pot / 20).toLocaleString('sv-SE').replace(/\u00a0/g, ' '))
    // Område 2's places stay out of reach: refused here, and absent for the colleague once the chef's
    // next (allowed) edit has reached them.
    await typeInto(chef, 'F3', '7')
    await refusalShown(chef)
    expect(await cellText(chef, 'F3')).toBe('')
    await typeInto(chef, 'F2', '25')
    await expect.poll(() => cellText(a, 'G2')).toBe((pot / 25).toLocaleString('sv-SE').replace(/\u00a0/g, ' '))
    expect(await cellText(a, 'F3')).toBe('')
    await screenshot(chef, 'rsu-omradeschef')
    await openTab(a, 'Indikatorer')
    await screenshot(a, 'indikatorer')
  })
  it('inserts and deletes rows from the context menu; formulas keep their cells', async () => {
    const { ekonom: a, admin: b } = pages
    await openTab(a, 'Budget')
    await openTab(b, 'Budget')
    await expect.poll(() => cellText(b, 'A3')).toBe('Intäkter')
    const netto = await cellText(b, 'C4')
    // Anna's selection is kept by stable ids: it moves with its cell when a row is inserted above.
    await cellLocator(b, 'C4').click()
    await expect.poll(() => cellLocator(a, 'C4').getAttribute('data-peer')).toBe('Anna Admin')
    await cellLocator(a, 'B3').click({ button: 'right' })
    await a.getByText('Infoga rad ovanför', { exact: true }).click()
    await expect.poll(() => cellText(b, 'A4')).toBe('Intäkter')
    // My own selection follows its cell too.
    await expect.poll(() => b.getByTestId('address').textContent()).toBe('C5')
    await expect.poll(() => cellLocator(a, 'C5').getAttribute('data-peer')).toBe('Anna Admin')
    expect(await cellLocator(a, 'C4').getAttribute('data-peer')).toBeNull()
    expect(await cellText(b, 'A3')).toBe('')
    await expect.poll(() => cellText(b, 'C5')).toBe(netto)
    await cellLocator(b, 'C5').click()
    await expect.poll(() => b.getByTestId('formula-bar').inputValue()).toBe('=C2-C4')
    await cellLocator(a, 'B3').click({ button: 'right' })
    await a.getByText('Ta bort rader', { exact: true }).click()
    await expect.poll(() => cellText(b, 'A3')).toBe('Intäkter')
    await cellLocator(b, 'C4').click()
    await expect.poll(() => b.getByTestId('formula-bar').inputValue()).toBe('=C2-C3')
  })
  it('switches UI, number formats and formulas to English as a setting', async () => {
    const { ekonom: a } = pages
    await switchLanguage(a, 'en')
    await expect.poll(() => menuButton(a, 'File').count()).toBe(1)
    await expect.poll(() => cellText(a, 'B2')).toBe('1,234.5')
    await openTab(a, 'RSU')
    await cellLocator(a, 'B6').click()
    await expect.poll(() => a.getByTestId('formula-bar').inputValue()).toBe('=SUM(B2:B5)')
    await switchLanguage(a, 'sv-SE')
    await expect.poll(() => menuButton(a, 'Arkiv').count()).toBe(1)
    await openTab(a, 'RSU')
    await cellLocator(a, 'B6').click()
    await expect.poll(() => a.getByTestId('formula-bar').inputValue()).toBe('=SUMMA(B2:B5)')
  })
})

describe('versions and the workflow lock in the web app', () => {
  const env = useServerAndBrowser()

  it('saves a version, compares it with now, and locks the workbook when it is decided', async () => {
    const admin = await openSignedIn(env.browser, env.server.url, 'admin')
    const ekonom = await openSignedIn(env.browser, env.server.url, 'ekonom')

    await openVersions(admin)
    const dialog = admin.getByTestId('versions')
    await dialog.getByRole('textbox').fill('Förvaltningens förslag')
    await dialog.getByRole('button', { name: 'Spara version' }).click()
    await expect.poll(() => dialog.textContent()).toContain('Förvaltningens förslag')

    await cellLocator(ekonom, 'C5').click()
    await ekonom.keyboard.type('150')
    await ekonom.keyboard.press('Enter')
    await expect.poll(() => cellText(admin, 'C5')).toBe('150,0')
    await dialog.getByRole('button', { name: 'Jämför med nu' }).click()
    await expect.poll(() => admin.getByTestId('diff').textContent()).toContain('Budget!C5')
    expect(await admin.getByTestId('diff').textContent()).toMatch(/100,0\s*→\s*150,0/)
    await screenshot(admin, 'versions')

    await dialog.getByRole('button', { name: 'Skicka in' }).click()
    await dialog.getByRole('button', { name: 'Markera som beslutad' }).click()
    // Beslutad is final: it asks first (test/workflow-status.test.ts covers the confirmation).
    await admin.getByRole('alertdialog').getByRole('button', { name: 'Markera som beslutad' }).click()
    await expect.poll(() => ekonom.getByTestId('status-badge').textContent()).toBe('Beslutad – skrivskyddad')
    await expect.poll(() => cellLocator(ekonom, 'C2').getAttribute('class')).toContain('sp-locked')
    const before = await cellText(ekonom, 'C2')
    await cellLocator(ekonom, 'C2').click()
    await ekonom.keyboard.type('1')
    await ekonom.keyboard.press('Enter')
    await refusalShown(ekonom)
    expect(await cellText(ekonom, 'C2')).toBe(before)
    // Nothing may be written in a beslutad workbook, so the barrier is the ekonom's presence: once their
    // selection of another cell shows for the admin, anything sent before it would have too.
    await cellLocator(ekonom, 'C3').click()
    await expect.poll(() => cellLocator(admin, 'C3').getAttribute('data-peer')).toBe('Eva Ekonom')
    expect(await cellText(admin, 'C2')).toBe(before)
  })
})
