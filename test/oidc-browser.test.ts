import { freePort } from '@samplan/sync-server/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWebBuild, launchBrowser, screenshot } from './support/browser'
import { chooseMenu } from './support/menus'
import { startOidcProvider, type TestOidcProvider } from './support/oidc-provider'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'

/**
 * Sign-in through the city's identity provider, end to end in Chromium: a real OpenID provider
 * (oidc-provider) on 127.0.0.1, Samplan configured for it by its environment, a person clicking
 * through both sign-in pages and both sign-out pages.
 */
describe('sign-in through the identity provider in the browser', () => {
  let provider: TestOidcProvider
  let server: ServerProcess
  let browser: Browser

  beforeAll(async () => {
    ensureWebBuild()
    // The redirect URI is registered at the provider before Samplan starts, so Samplan's port is chosen first.
    const port = await freePort()
    const app = `http://127.0.0.1:${port}`
    provider = await startOidcProvider({
      redirectUri: `${app}/api/oidc/callback`,
      postLogoutRedirectUri: `${app}/`,
      accounts: {
        anna: { name: 'Anna Andersson', preferred_username: 'anna@testkommun.se', groups: ['Alla anställda', 'Samplan Administratörer'] },
        olle: { name: 'Olle Obehörig', preferred_username: 'olle@testkommun.se', groups: ['Alla anställda'] },
      },
    })
    server = await startServerProcess({
      port,
      env: {
        SAMPLAN_PUBLIC_URL: app,
        SAMPLAN_OIDC_ISSUER: provider.issuer,
        SAMPLAN_OIDC_CLIENT_ID: provider.clientId,
        SAMPLAN_OIDC_CLIENT_SECRET: provider.clientSecret,
        SAMPLAN_OIDC_DISPLAY_NAME: 'Testkommunen',
        SAMPLAN_OIDC_SCOPES: 'openid profile email groups',
        SAMPLAN_OIDC_ROLE_CLAIM: 'groups',
        SAMPLAN_OIDC_ROLE_MAP: 'Samplan Administratörer=admin,Samplan Ekonomer=ekonom',
        SAMPLAN_OIDC_ALLOW_HTTP: '1',
      },
    })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (server) removeDir(server.dataDir)
    await provider?.close()
  })

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    const page = await context.newPage()
    page.on('pageerror', (err) => console.error('page error:', err.message))
    return page
  }

  /** The provider's own sign-in page, filled in as a person does. */
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.getByRole('link', { name: 'Logga in med Testkommunen' }).click()
    await page.locator('input[name="login"]').fill(login)
    await page.locator('input[name="password"]').fill('valfritt-lösenord')
    await page.getByRole('button', { name: 'Sign-in' }).click()
  }

  it('signs in with "Logga in med Testkommunen", returns to the deep link asked for, and signs out here and at the provider', async () => {
    const page = await freshPage()
    await page.goto(`${server.url}/w/vp-2024/Budget!C3`)
    // The embedded password form is not offered when the city's provider is configured.
    await page.getByRole('link', { name: 'Logga in med Testkommunen' }).waitFor()
    expect(await page.locator('input[name="username"]').count()).toBe(0)
    await screenshot(page, 'oidc-sign-in-page')

    await signInAtProvider(page, 'anna')
    await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
    // The grid may pass through the sheet's own address while it selects the cell asked for.
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/w/vp-2024/Budget!C3')
    await expect.poll(() => page.locator('[data-testid="address"]').textContent()).toBe('C3')
    await expect.poll(() => page.getByText('Anna Andersson').count()).toBeGreaterThan(0)

    // A reload keeps the session (the httpOnly cookie renews the token held in memory).
    await page.reload()
    await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
    expect(await page.evaluate(() => document.cookie)).not.toContain('samplan_session')

    await chooseMenu(page, 'Arkiv', 'Logga ut')
    await page.getByRole('button', { name: 'Yes, sign me out' }).click()
    await page.getByRole('link', { name: 'Logga in med Testkommunen' }).waitFor({ timeout: 15_000 })
    expect(new URL(page.url()).origin).toBe(server.url)
    expect(provider.signOuts()).toBe(1)
    // Signed out here too: the session cookie renews nothing.
    const renewed = await page.evaluate(() =>
      fetch('/api/session/refresh', { method: 'POST', headers: { 'x-samplan-session': '1' } }).then((r) => r.status),
    )
    expect(renewed).toBe(401)
    await page.context().close()
  })

  it('[A5] refuses a person whose groups map to no role, saying why on the sign-in page', async () => {
    const page = await freshPage()
    await page.goto(`${server.url}/`)
    await signInAtProvider(page, 'olle')
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
      .toBe('Olle Obehörig har ingen roll i Samplan. Be Samplans administratör om behörighet.')
    expect(new URL(page.url()).search).toBe('')
    await screenshot(page, 'oidc-refused')
    await page.context().close()
  })
})
