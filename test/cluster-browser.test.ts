/**
 * Two people in Chromium, signed in on two different servers of a three-server cluster (one
 * PostgreSQL, one redis-server, as in README.md "Run several servers"), co-edit the VP 2024
 * workbook by clicking cells and typing: each sees the other's figure and the totals computed from
 * it, and where the other is. Run with SAMPLAN_WEB_DIST pointing at a build of apps/web (or the
 * default build is made).
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellLocator, cellText, ensureWebBuild, findCell, launchBrowser, openSignedIn, screenshot, typeInto } from './support/browser'
import { startCluster } from './support/cluster'
import { usePostgres } from './support/postgres'
import { useRedis } from './support/redis'
import { removeDir, type ServerProcess } from './support/server-process'

describe('two browsers on two servers of a cluster co-edit the VP 2024 workbook', () => {
  const postgres = usePostgres()
  const redis = useRedis()
  let servers: ServerProcess[] = []
  let browser: Browser | undefined

  beforeAll(async () => {
    // The servers serve the web app from SAMPLAN_WEB_DIST when it is set (they inherit the environment).
    if (!process.env.SAMPLAN_WEB_DIST) ensureWebBuild()
    servers = await startCluster(3, await postgres.cluster.createDatabase(), redis.redis.url)
    browser = await launchBrowser()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await Promise.all(servers.map((s) => s.stop()))
    for (const s of servers) removeDir(s.dataDir)
  })

  const open = (server: number, username: string): Promise<Page> =>
    openSignedIn(browser as Browser, (servers[server] as ServerProcess).url, username)

  it("shows a figure typed on one server, and the totals computed from it, on another, both ways, with the other's selected cell", async () => {
    const eva = await open(0, 'ekonom')
    const anna = await open(2, 'admin')
    const kostnader = await findCell(eva, 'Kostnader', 'Budget 2024')
    const intakter = await findCell(eva, 'Intäkter', 'Budget 2024')
    const netto = await findCell(eva, 'Netto KF Budget', 'Budget 2024')
    await expect.poll(() => cellText(anna, kostnader)).toBe('20 684,1')
    await expect.poll(() => cellText(anna, netto)).toBe('20 387,1')

    // Eva, on server A, types a figure; Anna, on server C, sees it and the net it changes.
    await typeInto(eva, kostnader, '21000,5')
    await expect.poll(() => cellText(anna, kostnader)).toBe('21 000,5')
    await expect.poll(() => cellText(anna, netto)).toBe('20 703,5')

    // And the reverse: Anna's figure and the new net on Eva's screen.
    await typeInto(anna, intakter, '400')
    await expect.poll(() => cellText(eva, intakter)).toBe('400,0')
    await expect.poll(() => cellText(eva, netto)).toBe('20 600,5')
    expect(await cellText(anna, netto)).toBe('20 600,5')

    // Each sees who else is in the workbook and which cell they have selected, across the servers.
    await expect.poll(() => eva.getByTestId('peers').textContent()).toContain('Anna Admin')
    await expect.poll(() => anna.getByTestId('peers').textContent()).toContain('Eva Ekonom')
    await cellLocator(anna, kostnader).click()
    await expect.poll(() => cellLocator(eva, kostnader).getAttribute('data-peer')).toBe('Anna Admin')
    await cellLocator(eva, netto).click()
    await expect.poll(() => cellLocator(anna, netto).getAttribute('data-peer')).toBe('Eva Ekonom')
    await screenshot(eva, 'cluster-server-a')
    await screenshot(anna, 'cluster-server-c')
  })
})
