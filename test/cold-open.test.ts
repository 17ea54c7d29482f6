/**
 * A cold open leaves the formula engine's code (HyperFormula) to the worker: the page itself never fetches
 * the HyperFormula chunk unless it runs the engine on the main thread (the switch, or a worker that fails).
 */
import type { Browser, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { cellText, untilEngineReady, useServerAndBrowser } from './support/browser'
import { createFormulaWorkbook, openWorkbookPage } from './support/formula-workbook'
import { login } from './support/yjs-client'

/** Opens the workbook in a fresh context, noting every script the page and its worker fetch. */
async function openCold(
  browser: Browser,
  baseUrl: string,
  workbookId: string,
  mainThread: boolean,
): Promise<{ page: Page; scripts: string[] }> {
  const scripts: string[] = []
  const page = await openWorkbookPage(browser, baseUrl, workbookId, 'ekonom', async (context) => {
    if (mainThread) await context.addInitScript(`localStorage.setItem('samplan:engine-main-thread', '1')`)
    context.on('request', (request) => {
      const path = new URL(request.url()).pathname
      if (path.endsWith('.js')) scripts.push(path)
    })
  })
  return { page, scripts }
}

describe('cold open', () => {
  const env = useServerAndBrowser()
  let workbookId = ''
  beforeAll(async () => {
    const token = await login(env.server.url, 'ekonom')
    workbookId = await createFormulaWorkbook(env.server, token)
  }, 120_000)

  it('[FM13] the page computes through the worker without fetching HyperFormula itself', async () => {
    const { page, scripts } = await openCold(env.browser, env.server.url, workbookId, false)
    await untilEngineReady(page)
    await expect.poll(() => cellText(page, 'D1'), { timeout: 30_000 }).toBe('10')
    expect(scripts.some((s) => s.includes('engine-worker'))).toBe(true)
    expect(scripts.filter((s) => s.includes('hyperformula'))).toEqual([])
    await page.context().close()
  }, 120_000)

  it('with the engine on the main thread, the page loads HyperFormula on demand and computes', async () => {
    const { page, scripts } = await openCold(env.browser, env.server.url, workbookId, true)
    await untilEngineReady(page)
    await expect.poll(() => cellText(page, 'D1'), { timeout: 30_000 }).toBe('10')
    expect(scripts.some((s) => s.includes('engine-worker'))).toBe(false)
    expect(scripts.some((s) => s.includes('hyperformula'))).toBe(true)
    await page.context().close()
  }, 120_000)
})
