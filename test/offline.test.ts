import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellLocator, cellText, ensureWebBuild, launchBrowser, openSignedIn, screenshot, typeInto } from './support/browser'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'


const status = (page: Page) => page.locator('[data-status]').getAttribute('data-status')

/**
 * Resolves once every write to the offline copies (y-indexeddb's `updates` stores) begun so far is
 * committed: IndexedDB starts a transaction only after every earlier read-write transaction over the
 * same store has finished, so a read started now completes after them.
 */
async function offlineCopyWritten(page: Page): Promise<void> {
  const stores = await page.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result)
        r.onerror = () => reject(r.error)
      })
    let read = 0
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue
      const db = await request(indexedDB.open(name))
      if (db.objectStoreNames.contains('updates')) {
        await request(db.transaction('updates', 'readonly').objectStore('updates').count())
        read++
      }
      db.close()
    }
    return read
  })
  expect(stores).toBeGreaterThan(0)
}

describe('offline: edits made while the server is down are kept and merged', () => {
  let server: ServerProcess
  let browser: Browser
  let a: Page
  let b: Page

  beforeAll(async () => {
    ensureWebBuild()
    server = await startServerProcess()
    browser = await launchBrowser()
    a = await openSignedIn(browser, server.url, 'ekonom')
    b = await openSignedIn(browser, server.url, 'admin')
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })


  it('keeps both sides of a partition and converges when the server is back', async () => {
    await expect.poll(() => status(a)).toBe('online')
    const port = Number(new URL(server.url).port)
    await server.stop()
    await expect.poll(() => status(a), { timeout: 15_000 }).toBe('offline')
    await expect.poll(() => status(b), { timeout: 15_000 }).toBe('offline')

    await typeInto(a, 'C2', '300')
    await typeInto(b, 'C3', '400')
    expect(await cellText(a, 'C2')).toBe('300,0')
    expect(await cellText(b, 'C3')).toBe('400,0')
    expect(await cellText(a, 'C3')).not.toBe('400,0')
    await screenshot(a, 'offline-edit')

    server = await startServerProcess({ dataDir: server.dataDir, port })
    await expect.poll(() => cellText(a, 'C3'), { timeout: 20_000 }).toBe('400,0')
    await expect.poll(() => cellText(b, 'C2'), { timeout: 20_000 }).toBe('300,0')
    await expect.poll(() => status(a)).toBe('online')
    // The dependent formula agrees on both sides.
    await expect.poll(() => cellText(a, 'C4')).toBe('-100,0')
    await expect.poll(() => cellText(b, 'C4')).toBe('-100,0')
  })

  it('keeps offline edits in IndexedDB across a reload while the websocket is blocked', async () => {
    // The server is up (it serves the page) but this browser cannot reach the sync socket.
    let blocked = true
    await a.context().routeWebSocket(/\/sync\//, (ws) => {
      if (blocked) ws.close({ code: 1000, reason: 'blockerad' })
      else ws.connectToServer()
    })
    await a.reload()
    await cellLocator(a, 'B2').waitFor({ timeout: 30_000 })
    await expect.poll(() => status(a), { timeout: 15_000 }).not.toBe('online')
    await typeInto(a, 'B2', '12345')
    await expect.poll(() => cellText(a, 'B2')).toBe('12 345,0')
    await offlineCopyWritten(a)
    await a.reload()
    await cellLocator(a, 'B2').waitFor({ timeout: 30_000 })
    expect(await cellText(a, 'B2')).toBe('12 345,0')
    expect(await cellText(b, 'B2')).not.toBe('12 345,0')
    blocked = false
    await expect.poll(() => cellText(b, 'B2'), { timeout: 20_000 }).toBe('12 345,0')
    await expect.poll(() => status(a), { timeout: 15_000 }).toBe('online')
  })

  it('discards an offline copy from an older epoch instead of duplicating the workbook', async () => {
    const port = Number(new URL(server.url).port)
    const tabs = await a.locator('.sp-tab').count()
    const rows = await a.locator('.ht_master td[data-cell^="A"]').count()
    // Replace the server's store: the re-seeded workbook has the same id but a new epoch.
    await server.stop()
    rmSync(server.dataDir, { recursive: true, force: true })
    server = await startServerProcess({ dataDir: server.dataDir, port })
    await a.reload()
    // The old token is from the replaced database: sign in again.
    await a.locator('input[name="username"]').fill('ekonom')
    await a.locator('input[name="password"]').fill('samplan2024')
    await a.locator('button[type="submit"]').click()
    await cellLocator(a, 'A1').waitFor({ timeout: 30_000 })
    await expect.poll(() => a.locator('.sp-tab').count()).toBe(tabs)
    await expect.poll(() => a.locator('.ht_master td[data-cell^="A"]').count()).toBe(rows)
    expect(await cellText(a, 'B2')).toBe('19 494,6')
  })
})
