import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { cellLocator, cellText, openSignedIn, screenshot, signIn, typeInto, useServerAndBrowser } from './support/browser'
import { connectClient, login, type NodeClient } from './support/yjs-client'

const WORKBOOK = 'vp-2024'

/** The app bar's box and where its parts sit, to see that it is one line and that nothing moves. */
async function appBar(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('[data-testid="app-bar"]')
    if (!bar) throw new Error('no app bar')
    const box = bar.getBoundingClientRect()
    const left = (selector: string) => bar.querySelector(selector)?.getBoundingClientRect().left ?? -1
    const tops = [...bar.children].map((child) => child.getBoundingClientRect()).filter((r) => r.width > 0)
    return {
      height: box.height,
      // Every part on the same line: their vertical centres within a few pixels of each other.
      centres: tops.map((r) => Math.round(r.top + r.height / 2)),
      overflows: bar.scrollWidth > bar.clientWidth + 1,
      title: left('.sp-title'),
      menubar: left('[role="menubar"]'),
      connection: left('[data-status]'),
      user: left('[data-testid="user"]'),
    }
  })
}

const openTab = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click()
const scrollOf = (page: Page) =>
  page.evaluate(() => {
    const holder = document.querySelector<HTMLElement>('.ht_master .wtHolder')
    return { top: holder?.scrollTop ?? -1, left: holder?.scrollLeft ?? -1 }
  })

describe('the workbench: app bar, frozen labels, per-sheet scroll, merged rows, status bar', () => {
  const env = useServerAndBrowser()
  const colleagues: NodeClient[] = []
  afterAll(() => {
    for (const c of colleagues) c.destroy()
  })

  it('keeps the app bar on one line at 1440, 1280 and 800 px, and still when six colleagues join', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    const widths = [1440, 1280, 800]
    const alone: Record<number, Awaited<ReturnType<typeof appBar>>> = {}
    for (const width of widths) {
      await page.setViewportSize({ width, height: 800 })
      await expect.poll(async () => (await appBar(page)).height).toBeLessThanOrEqual(44)
      alone[width] = await appBar(page)
    }
    // Six colleagues over real sockets; the server names each by their token.
    for (const user of ['admin', 'chef1', 'chef2', 'lasare', 'admin', 'chef1']) {
      const client = await connectClient(env.server.wsUrl, WORKBOOK, await login(env.server.url, user))
      client.provider.awareness.setLocalState({ user: { id: user, name: user, color: '#000' }, cursor: null })
      colleagues.push(client)
    }
    await expect.poll(() => page.getByTestId('peers').locator('.sp-peer-badge').count()).toBe(4)
    expect(await page.getByTestId('peers').locator('.sp-peer-more').textContent()).toBe('+3')
    expect(await page.getByTestId('peers').textContent()).toContain('Anna Admin')
    for (const width of widths) {
      await page.setViewportSize({ width, height: 800 })
      await expect.poll(async () => (await appBar(page)).height).toBeLessThanOrEqual(44)
      const joined = await appBar(page)
      const one = alone[width]!
      expect(joined.height).toBe(one.height)
      expect(Math.max(...joined.centres) - Math.min(...joined.centres)).toBeLessThanOrEqual(4)
      expect(joined.overflows).toBe(false)
      // Nothing moved when they joined.
      expect([joined.title, joined.menubar, joined.connection, joined.user]).toEqual([one.title, one.menubar, one.connection, one.user])
      await screenshot(page, `layout-${width}`)
    }
    await page.context().close()
  })

  it('keeps the row labels in view when a wide sheet scrolls right, and each sheet its own scroll position', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.setViewportSize({ width: 800, height: 700 })
    await openTab(page, 'RSU')
    const label = page.locator('.ht_clone_inline_start td[data-cell="A2"]')
    await expect.poll(() => label.textContent()).toBeTruthy()
    const before = await label.boundingBox()
    // Scroll right as a person does, with the wheel over the grid.
    const grid = await page.locator('.sp-grid').boundingBox()
    await page.mouse.move(grid!.x + grid!.width / 2, grid!.y + grid!.height / 2)
    await page.mouse.wheel(2000, 120)
    await expect.poll(async () => (await scrollOf(page)).left).toBeGreaterThan(300)
    const after = await label.boundingBox()
    expect(after?.x).toBe(before?.x)
    expect(await label.isVisible()).toBe(true)
    // The last column is in view beside the frozen labels.
    const lastHeader = page.locator('.ht_clone_top th').filter({ hasText: /^M\b/ }).first()
    await expect.poll(() => lastHeader.isVisible()).toBe(true)
    await screenshot(page, 'layout-frozen-labels-800')
    const rsu = await scrollOf(page)

    await openTab(page, 'Budget')
    await expect.poll(() => scrollOf(page)).toEqual({ top: 0, left: 0 })
    await openTab(page, 'RSU')
    await expect.poll(() => scrollOf(page)).toEqual(rsu)
    await page.context().close()
  })

  it('shows note and section rows one row tall across the sheet on first display, with no merge warning', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const warnings: string[] = []
    page.on('console', (message) => {
      if (/merge/i.test(message.text())) warnings.push(message.text())
    })
    await signIn(page, env.server.url, 'ekonom')
    await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
    for (const sheet of ['Indikatorer', 'Schabloner', 'RSU-parametrar']) {
      await openTab(page, sheet)
      const spans = page.locator('.ht_master td.sp-row-note, .ht_master td.sp-row-section')
      await expect.poll(() => spans.count()).toBeGreaterThan(0)
      const shapes = await spans.evaluateAll((tds) =>
        tds
          .filter((td) => (td.textContent ?? '') !== '')
          .map((td) => ({ span: (td as HTMLTableCellElement).colSpan, height: td.getBoundingClientRect().height })),
      )
      const columns = await page.locator('.ht_master thead tr').first().locator('th').count()
      expect(shapes.length).toBeGreaterThan(0)
      for (const shape of shapes) {
        expect(shape.span).toBe(columns - 1)
        expect(shape.height).toBeLessThan(40)
      }
    }
    await screenshot(page, 'layout-merged-rows-1280')
    expect(warnings).toEqual([])
    await context.close()
  })

  it('sums, averages and counts the selected cells in the status bar, in Swedish format, as the values change', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.setViewportSize({ width: 1280, height: 800 })
    await openTab(page, 'Budget')
    await cellLocator(page, 'B2').click()
    await page.keyboard.down('Shift')
    await cellLocator(page, 'B4').click()
    await page.keyboard.up('Shift')
    const shown = async () => {
      const values = await Promise.all(['B2', 'B3', 'B4'].map((a) => cellText(page, a)))
      return values.filter((v) => v !== '').map((v) => Number(v.replace(/\s/g, '').replace(',', '.')))
    }
    const numbers = await shown()
    const netto = await cellText(page, 'B4')
    const sum = numbers.reduce((a, b) => a + b, 0)
    const sv = (n: number) => n.toLocaleString('sv-SE', { maximumFractionDigits: 6 }).replace(/\u2212/g, '-')
    const stat = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').replace(/\u00a0/g, ' ')
    await expect.poll(() => stat('stat-count')).toBe(`Antal: ${numbers.length}`)
    expect(await stat('stat-sum')).toBe(`Summa: ${sv(sum)}`.replace(/\u00a0/g, ' '))
    expect(await stat('stat-average')).toBe(`Medel: ${sv(sum / numbers.length)}`.replace(/\u00a0/g, ' '))

    // A colleague's change to a selected cell updates the figures.
    const colleague = await openSignedIn(env.browser, env.server.url, 'admin')
    await openTab(colleague, 'Budget')
    await typeInto(colleague, 'B3', '1000')
    await expect.poll(() => cellText(page, 'B3')).toBe('1 000,0')
    // B4 (Netto) is computed from B3: its new value is painted when the engine has recalculated, after B3's.
    await expect.poll(() => cellText(page, 'B4')).not.toBe(netto)
    const changed = await shown()
    const changedSum = changed.reduce((a, b) => a + b, 0)
    await expect.poll(() => stat('stat-sum')).toBe(`Summa: ${sv(changedSum)}`.replace(/\u00a0/g, ' '))

    // Text counts in Antal only; a label column cell has no number to sum.
    await cellLocator(page, 'A2').click()
    await expect.poll(() => stat('stat-count')).toBe('Antal: 1')
    expect(await page.getByTestId('stat-sum').count()).toBe(0)
    await page.context().close()
    await colleague.context().close()
  })
})
