import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellLocator, cellText, screenshot, signIn, useServerAndBrowser } from './support/browser'
import { login } from './support/yjs-client'

/**
 * Editing as a person works: click, click again, type, Enter; F2 and double click; refused
 * edits; a colleague's change while the editor is open; invalid input shown as typed.
 */

type Viewport = { width: number; height: number }
const LAPTOP: Viewport = { width: 1280, height: 800 }
const WIDE: Viewport = { width: 1440, height: 900 }

/** A fresh context (own storage and clipboard) at `viewport`, signed in, with the grid shown. */
async function openAs(browser: Browser, baseUrl: string, username: string, viewport: Viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error(`${username} page error:`, err.message))
  await signIn(page, baseUrl, username)
  await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
  return page
}

const openTab = async (page: Page, name: string, firstLabel: string) => {
  await page.getByRole('button', { name, exact: true }).click()
  await expect.poll(() => cellText(page, 'A2')).toBe(firstLabel)
}

/** The cell-address box next to the formula bar. */
const address = (page: Page) => page.getByTestId('address').textContent()
const editor = (page: Page) => page.locator('.handsontableInputHolder textarea')
const editorOpen = (page: Page) =>
  page.evaluate(() => {
    const holder = document.querySelector('.handsontableInputHolder')
    return !!holder && !holder.classList.contains('ht_editor_hidden') && getComputedStyle(holder).opacity !== '0'
  })

/** Commit a value with Enter, as a person does before going on elsewhere. */
async function enterValue(page: Page, cell: string, text: string): Promise<void> {
  await cellLocator(page, cell).click()
  await expect.poll(() => address(page)).toBe(cell)
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
}

describe('typing into a selected cell replaces its value', () => {
  const env = useServerAndBrowser()

  for (const viewport of [LAPTOP, WIDE]) {
    it(`replaces the value after Enter, a click and a second click on the cell (${viewport.width}×${viewport.height})`, async () => {
      const page = await openAs(env.browser, env.server.url, 'ekonom', viewport)
      await openTab(page, 'Volym', 'Fritidshem 6–12 år')
      // Three tries, as in the report (3 of 3 appended): VP 2024 of three rows.
      for (const [row, typed, shown] of [
        ['2', '39194', '39 194'],
        ['3', '15001', '15 001'],
        ['4', '102361', '102 361'],
      ] as const) {
        await enterValue(page, `C${row}`, '40000')
        await expect.poll(() => cellText(page, `C${row}`)).toBe('40 000')
        const cell = `E${row}`
        await cellLocator(page, cell).click()
        await cellLocator(page, cell).click()
        await expect.poll(() => address(page)).toBe(cell)
        await page.keyboard.type(typed)
        expect(await editor(page).inputValue()).toBe(typed)
        await page.keyboard.press('Enter')
        await expect.poll(() => cellText(page, cell)).toBe(shown)
        await cellLocator(page, cell).click()
        await expect.poll(() => page.getByTestId('formula-bar').inputValue()).toBe(typed)
      }
      await screenshot(page, `typing-replaces-${viewport.width}`)
      await page.context().close()
    })
  }

  it('replaces the value after a page screenshot, a remote edit of the cell and a visit to the formula bar', async () => {
    const page = await openAs(env.browser, env.server.url, 'ekonom')
    const colleague = await openAs(env.browser, env.server.url, 'admin')
    await openTab(page, 'Volym', 'Fritidshem 6–12 år')
    await openTab(colleague, 'Volym', 'Fritidshem 6–12 år')

    // A screenshot between the two clicks.
    await enterValue(page, 'B5', '1225')
    await cellLocator(page, 'E5').click()
    await screenshot(page, 'typing-replaces-after-screenshot')
    await cellLocator(page, 'E5').click()
    await page.keyboard.type('1331')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(colleague, 'E5')).toBe('1 331')

    // A colleague changes the selected cell; my next keystrokes replace their value.
    await cellLocator(page, 'E6').click()
    await cellLocator(page, 'E6').click()
    await enterValue(colleague, 'E6', '30200')
    await expect.poll(() => cellText(page, 'E6')).toBe('30 200')
    await page.keyboard.type('30173')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(colleague, 'E6')).toBe('30 173')

    // Focus goes to the formula bar and back to the grid by clicks.
    await cellLocator(page, 'E3').click()
    await page.getByTestId('formula-bar').click()
    await cellLocator(page, 'E3').click()
    await cellLocator(page, 'E3').click()
    await page.keyboard.type('15002')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(colleague, 'E3')).toBe('15 002')
    await page.context().close()
    await colleague.context().close()
  })

  it('edits in place with F2 and with a double click', async () => {
    const page = await openAs(env.browser, env.server.url, 'ekonom')
    await openTab(page, 'Volym', 'Fritidshem 6–12 år')
    await cellLocator(page, 'C5').click()
    await expect.poll(() => address(page)).toBe('C5')
    await page.keyboard.press('F2')
    await expect.poll(() => editorOpen(page)).toBe(true)
    expect(await editor(page).inputValue()).toBe('1251')
    await page.keyboard.type('0')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(page, 'C5')).toBe('12 510')

    await cellLocator(page, 'C6').dblclick()
    await expect.poll(() => editorOpen(page)).toBe(true)
    expect(await editor(page).inputValue()).toBe('31119')
    await page.keyboard.press('End')
    await page.keyboard.type('0')
    await page.keyboard.press('Enter')
    await expect.poll(() => cellText(page, 'C6')).toBe('311 190')
    await page.context().close()
  })
})

describe('a refused edit says why, where the user is looking', () => {
  const env = useServerAndBrowser()
  const notice = (page: Page) => page.getByTestId('edit-refused')
  const noticeText = async (page: Page) => ((await notice(page).textContent()) ?? '').replace(/\u00a0/g, ' ')

  /** The notice is on screen, beside the cell (touching or within a few pixels of it), not over it. */
  async function expectNextToCell(page: Page, cell: string): Promise<void> {
    await expect.poll(() => notice(page).isVisible()).toBe(true)
    const box = (await notice(page).boundingBox())!
    const td = (await cellLocator(page, cell).boundingBox())!
    const viewport = page.viewportSize()!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width)
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
    const gapX = Math.max(0, box.x - (td.x + td.width), td.x - (box.x + box.width))
    const gapY = Math.max(0, box.y - (td.y + td.height), td.y - (box.y + box.height))
    expect(Math.max(gapX, gapY)).toBeLessThanOrEqual(12)
    const overlapX = Math.min(box.x + box.width, td.x + td.width) - Math.max(box.x, td.x)
    const overlapY = Math.min(box.y + box.height, td.y + td.height) - Math.max(box.y, td.y)
    expect(overlapX > 2 && overlapY > 2, 'the notice covers the cell').toBe(false)
  }

  it('tells an områdeschef typing in Budget that only their RSU-platser are theirs, and keeps what was typed', async () => {
    const chef = await openAs(env.browser, env.server.url, 'chef1')
    const before = await cellText(chef, 'C2')
    await cellLocator(chef, 'C2').click()
    await expect.poll(() => address(chef)).toBe('C2')
    await chef.keyboard.type('20700,5')
    await chef.keyboard.press('Enter')
    await expectNextToCell(chef, 'C2')
    expect(await notice(chef).getAttribute('role')).toBe('status')
    const text = await noticeText(chef)
    expect(text).toMatch(/områdeschef/i)
    expect(text).toMatch(/RSU-platser/)
    expect(text).toContain('Område 1')
    expect(text).toContain('20700,5')
    expect(await cellText(chef, 'C2')).toBe(before)
    await screenshot(chef, 'refused-omradeschef-budget')

    // On the RSU sheet, Område 2's places are another område's.
    await openTab(chef, 'RSU', 'Område 1')
    await cellLocator(chef, 'F3').click()
    await expect.poll(() => address(chef)).toBe('F3')
    await chef.keyboard.type('7')
    await expectNextToCell(chef, 'F3')
    expect(await noticeText(chef)).toMatch(/Område 2/)
    expect(await noticeText(chef)).toMatch(/Område 1/)
    expect(await noticeText(chef)).toContain('7')
    // Moving on to a cell they may edit and typing there works, and the notice goes.
    await cellLocator(chef, 'F2').click()
    await chef.keyboard.type('12')
    await chef.keyboard.press('Enter')
    await expect.poll(() => cellText(chef, 'F2')).toBe('12')
    await expect.poll(() => notice(chef).isVisible()).toBe(false)
    await chef.context().close()
  })

  it('tells an ekonom that a column is locked, and a läsare that they read only', async () => {
    const ekonom = await openAs(env.browser, env.server.url, 'ekonom')
    await cellLocator(ekonom, 'D2').click()
    await expect.poll(() => address(ekonom)).toBe('D2')
    await ekonom.keyboard.type('1205')
    await expectNextToCell(ekonom, 'D2')
    expect(await noticeText(ekonom)).toMatch(/låst/i)
    expect(await noticeText(ekonom)).toContain('Ökning (+)/ minskning (-)')
    expect(await noticeText(ekonom)).toContain('1205')
    await screenshot(ekonom, 'refused-locked-column')
    // The typed text can be copied.
    await ekonom.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await notice(ekonom).getByRole('button', { name: 'Kopiera' }).click()
    await expect.poll(() => ekonom.evaluate(() => navigator.clipboard.readText())).toBe('1205')
    await ekonom.context().close()

    const lasare = await openAs(env.browser, env.server.url, 'lasare')
    await cellLocator(lasare, 'C3').click()
    await expect.poll(() => address(lasare)).toBe('C3')
    await lasare.keyboard.type('300')
    await expectNextToCell(lasare, 'C3')
    expect(await noticeText(lasare)).toContain('Du är läsare och har bara läsbehörighet.')
    expect(await noticeText(lasare)).toContain('300')
    // Delete on a refused cell says why too.
    await lasare.keyboard.press('Escape')
    await cellLocator(lasare, 'B3').click()
    await lasare.keyboard.press('Delete')
    await expectNextToCell(lasare, 'B3')
    expect(await noticeText(lasare)).toContain('Du är läsare och har bara läsbehörighet.')
    // So does the read-only formula bar.
    await lasare.getByTestId('formula-bar').click()
    await lasare.keyboard.type('99')
    await expectNextToCell(lasare, 'B3')
    expect(await noticeText(lasare)).toContain('99')
    await lasare.context().close()
  })

  it('tells everyone that a beslutad workbook is read-only', async () => {
    const ekonom = await openAs(env.browser, env.server.url, 'ekonom')
    const token = await login(env.server.url, 'admin')
    for (const status of ['inskickad', 'beslutad']) {
      const res = await fetch(`${env.server.url}/api/workbooks/vp-2024/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ status }),
      })
      expect(res.status).toBe(200)
    }
    await expect.poll(() => cellLocator(ekonom, 'C2').getAttribute('class')).toContain('sp-locked')
    await cellLocator(ekonom, 'C2').click()
    await expect.poll(() => address(ekonom)).toBe('C2')
    await ekonom.keyboard.type('21000')
    await ekonom.keyboard.press('Enter')
    await expectNextToCell(ekonom, 'C2')
    expect(await noticeText(ekonom)).toMatch(/beslutad/i)
    expect(await noticeText(ekonom)).toContain('21000')
    await screenshot(ekonom, 'refused-beslutad')
    await ekonom.context().close()
  })
})

describe("a colleague's change to the cell I am editing", () => {
  const env = useServerAndBrowser()
  const conflict = (page: Page) => page.getByTestId('edit-conflict')
  const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\u00a0/g, ' ')

  it('shows in my open editor before I commit, and I can take theirs', async () => {
    const eva = await openAs(env.browser, env.server.url, 'ekonom')
    const anna = await openAs(env.browser, env.server.url, 'admin', WIDE)
    await cellLocator(eva, 'C5').click()
    await expect.poll(() => address(eva)).toBe('C5')
    await eva.keyboard.type('150')
    await expect.poll(() => editorOpen(eva)).toBe(true)
    await enterValue(anna, 'C5', '175')
    await expect.poll(() => conflict(eva).isVisible()).toBe(true)
    expect(await text(eva, 'edit-conflict')).toContain('Ändrad av Anna Admin: 175')
    // My text is still in the editor.
    expect(await editor(eva).inputValue()).toBe('150')
    await screenshot(eva, 'conflict-notice')
    await conflict(eva).getByRole('button', { name: 'Ta deras' }).click()
    await expect.poll(() => editorOpen(eva)).toBe(false)
    await expect.poll(() => cellText(eva, 'C5')).toBe('175,0')
    await expect.poll(() => conflict(eva).isVisible()).toBe(false)
    expect(await cellText(anna, 'C5')).toBe('175,0')
    await eva.context().close()
    await anna.context().close()
  })

  it('marks an overwrite with who and when on both screens, and history keeps both values', async () => {
    const eva = await openAs(env.browser, env.server.url, 'ekonom')
    const anna = await openAs(env.browser, env.server.url, 'admin')
    await cellLocator(eva, 'B5').click()
    await expect.poll(() => address(eva)).toBe('B5')
    await eva.keyboard.type('150')
    await enterValue(anna, 'B5', '175')
    await expect.poll(() => conflict(eva).isVisible()).toBe(true)
    // Eva keeps hers: Enter commits over Anna's value.
    await eva.keyboard.press('Enter')
    await expect.poll(() => cellText(anna, 'B5')).toBe('150,0')
    await expect.poll(() => conflict(eva).isVisible()).toBe(false)
    const evaMark = await cellLocator(eva, 'B5').getAttribute('data-overwritten')
    expect(evaMark).toContain('Anna Admin')
    expect(evaMark).toContain('175')
    expect(evaMark).toMatch(/\d\d:\d\d/)
    // Anna is told at once, beside the cell: who wrote over her value, and when.
    await expect.poll(() => anna.getByTestId('cell-hint').isVisible()).toBe(true)
    expect(await text(anna, 'cell-hint')).toMatch(/Eva Ekonom skrev över ditt värde 175 kl\. \d\d:\d\d/)
    await expect.poll(() => cellLocator(anna, 'B5').getAttribute('data-overwritten')).toContain('Eva Ekonom')
    const annaMark = (await cellLocator(anna, 'B5').getAttribute('data-overwritten')) ?? ''
    expect(annaMark).toContain('175')
    expect(annaMark).toMatch(/\d\d:\d\d/)
    expect(await cellLocator(anna, 'B5').getAttribute('class')).toContain('sp-overwritten')

    await screenshot(anna, 'conflict-overwritten-told')
    // Eva sees the mark when she selects the cell again.
    await cellLocator(eva, 'B5').click()
    await expect.poll(() => text(eva, 'cell-hint')).toMatch(/Du skrev över 175 från Anna Admin kl\. \d\d:\d\d/)

    await cellLocator(anna, 'B5').click()
    await anna.getByRole('tab', { name: 'Historik' }).click()
    await expect.poll(() => text(anna, 'history'), { timeout: 10_000 }).toContain('175,0 → 150,0')
    expect(await text(anna, 'history')).toContain('100,0 → 175,0')
    await screenshot(anna, 'conflict-overwritten')
    await eva.context().close()
    await anna.context().close()
  })
})

describe('invalid input is shown as typed', () => {
  const env = useServerAndBrowser()

  it('shows 2,5 typed in an integer column as 2,5 with the red outline and a Swedish explanation', async () => {
    const page = await openAs(env.browser, env.server.url, 'ekonom')
    await openTab(page, 'Volym', 'Fritidshem 6–12 år')
    await enterValue(page, 'E3', '2,5')
    await expect.poll(() => cellText(page, 'E3')).toBe('2,5')
    expect(await cellLocator(page, 'E3').getAttribute('class')).toContain('sp-invalid')
    expect(await cellLocator(page, 'E3').getAttribute('title')).toMatch(/heltal/)
    // The explanation shows beside the cell at once, not only on hover.
    await expect.poll(() => page.getByTestId('cell-hint').isVisible()).toBe(true)
    expect(((await page.getByTestId('cell-hint').textContent()) ?? '').replace(/\u00a0/g, ' ')).toContain('Ange ett heltal: 2,5 har decimaler')
    await screenshot(page, 'invalid-integer-as-typed')
    // A valid whole number in the same column keeps the column's format.
    await enterValue(page, 'E4', '102361')
    await expect.poll(() => cellText(page, 'E4')).toBe('102 361')
    // Selecting the flagged cell again shows why.
    await cellLocator(page, 'E3').click()
    await expect.poll(() => page.getByTestId('cell-hint').textContent()).toContain('heltal')
    await page.context().close()
  })
})
