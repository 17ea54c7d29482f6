import { Api } from '@samplan/domain'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectAccessible } from './support/accessibility'
import { cellText, openSignedIn, signIn, typeInto, useServerAndBrowser } from './support/browser'
import { chooseMenu, menuButton } from './support/menus'

const status = (page: Page) => page.locator('[data-status]').getAttribute('data-status')

/** A fresh browser context at a real window size, signed in through the form as a person would. */
async function signInAs(browser: Browser, baseUrl: string, username: string, password: string) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  const login = page.waitForResponse((r) => r.url().endsWith('/api/login'))
  await signIn(page, baseUrl, username, password)
  const { token } = Api.LoginResponse.parse(await (await login).json())
  return { page, token }
}

async function openAdministration(page: Page) {
  await chooseMenu(page, 'Arkiv', 'Administration')
  const dialog = page.getByRole('dialog', { name: 'Administration' })
  await dialog.waitFor()
  return dialog
}

async function apiAs(baseUrl: string, token: string, path: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
}

/**
 * Arkiv > Administration as an admin uses it in Chromium: people, their role and område taking
 * effect on open pages at once, deactivation, workbook members and copies; and Arkiv > Byt lösenord.
 */
describe('administration in the browser', () => {
  const env = useServerAndBrowser()

  it('[A6] an admin creates a person; their role change takes effect on their open page without a reload; deactivation ends it with the reason', async () => {
    const { server, browser } = env
    const admin = await openSignedIn(browser, server.url, 'admin')
    const ekonom = await openSignedIn(browser, server.url, 'ekonom')

    const dialog = await openAdministration(admin)
    await dialog.getByRole('button', { name: 'Ny person' }).click()
    const form = dialog.getByRole('form', { name: 'Ny person' })
    await form.getByLabel('Användarnamn').fill('nils')
    await form.getByLabel('Namn', { exact: true }).fill('Nils Ny')
    await form.getByLabel('Roll').selectOption('lasare')
    await form.getByRole('textbox', { name: 'Lösenord' }).fill('Nils eget lösenord')
    await form.getByRole('button', { name: 'Skapa' }).click()
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('nils har skapats.')

    // A new person sees no workbook until an admin makes them a member.
    await dialog.getByRole('tab', { name: 'Arbetsböcker' }).click()
    await dialog.getByTestId('admin-workbook').selectOption('vp-2024')
    await dialog.getByTestId('admin-add-member').selectOption({ label: 'Nils Ny (nils)' })
    await dialog.getByRole('button', { name: 'Lägg till medlem' }).click()
    await dialog.locator('[data-testid="admin-members"] li[data-username="nils"]').waitFor()

    const nils = await signInAs(browser, server.url, 'nils', 'Nils eget lösenord')
    await nils.page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
    await expect.poll(() => status(nils.page), { timeout: 15_000 }).toBe('online')
    expect(await menuButton(nils.page, 'Infoga').count()).toBe(0)
    // Marks this page: a reload would lose it.
    await nils.page.evaluate(() => {
      ;(window as unknown as { notReloaded: boolean }).notReloaded = true
    })

    await dialog.getByRole('tab', { name: 'Personer' }).click()
    await dialog.getByLabel('Roll för Nils Ny').selectOption('ekonom')
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Ändringen för Nils Ny är sparad.')

    // The open page learns the new role (the app bar and menus follow) and its edit is accepted.
    await expect.poll(() => nils.page.locator('header').first().textContent(), { timeout: 20_000 }).toContain('Nils Ny · Ekonom')
    await expect.poll(() => menuButton(nils.page, 'Infoga').count(), { timeout: 20_000 }).toBe(1)
    await expect.poll(() => status(nils.page), { timeout: 15_000 }).toBe('online')
    await typeInto(nils.page, 'C2', '2468')
    await expect.poll(() => cellText(ekonom, 'C2'), { timeout: 20_000 }).toBe('2 468,0')
    expect(await nils.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
    expect((await apiAs(server.url, nils.token, '/api/me')).status).toBe(200)

    // Deactivated: the page's connection closes, the sign-in page says why, and the token is refused.
    await dialog.getByRole('button', { name: 'Inaktivera Nils Ny' }).click()
    await expect.poll(() => dialog.locator('tr[data-username="nils"]').textContent()).toContain('Inaktiv')
    const refusal = nils.page.getByRole('alert')
    await nils.page.locator('input[name="password"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => refusal.textContent()).toContain('Ditt konto är inaktiverat')
    const me = await apiAs(server.url, nils.token, '/api/me')
    expect(me.status).toBe(401)
    expect(await me.json()).toEqual({ error: 'unauthorized', message: 'Ditt konto är inaktiverat. Kontakta Samplans administratör.' })
    // Signing in again is refused with the same reason.
    await signIn(nils.page, server.url, 'nils', 'Nils eget lösenord')
    await expect.poll(() => nils.page.getByRole('alert').textContent()).toContain('Ditt konto är inaktiverat')

    // The log names who did what, old -> new.
    await dialog.getByRole('tab', { name: 'Logg' }).click()
    const log = dialog.getByTestId('admin-log')
    await expect.poll(() => log.textContent()).toContain('Ändrade roll')
    expect(await log.textContent()).toContain('lasare → ekonom')
    expect(await log.textContent()).toContain('aktiv → inaktiv')
    for (const page of [admin, ekonom, nils.page]) await page.context().close()
  })

  it('[A6] an admin copies a workbook, removes and adds a member, and opens the copy', async () => {
    const { server, browser } = env
    const admin = await openSignedIn(browser, server.url, 'admin')
    const lasare = Api.LoginResponse.parse(
      await (
        await fetch(`${server.url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'lasare', password: 'samplan2024' }),
        })
      ).json(),
    )
    const lasaresWorkbooks = async () =>
      Api.WorkbookList.parse(await (await apiAs(server.url, lasare.token, '/api/workbooks')).json()).workbooks.map((w) => w.title)
    const sourceC2 = await cellText(admin, 'C2')

    const dialog = await openAdministration(admin)
    await dialog.getByRole('tab', { name: 'Arbetsböcker' }).click()
    const form = dialog.getByRole('form', { name: 'Ny arbetsbok' })
    await form.getByLabel('Titel').fill('Kopia av planen')
    await form.getByRole('radio', { name: 'En kopia av' }).check()
    await form.getByRole('combobox', { name: 'En kopia av' }).selectOption('vp-2024')
    await form.getByRole('button', { name: 'Skapa' }).click()
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Arbetsboken Kopia av planen har skapats.')

    // The copy is shared with the source's members; läsaren sees it until removed.
    const members = dialog.getByTestId('admin-members')
    await members.locator('li[data-username="lasare"]').waitFor()
    expect(await lasaresWorkbooks()).toContain('Kopia av planen')
    await dialog.getByRole('button', { name: 'Ta bort Lars Läsare' }).click()
    await members.locator('li[data-username="lasare"]').waitFor({ state: 'detached' })
    expect(await lasaresWorkbooks()).not.toContain('Kopia av planen')
    await dialog.getByTestId('admin-add-member').selectOption({ label: 'Lars Läsare (lasare)' })
    await dialog.getByRole('button', { name: 'Lägg till medlem' }).click()
    await members.locator('li[data-username="lasare"]').waitFor()
    expect(await lasaresWorkbooks()).toContain('Kopia av planen')

    await dialog.getByRole('button', { name: 'Öppna: Kopia av planen' }).click()
    await admin.waitForURL(/\/w\/wb-/)
    await admin.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
    await expect.poll(() => cellText(admin, 'C2')).toBe(sourceC2)
    await expect.poll(() => admin.locator('header').first().textContent()).toContain('Kopia av planen')
    await admin.context().close()
  })

  it('[A6] the administration and password dialogs work by keyboard and axe-core finds nothing serious on them', async () => {
    const { server, browser } = env
    const admin = await openSignedIn(browser, server.url, 'admin')
    const dialog = await openAdministration(admin)
    await dialog.getByTestId('admin-people').waitFor()
    await expectAccessible(admin, 'Administration > Personer')
    await dialog.getByRole('tab', { name: 'Personer' }).focus()
    await admin.keyboard.press('ArrowRight')
    expect(await dialog.getByRole('tab', { name: 'Arbetsböcker' }).getAttribute('aria-selected')).toBe('true')
    await dialog.getByTestId('admin-members').waitFor()
    await expectAccessible(admin, 'Administration > Arbetsböcker')
    await admin.keyboard.press('ArrowRight')
    await dialog.getByTestId('admin-log').waitFor()
    await expectAccessible(admin, 'Administration > Logg')
    await admin.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })

    await chooseMenu(admin, 'Arkiv', 'Byt lösenord')
    const password = admin.getByRole('dialog', { name: 'Byt lösenord' })
    await password.waitFor()
    await expectAccessible(admin, 'Byt lösenord')
    await admin.keyboard.press('Escape')
    await password.waitFor({ state: 'detached' })
    await admin.context().close()
  })

  it('[A6] shows no Administration entry to anyone but admins', async () => {
    const { server, browser } = env
    const ekonom = await openSignedIn(browser, server.url, 'ekonom')
    await menuButton(ekonom, 'Arkiv').click()
    const menu = ekonom.getByRole('menu')
    await menu.waitFor()
    expect(await menu.textContent()).toContain('Byt lösenord')
    expect(await menu.textContent()).not.toContain('Administration')
    await ekonom.keyboard.press('Escape')
    await ekonom.context().close()
  })

  it('[A7] a person changes their password: refusals say why, this page stays signed in, the other browser is signed out', async () => {
    const { server, browser } = env
    const here = await openSignedIn(browser, server.url, 'chef1')
    const elsewhere = await openSignedIn(browser, server.url, 'chef1')
    await expect.poll(() => status(here), { timeout: 15_000 }).toBe('online')

    await chooseMenu(here, 'Arkiv', 'Byt lösenord')
    const dialog = here.getByRole('dialog', { name: 'Byt lösenord' })
    await dialog.getByLabel('Nuvarande lösenord').fill('samplan2024')
    await dialog.getByLabel('Nytt lösenord').fill('kort')
    await dialog.getByLabel('Upprepa det nya lösenordet').fill('kort')
    await dialog.getByRole('button', { name: 'Byt lösenord' }).click()
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Det nya lösenordet måste ha minst 12 tecken.')

    await dialog.getByLabel('Nuvarande lösenord').fill('fel lösenord')
    await dialog.getByLabel('Nytt lösenord').fill('Omars nya lösenord')
    await dialog.getByLabel('Upprepa det nya lösenordet').fill('Omars nya lösenord')
    await dialog.getByRole('button', { name: 'Byt lösenord' }).click()
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Det nuvarande lösenordet stämmer inte.')

    await dialog.getByLabel('Nuvarande lösenord').fill('samplan2024')
    await dialog.getByRole('button', { name: 'Byt lösenord' }).click()
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Lösenordet är bytt')
    await dialog.getByRole('button', { name: 'Stäng' }).click()

    // The other browser is signed out; this one goes on editing.
    await elsewhere.locator('input[name="password"]').waitFor({ timeout: 15_000 })
    await here.keyboard.press('Escape')
    expect(await here.locator('input[name="password"]').count()).toBe(0)
    await expect.poll(() => status(here), { timeout: 15_000 }).toBe('online')

    await signIn(elsewhere, server.url, 'chef1', 'samplan2024')
    await expect.poll(() => elsewhere.getByRole('alert').textContent()).toContain('Fel användarnamn eller lösenord')
    await signIn(elsewhere, server.url, 'chef1', 'Omars nya lösenord')
    await elsewhere.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
    for (const page of [here, elsewhere]) await page.context().close()
  })
})
