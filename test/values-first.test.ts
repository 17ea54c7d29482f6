/**
 * Numbers first (formulas SPEC FM11): the first sheet's computed values come from the server
 * (`GET /api/workbooks/:id/computed`) and are painted before the page's own engine is ready; what the
 * engine then computes is the same.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellText, signIn, useServerAndBrowser } from './support/browser'
import { createFormulaWorkbook, heavyValue } from './support/formula-workbook'
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
    await page.waitForFunction(() => performance.getEntriesByName('samplan:engine-ready').length > 0, null, { timeout: 60_000 })
    // The engine's values replace the seed in the grid's next frame.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
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
})
