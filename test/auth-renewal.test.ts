import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellText, ensureWebBuild, launchBrowser, openSignedIn, typeInto } from './support/browser'
import { chooseMenu } from './support/menus'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'

/** Short enough that tokens expire during the test, long enough to open a workbook. */
const TTL_SECONDS = 6

const status = (page: Page) => page.locator('[data-status]').getAttribute('data-status')

/**
 * Sessions in the browser with short-lived tokens: the web app renews them from the httpOnly
 * session cookie, reconnects after the server closes an expired socket (4401) without losing what
 * was typed meanwhile, and "Logga ut överallt" ends the user's sessions in every browser.
 */
describe('session renewal and sign-out everywhere in the browser', () => {
  let server: ServerProcess
  let browser: Browser

  beforeAll(async () => {
    ensureWebBuild()
    server = await startServerProcess({ env: { SAMPLAN_TOKEN_TTL_SECONDS: String(TTL_SECONDS) } })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it('[A4] sends an edit made while the token was expired once the token is renewed', async () => {
    const admin = await openSignedIn(browser, server.url, 'admin')
    // Renewals wait until the test lets them through, so the token runs out with the tab open. The
    // hold is in place before the ekonom signs in (the page's load-time check has answered by the
    // time the form shows), so no renewal can slip through while the pages open on a slow machine.
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let reached: () => void = () => {}
    const renewalHeld = new Promise<void>((resolve) => (reached = resolve))
    const ekonom = await openSignedIn(browser, server.url, 'ekonom', async (page) => {
      await page.route('**/api/session/refresh', async (route: Route) => {
        reached()
        await held
        await route.continue()
      })
    })
    const before = await cellText(admin, 'C2')

    // The app asks for a new token before this one runs out; the server closes the socket when it
    // expires (4401). The renewal is held, so the tab stays cut off.
    await renewalHeld
    await expect.poll(() => status(ekonom), { timeout: (TTL_SECONDS + 5) * 1000 }).toBe('offline')
    await typeInto(ekonom, 'C2', '4321')
    expect(await cellText(ekonom, 'C2')).toBe('4 321,0')
    expect(await cellText(admin, 'C2')).toBe(before)

    release()
    await expect.poll(() => cellText(admin, 'C2'), { timeout: 20_000 }).toBe('4 321,0')
    await expect.poll(() => status(ekonom), { timeout: 15_000 }).toBe('online')
    // Still signed in, on the same page: no sign-in form came up.
    expect(await ekonom.locator('input[name="password"]').count()).toBe(0)
    await ekonom.unroute('**/api/session/refresh')

    // Renewals keep both tabs connected past several token lifetimes.
    await typeInto(admin, 'C3', '777')
    await expect.poll(() => cellText(ekonom, 'C3'), { timeout: 20_000 }).toBe('777,0')
    await ekonom.context().close()
    await admin.context().close()
  })

  it('[A4] "Logga ut överallt" signs the user out in every browser, and leaves colleagues signed in', async () => {
    const here = await openSignedIn(browser, server.url, 'chef1')
    const elsewhere = await openSignedIn(browser, server.url, 'chef1')
    const colleague = await openSignedIn(browser, server.url, 'chef2')
    await expect.poll(() => status(elsewhere), { timeout: 15_000 }).toBe('online')

    await chooseMenu(here, 'Arkiv', 'Logga ut överallt')
    await here.locator('input[name="password"]').waitFor({ timeout: 15_000 })
    // The other browser's socket is closed at once, and its session cookie renews nothing.
    await elsewhere.locator('input[name="password"]').waitFor({ timeout: 15_000 })
    await elsewhere.reload()
    await elsewhere.locator('input[name="password"]').waitFor({ timeout: 15_000 })
    expect(await status(colleague)).toBe('online')
    expect(await colleague.locator('input[name="password"]').count()).toBe(0)
    for (const page of [here, elsewhere, colleague]) await page.context().close()
  })
})
