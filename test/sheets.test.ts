/**
 * Sheets in the workbench, as a person works them in Chromium (domain SPEC S1-S6, R6): an ekonom
 * adds, renames, fills, copies, drags, deletes and undoes sheets with the mouse and the keyboard;
 * a colleague's page follows every change live; a läsare only lists and switches sheets.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { cellText, findCell, openSignedIn, screenshot, typeInto, useServerAndBrowser } from './support/browser'

/** A number as the grid shows it in sv-SE (`20 684,1`, `-3,0`). */
const num = (text: string) => Number(text.replace(/[\s\u00a0]/g, '').replace(',', '.'))

const tabNames = (page: Page) => page.locator('.sp-sheetbar-tabs .sp-tab').allTextContents()
const tab = (page: Page, name: string) => page.locator('.sp-sheetbar-tabs .sp-tab', { hasText: new RegExp(`^${escapeRegExp(name)}$`) })
const activeTab = (page: Page) => page.locator('.sp-sheetbar-tabs .sp-tab-active').textContent()

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Shows a sheet by clicking its tab, and waits until the grid shows its first label. */
async function openSheet(page: Page, name: string, firstLabel: string): Promise<void> {
  await tab(page, name).click()
  await expect.poll(() => cellText(page, 'A2')).toBe(firstLabel)
}

describe('sheets: add, rename, duplicate, move, delete and undo, live for everyone', () => {
  const env = useServerAndBrowser()
  let a: Page
  let b: Page
  let reader: Page

  beforeAll(async () => {
    a = await openSignedIn(env.browser, env.server.url, 'ekonom')
    b = await openSignedIn(env.browser, env.server.url, 'admin')
    reader = await openSignedIn(env.browser, env.server.url, 'lasare')
    for (const page of [a, b, reader]) await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('[S2][S3] adds "Blad 1" with +, renames it by a double click, and a value typed in it reaches a colleague', async () => {
    const before = await tabNames(a)
    await a.getByRole('button', { name: 'Lägg till blad' }).click()
    await expect.poll(() => activeTab(a)).toBe('Blad 1')
    await expect.poll(() => tabNames(b)).toEqual([...before, 'Blad 1'])

    await tab(a, 'Blad 1').dblclick()
    const editor = a.getByRole('textbox', { name: 'Bladets namn' })
    await expect.poll(() => editor.evaluate((e) => e === document.activeElement)).toBe(true)
    await a.keyboard.type('Prognos 2025')
    await a.keyboard.press('Enter')
    await expect.poll(() => activeTab(a)).toBe('Prognos 2025')
    await expect.poll(() => tabNames(b)).toEqual([...before, 'Prognos 2025'])

    await typeInto(a, 'A2', 'Lokaler')
    await typeInto(a, 'B2', '1234,5')
    await expect.poll(() => cellText(a, 'B2')).toMatch(/^1 ?234,5/)
    await openSheet(b, 'Prognos 2025', 'Lokaler')
    await expect.poll(() => cellText(b, 'B2')).toBe(await cellText(a, 'B2'))
    await screenshot(a, 'sheets-added')
  })

  it('[S1] refuses a taken name and a forbidden character with the reason; Esc keeps the old name', async () => {
    await tab(a, 'Prognos 2025').dblclick()
    const editor = a.getByRole('textbox', { name: 'Bladets namn' })
    await expect.poll(() => editor.evaluate((e) => e === document.activeElement)).toBe(true)
    await a.keyboard.type('budget')
    await a.keyboard.press('Enter')
    const alert = a.locator('.sp-sheetbar-notice')
    await expect.poll(() => alert.textContent()).toContain('Det finns redan ett blad som heter ”budget”.')
    expect(await editor.getAttribute('aria-invalid')).toBe('true')
    await screenshot(a, 'sheets-invalid-name')
    await a.keyboard.press('Control+a')
    await a.keyboard.type('Plan/Prognos')
    await a.keyboard.press('Enter')
    await expect.poll(() => alert.textContent()).toContain('får inte innehålla [ ] : * ? / \\')
    await a.keyboard.press('Escape')
    await expect.poll(() => editor.count()).toBe(0)
    expect(await activeTab(a)).toBe('Prognos 2025')
    expect(await tabNames(b)).toContain('Prognos 2025')
  })

  it('[S5] duplicates Budget from its tab menu; the copy computes its own totals, the source keeps its figures', async () => {
    await openSheet(a, 'Budget', 'Kostnader')
    const netto = await findCell(a, 'Netto KF Budget', 'Budget 2024')
    const kostnader = await findCell(a, 'Kostnader', 'Budget 2024')
    const sourceNetto = await cellText(a, netto)
    const sourceKostnader = num(await cellText(a, kostnader))

    // The menu key opens the tab's menu too; Escape closes it and gives the tab back its focus.
    await tab(a, 'Budget').focus()
    await a.keyboard.press('ContextMenu')
    await expect.poll(() => a.getByRole('menu').count()).toBe(1)
    await a.keyboard.press('Escape')
    await expect.poll(() => a.getByRole('menu').count()).toBe(0)
    expect(await tab(a, 'Budget').evaluate((e) => e === document.activeElement)).toBe(true)

    await tab(a, 'Budget').click({ button: 'right' })
    await a.getByRole('menuitem', { name: 'Duplicera' }).click()
    await expect.poll(() => activeTab(a)).toBe('Budget (2)')
    await expect.poll(() => tabNames(b)).toContain('Budget (2)')
    const names = await tabNames(a)
    expect(names[names.indexOf('Budget') + 1]).toBe('Budget (2)')
    await expect.poll(() => cellText(a, netto)).toBe(sourceNetto)

    await typeInto(a, kostnader, String(sourceKostnader + 100).replace('.', ','))
    await expect.poll(async () => num(await cellText(a, netto))).toBeCloseTo(num(sourceNetto) + 100, 5)
    await openSheet(b, 'Budget (2)', 'Kostnader')
    await expect.poll(() => cellText(b, netto)).toBe(await cellText(a, netto))
    await openSheet(a, 'Budget', 'Kostnader')
    expect(await cellText(a, netto)).toBe(sourceNetto)
    await screenshot(a, 'sheets-duplicated')
  })

  it('[S4] drags a tab to a new place, and the colleague sees the new order', async () => {
    await tab(a, 'Prognos 2025').click()
    const order = await tabNames(a)
    const target = order[order.indexOf('Prognos 2025') - 2] as string
    const from = await tab(a, 'Prognos 2025').boundingBox()
    const to = await tab(a, target).boundingBox()
    if (!from || !to) throw new Error('tabs not on screen')
    await a.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await a.mouse.down()
    await a.mouse.move(to.x + 4, to.y + to.height / 2, { steps: 12 })
    await expect.poll(() => a.locator('.sp-sheettab-drop-before').textContent()).toBe(target)
    await screenshot(a, 'sheets-dragging')
    await a.mouse.up()
    const expected = order.filter((name) => name !== 'Prognos 2025')
    expected.splice(expected.indexOf(target), 0, 'Prognos 2025')
    await expect.poll(() => tabNames(a)).toEqual(expected)
    await expect.poll(() => tabNames(b)).toEqual(expected)
    expect(await activeTab(a)).toBe('Prognos 2025')
  })

  it('[S6] deletes Budget after confirming (Shift+F10 menu), and Ctrl+Z brings it back with formulas elsewhere computing again', async () => {
    await openSheet(b, 'Verksamhetsområden', 'Förskola')
    const kontroll = await findCell(b, 'Kontroll: Summa drift netto mot budgetramen (Budget), ska vara 0', 'Budget 2023 (VP)')
    const kontrollBefore = await cellText(b, kontroll)
    expect(kontrollBefore).not.toContain('#')
    await openSheet(a, 'Budget', 'Kostnader')
    const netto = await findCell(a, 'Netto KF Budget', 'Budget 2024')
    const nettoBefore = await cellText(a, netto)
    const order = await tabNames(a)

    await tab(a, 'Budget').focus()
    await a.keyboard.press('Shift+F10')
    await expect.poll(() => a.getByRole('menu').count()).toBe(1)
    await a.keyboard.press('ArrowDown')
    await a.keyboard.press('ArrowDown')
    await a.keyboard.press('Enter')
    const dialog = a.getByRole('alertdialog')
    await expect.poll(() => dialog.textContent()).toContain('Ta bort bladet Budget?')
    await screenshot(a, 'sheets-confirm-delete')
    await dialog.getByRole('button', { name: 'Ta bort bladet' }).click()

    await expect.poll(() => tabNames(a)).not.toContain('Budget')
    await expect.poll(() => activeTab(a)).toBe(order[order.indexOf('Budget') + 1])
    await expect.poll(() => tabNames(b)).not.toContain('Budget')
    await expect.poll(() => cellText(b, kontroll)).toBe('#REFERENS!')

    await a.keyboard.press('Control+z')
    await expect.poll(() => tabNames(a)).toEqual(order)
    await expect.poll(() => tabNames(b)).toEqual(order)
    await expect.poll(() => cellText(b, kontroll)).toBe(kontrollBefore)
    await openSheet(a, 'Budget', 'Kostnader')
    expect(await cellText(a, netto)).toBe(nettoBefore)
    await screenshot(a, 'sheets-restored')
  })

  it('[R6] a läsare sees no + and no sheet menu, but lists every sheet and jumps to one', async () => {
    await expect.poll(() => tabNames(reader)).toEqual(await tabNames(a))
    expect(await reader.getByRole('button', { name: 'Lägg till blad' }).count()).toBe(0)
    await tab(reader, 'Volym').click({ button: 'right' })
    expect(await reader.getByRole('menu').count()).toBe(0)
    await reader.keyboard.press('Escape')
    await reader.getByRole('button', { name: 'Alla blad' }).click()
    const list = reader.getByRole('menu', { name: 'Alla blad' })
    await expect.poll(() => list.getByRole('menuitemradio').count()).toBe((await tabNames(a)).length)
    await screenshot(reader, 'sheets-list')
    await list.getByRole('menuitemradio', { name: 'Budget (2)', exact: true }).click()
    await expect.poll(() => activeTab(reader)).toBe('Budget (2)')
    expect(await reader.getByRole('button', { name: /^Åtgärder för bladet/ }).count()).toBe(0)
  })

  it('scrolls overflowing tabs and the list brings a hidden one into view', async () => {
    for (let i = 0; i < 8; i++) {
      const count = (await tabNames(a)).length
      await a.getByRole('button', { name: 'Lägg till blad' }).click()
      await expect.poll(async () => (await tabNames(a)).length).toBe(count + 1)
    }
    const scroller = a.locator('.sp-sheetbar-tabs')
    await expect.poll(() => scroller.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true)
    const box = await scroller.boundingBox()
    if (!box) throw new Error('tab bar not on screen')
    await a.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    const scrolledFrom = await scroller.evaluate((e) => e.scrollLeft)
    await a.mouse.wheel(0, scrolledFrom > 0 ? -200 : 200)
    await expect.poll(() => scroller.evaluate((e) => e.scrollLeft)).not.toBe(scrolledFrom)
    const first = (await tabNames(a))[0] as string
    await a.getByRole('button', { name: 'Alla blad' }).click()
    await a.getByRole('menu', { name: 'Alla blad' }).getByRole('menuitemradio', { name: first, exact: true }).click()
    await expect.poll(() => activeTab(a)).toBe(first)
    const visible = () =>
      tab(a, first).evaluate((el) => {
        const box = el.getBoundingClientRect()
        const bar = (el.closest('.sp-sheetbar-tabs') as HTMLElement).getBoundingClientRect()
        return box.left >= bar.left - 1 && box.right <= bar.right + 1
      })
    await expect.poll(visible).toBe(true)
    await screenshot(a, 'sheets-overflow')
  })
})
