/**
 * Numbers first (formulas SPEC FM11): the first sheet's computed values come from the server
 * (`GET /api/workbooks/:id/computed`) and are painted before the page's own engine is ready; what the
 * engine then computes is the same. Until it is ready, the server's engine answers each edit (FM14).
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellText, nextPaint, screenshot, signIn, typeInto, untilEngineReady, useServerAndBrowser } from './support/browser'
import { createFormulaWorkbook, HEAVY_ROWS, heavyValue } from './support/formula-workbook'
import { connectClient, login, type NodeClient } from './support/yjs-client'

const WATCHED = ['B1', 'B2', 'B3', 'D1', 'D2'] as const

/** Records, for each watched cell, the first text it shows and when (ms since navigation). */
const recordFirstPaint = (cells: readonly string[]) => `
  window.__firstPaint = {}
  new MutationObserver(() => {
    for (const address of ${JSON.stringify(cells)}) {
      if (window.__firstPaint[address]) continue
      const text = document.querySelector('.ht_master td[data-cell="' + address + '"]')?.textContent
      if (text) window.__firstPaint[address] = { text, at: performance.now() }
    }
  }).observe(document, { childList: true, subtree: true, characterData: true })
`

type FirstPaint = Record<string, { text: string; at: number }>

async function markAt(page: Page, name: string): Promise<number | null> {
  return page.evaluate((n) => performance.getEntriesByName(n)[0]?.startTime ?? null, name)
}

describe('numbers first', () => {
  const env = useServerAndBrowser()
  let workbookId = ''
  let colleague: NodeClient | undefined
  beforeAll(async () => {
    const token = await login(env.server.url, 'ekonom')
    workbookId = await createFormulaWorkbook(env.server, token)
    // A colleague keeps the workbook open, so the server's engine has its values when the page asks.
    colleague = await connectClient(env.server.wsUrl, workbookId, token)
    // The route answers once that engine has computed the sheet.
    const res = await fetch(`${env.server.url}/api/workbooks/${workbookId}/computed`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
  }, 120_000)
  afterAll(() => colleague?.destroy())

  it('[FM11] values painted before the engine is ready equal what it then computes', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } })
    await context.addInitScript(recordFirstPaint(WATCHED))
    const page = await context.newPage()
    await signIn(page, env.server.url, 'ekonom')
    await page.locator('input[name="password"]').waitFor({ state: 'detached' })
    await page.goto(`${env.server.url}/w/${workbookId}`)
    await untilEngineReady(page, 60_000)
    // The engine's values replace the seed in the grid's next frame.
    await nextPaint(page)
    const engineReady = (await markAt(page, 'samplan:engine-ready')) as number
    const seeded = await markAt(page, 'samplan:values-seeded')
    const first = await page.evaluate(() => (window as unknown as { __firstPaint: FirstPaint }).__firstPaint)
    expect(seeded, 'the server values were painted').not.toBeNull()
    expect(seeded!).toBeLessThan(engineReady)
    for (const address of WATCHED) {
      expect(first[address], address).toBeDefined()
      expect(first[address]!.at, `${address} painted before the engine was ready`).toBeLessThan(engineReady)
      expect(await cellText(page, address), address).toBe(first[address]!.text.replace(/\u00a0/g, ' '))
    }
    expect(await cellText(page, 'B1')).toBe(new Intl.NumberFormat('sv-SE').format(heavyValue(1)).replace(/\u00a0|\u202f/g, ' '))
    expect(await cellText(page, 'D1')).toBe('10')
    await context.close()
  }, 120_000)

  it('[FM15] the first screen drawn before the document arrives is read-only, says why, and shows the values the engine then computes', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } })
    // The workbook's info is held back (a slow network for it): the socket opens only after it, so the document
    // cannot arrive and the first screen stays until the test lets it go.
    let release = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let held = false
    await context.route(
      (url) => url.pathname === `/api/workbooks/${workbookId}`,
      async (route) => {
        held = true
        await released
        await route.continue()
      },
    )
    const page = await context.newPage()
    await signIn(page, env.server.url, 'ekonom')
    await page.locator('input[name="password"]').waitFor({ state: 'detached' })
    await page.goto(`${env.server.url}/w/${workbookId}`)
    const firstScreen = page.locator('.sp-first-screen')
    await firstScreen.locator('td[data-cell="D1"]').filter({ hasText: /./ }).waitFor()
    expect(held, 'the info request was asked for and held').toBe(true)
    expect(await page.locator('.ht_master td[data-cell]').count(), 'no live grid yet').toBe(0)
    const drawn = await firstScreen
      .locator('td[data-cell]')
      .evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-cell') ?? '', (td.textContent ?? '').replace(/\u00a0/g, ' ')] as const))
    const texts = new Map(drawn)
    expect(texts.get('D1')).toBe('10')
    expect(texts.get('B1')).toBe(new Intl.NumberFormat('sv-SE').format(heavyValue(1)).replace(/\u00a0|\u202f/g, ' '))

    // Typing into it changes nothing and says why.
    await firstScreen.locator('td[data-cell="A1"]').click()
    await page.keyboard.type('7')
    await expect
      .poll(() => firstScreen.getByRole('status').textContent())
      .toBe('Arbetsboken laddas fortfarande. Om ett ögonblick kan du markera och ändra celler.')
    expect(texts.get('A1')).toBe('1')
    await screenshot(page, 'first-screen-1400')

    release()
    await untilEngineReady(page, 60_000)
    await firstScreen.waitFor({ state: 'detached' })
    await nextPaint(page)
    // Every cell of the first rows the live grid draws shows what the first screen showed, the engine's values included.
    for (const row of [1, 2, 3, 10, 20]) {
      for (const col of ['A', 'B', 'C', 'D']) {
        const address = `${col}${row}`
        expect(await cellText(page, address), address).toBe(texts.get(address))
      }
    }
    await context.close()
  }, 120_000)

  it("[FM14] formulas are live before the page's engine is: an edit shows the server's recomputed values, which the engine then computes too", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } })
    // The engine's script is held back (a slow network for it), so only the server's engine can answer the edit.
    let release = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let held = false
    await context.route('**/assets/engine-worker-*.js', async (route) => {
      held = true
      await released
      await route.continue()
    })
    const page = await context.newPage()
    // The values asked for after the edit: only what changed since the state the page shows.
    const sinceAnswers: Promise<{ since?: string; cells: unknown[] }>[] = []
    page.on('response', (response) => {
      if (/\/computed\?.*since=/.test(response.url())) sinceAnswers.push(response.json())
    })
    await signIn(page, env.server.url, 'ekonom')
    await page.locator('input[name="password"]').waitFor({ state: 'detached' })
    await page.goto(`${env.server.url}/w/${workbookId}`)
    await page.waitForFunction(() => performance.getEntriesByName('samplan:formulas-live').length > 0, null, { timeout: 60_000 })
    expect(held, 'the engine script was asked for and held').toBe(true)
    expect(await markAt(page, 'samplan:engine-ready')).toBeNull()

    // A1 feeds D1 (=A1*10) and B1 (SUMPRODUCT over all of A and C).
    await typeInto(page, 'A1', '5')
    const d1 = '50'
    const b1 = new Intl.NumberFormat('sv-SE').format(heavyValue(1, (r) => (r === 1 ? 5 : r))).replace(/\u00a0|\u202f/g, ' ')
    await page.waitForFunction(
      ([d, b]) => {
        const text = (a: string) => document.querySelector(`.ht_master td[data-cell="${a}"]`)?.textContent?.replace(/\u00a0|\u202f/g, ' ')
        return text('D1') === d && text('B1') === b
      },
      [d1, b1] as const,
      { timeout: 30_000 },
    )
    expect(await markAt(page, 'samplan:engine-ready'), 'shown before the page had an engine').toBeNull()
    expect(sinceAnswers.length, 'asked since the state shown').toBeGreaterThan(0)
    const changed = await sinceAnswers[0]!
    expect(changed.since).toBeDefined()
    // A1 feeds B1:B1000 and D1; D2 and the rest of the sheet's values did not change and are not sent again.
    expect(changed.cells).toHaveLength(HEAVY_ROWS + 1)

    release()
    await untilEngineReady(page, 60_000)
    await nextPaint(page)
    expect(await cellText(page, 'D1')).toBe(d1)
    expect(await cellText(page, 'B1')).toBe(b1)
    await context.close()
  }, 120_000)
})
