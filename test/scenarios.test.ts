import { readFile } from 'node:fs/promises'
import { Api } from '@samplan/domain'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellLocator, cellText, findCell, openSignedIn, screenshot, signIn, typeInto, useServerAndBrowser } from './support/browser'
import { expectAccessible } from './support/accessibility'
import { chooseMenu } from './support/menus'

/** The rows of a comparison table as shown, no-break spaces as plain spaces. */
function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/\u00a0/g, ' ')).filter((text) => text !== ''),
      ),
    )
}

describe('scenarios: create, change a figure, compare with the plan, apply back and undo', () => {
  const env = useServerAndBrowser()

  it('[SC1] [SC5] [SC7] an ekonom tries Kostnader +1 %, sees the totals it moves and brings it into the plan', async () => {
    const page = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await page.setViewportSize({ width: 1440, height: 900 })
    const kostnader = await findCell(page, 'Kostnader', 'Budget 2024')
    const netto = await findCell(page, 'Netto KF Budget', 'Budget 2024')
    expect(await cellText(page, kostnader)).toBe('20 684,1')

    await chooseMenu(page, 'Arkiv', 'Scenarier')
    const panel = page.getByTestId('scenarios')
    await panel.getByLabel('Namn på scenariot').click()
    await page.keyboard.type('Kostnader +1 %')
    await panel.getByRole('button', { name: 'Skapa scenario' }).click()
    await expect.poll(() => page.getByTestId('scenario-banner').textContent()).toContain('Scenario: Kostnader +1 %')

    // Change the figure in the scenario: select the cell in the grid, type its new value beside it.
    await cellLocator(page, kostnader).click()
    await expect
      .poll(async () => ((await page.getByTestId('scenario-plan-value').textContent()) ?? '').replace(/\u00a0/g, ' '))
      .toBe('20 684,1')
    await page.getByTestId('scenario-input').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('20890,941')
    await page.keyboard.press('Enter')

    await expect
      .poll(() => tableRows(page, 'scenario-changed'))
      .toEqual([[`Budget!${kostnader}`, 'Kostnader', '20 684,1', '20 890,9', '+206,8 mnkr', '+1,0 %', 'För inTa bort']])
    const moved = await tableRows(page, 'scenario-moved')
    expect(moved).toContainEqual([`Budget!${netto}`, 'Netto KF Budget', '20 387,1', '20 593,9', '+206,8 mnkr', '+1,0 %'])
    expect(moved.map((row) => row[1])).toContain('Kontroll: Summa drift netto mot budgetramen (Budget), ska vara 0')
    // The plan itself is unchanged until the change is brought in.
    expect(await cellText(page, kostnader)).toBe('20 684,1')
    await screenshot(page, 'scenarios-compare-1440')
    await expectAccessible(page, 'the scenario panel with a comparison')
    // The comparison goes to the nämnd as a bilaga: a click downloads the Konsekvensbeskrivning.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('scenario-export-pdf').click()])
    expect(download.suggestedFilename()).toBe('Konsekvensbeskrivning Kostnader +1 %.pdf')
    expect((await readFile((await download.path()) as string)).subarray(0, 5).toString()).toBe('%PDF-')

    await page.getByTestId('scenario-changed').getByRole('button', { name: 'För in' }).click()
    await expect.poll(() => cellText(page, kostnader)).toBe('20 890,9')
    await expect.poll(() => cellText(page, netto)).toBe('20 593,9')
    await expect.poll(() => page.getByTestId('scenario-notice').textContent()).toContain('1 cell fördes in i planen.')
    await expect.poll(() => page.getByTestId('scenario-no-differences').count()).toBe(1)

    // One Ctrl+Z in the grid takes the whole change back out of the plan.
    await cellLocator(page, netto).click()
    await page.keyboard.press('Control+Z')
    await expect.poll(() => cellText(page, kostnader)).toBe('20 684,1')
    await expect.poll(() => cellText(page, netto)).toBe('20 387,1')
  })

  it('[SC6] [SC8] an områdeschef may override only their own RSU places and never applies back; a läsare creates nothing', async () => {
    const chef = await openSignedIn(env.browser, env.server.url, 'chef1')
    await chef.setViewportSize({ width: 1440, height: 900 })
    await chooseMenu(chef, 'Arkiv', 'Scenarier')
    // The ekonom's private scenario is not theirs to see.
    await expect.poll(() => chef.getByTestId('scenarios').textContent()).toContain('Inga scenarier ännu.')
    await chef.getByTestId('scenarios').getByLabel('Namn på scenariot').click()
    await chef.keyboard.type('Fler platser')
    await chef.getByRole('button', { name: 'Skapa scenario' }).click()
    await expect.poll(() => chef.getByTestId('scenario-banner').textContent()).toContain('Scenario: Fler platser')
    // A budget figure is the ekonom's: the panel says why instead of offering a field.
    await cellLocator(chef, await findCell(chef, 'Kostnader', 'Budget 2024')).click()
    await expect
      .poll(() => chef.getByTestId('scenario-cell-denial').textContent())
      .toBe('Du kan bara ändra RSU-platser för ditt eget område.')
    expect(await chef.getByRole('button', { name: 'För in alla ändringar i planen' }).count()).toBe(0)

    const lasare = await openSignedIn(env.browser, env.server.url, 'lasare')
    await chooseMenu(lasare, 'Arkiv', 'Scenarier')
    await expect.poll(() => lasare.getByTestId('scenarios').textContent()).toContain('Inga scenarier ännu.')
    expect(await lasare.getByRole('button', { name: 'Skapa scenario' }).count()).toBe(0)
  })

  it('[SC1] [SC2] keeps the comparison live while a colleague edits the plan, except in the overridden cell', async () => {
    const eva = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await eva.setViewportSize({ width: 1440, height: 900 })
    const kostnader = await findCell(eva, 'Kostnader', 'Budget 2024')
    const intakter = await findCell(eva, 'Intäkter', 'Budget 2024')
    const netto = await findCell(eva, 'Netto KF Budget', 'Budget 2024')
    await chooseMenu(eva, 'Arkiv', 'Scenarier')
    await eva.getByTestId('scenarios').getByLabel('Namn på scenariot').click()
    await eva.keyboard.type('Levande')
    await eva.getByRole('button', { name: 'Skapa scenario' }).click()
    await cellLocator(eva, kostnader).click()
    await eva.getByTestId('scenario-input').click()
    await eva.keyboard.press('Control+A')
    await eva.keyboard.type('21000')
    await eva.keyboard.press('Enter')
    const nettoRow = async () => (await tableRows(eva, 'scenario-moved')).find((row) => row[0] === `Budget!${netto}`)
    await expect.poll(nettoRow).toEqual([`Budget!${netto}`, 'Netto KF Budget', '20 387,1', '20 703,0', '+315,9 mnkr', '+1,5 %'])

    const anna = await openSignedIn(env.browser, env.server.url, 'admin')
    await typeInto(anna, intakter, '300')
    await expect.poll(nettoRow).toEqual([`Budget!${netto}`, 'Netto KF Budget', '20 384,1', '20 700,0', '+315,9 mnkr', '+1,5 %'])
    // The plan's own edit of the overridden cell: the plan moves, the scenario keeps its figure.
    await typeInto(anna, kostnader, '20000')
    await expect
      .poll(() => tableRows(eva, 'scenario-changed'))
      .toEqual([[`Budget!${kostnader}`, 'Kostnader', '20 000,0', '21 000,0', '+1 000,0 mnkr', '+5,0 %', 'För inTa bort']])
    await expect.poll(() => cellText(eva, kostnader)).toBe('20 000,0')
  })
})

describe('a shared scenario followed live, marked in the grid, renamed, made private and deleted', () => {
  const env = useServerAndBrowser()

  /** A second ekonom, made by the admin through the API and made a member of VP 2024, signed in through the form. */
  async function secondEkonom(): Promise<Page> {
    const { server, browser } = env
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'samplan2024' }),
    })
    const { token } = Api.LoginResponse.parse(await login.json())
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const password = 'budgetramen-2024'
    const created = await fetch(`${server.url}/api/admin/people`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ signIn: 'password', username: 'erik', name: 'Erik Ekonom', role: 'ekonom', password }),
    })
    expect(created.status).toBe(201)
    const { person } = Api.CreatePersonResponse.parse(await created.json())
    const member = await fetch(`${server.url}/api/admin/workbooks/vp-2024/members/${person.id}`, { method: 'PUT', headers })
    expect(member.status).toBe(200)
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
    await signIn(page, server.url, 'erik', password)
    await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
    return page
  }

  it("[SC10] [SC11] [SC8] one ekonom's change shows on the other's screen without reopening, marked in the grid; the owner renames, unshares and deletes", async () => {
    const eva = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await eva.setViewportSize({ width: 1440, height: 900 })
    const erik = await secondEkonom()
    const kostnader = await findCell(eva, 'Kostnader', 'Budget 2024')
    const netto = await findCell(eva, 'Netto KF Budget', 'Budget 2024')

    await chooseMenu(eva, 'Arkiv', 'Scenarier')
    const evasPanel = eva.getByTestId('scenarios')
    await evasPanel.getByLabel('Namn på scenariot').click()
    await eva.keyboard.type('Delat live')
    await evasPanel.getByLabel('Dela med alla som har arbetsboken').check()
    await evasPanel.getByRole('button', { name: 'Skapa scenario' }).click()
    await expect.poll(() => eva.getByTestId('scenario-banner').textContent()).toContain('Scenario: Delat live')

    // Erik opens the shared scenario once; from here on he only watches.
    await chooseMenu(erik, 'Arkiv', 'Scenarier')
    await erik.getByTestId('scenarios').getByRole('button', { name: 'Öppna Delat live' }).click()
    await expect.poll(() => erik.getByTestId('scenario-no-differences').count()).toBe(1)
    // Only the owner manages the scenario: Erik is offered no name, sharing or deletion.
    expect(await erik.getByTestId('scenario-manage').count()).toBe(0)

    await cellLocator(eva, kostnader).click()
    await eva.getByTestId('scenario-input').click()
    await eva.keyboard.press('Control+A')
    await eva.keyboard.type('20890,941')
    await eva.keyboard.press('Enter')

    const changedRow = [`Budget!${kostnader}`, 'Kostnader', '20 684,1', '20 890,9', '+206,8 mnkr', '+1,0 %', 'För inTa bort']
    await expect.poll(() => tableRows(erik, 'scenario-changed'), { timeout: 15_000 }).toEqual([changedRow])
    // The grid marks the changed cell and, lighter, the totals it moves, with both values on hover.
    const title = async (page: Page, address: string) =>
      ((await cellLocator(page, address).getAttribute('title')) ?? '').replace(/\u00a0/g, ' ')
    await expect.poll(() => cellLocator(erik, kostnader).getAttribute('data-scenario')).toBe('changed')
    expect(await title(erik, kostnader)).toBe('Ändrad i scenariot: plan 20 684,1 → scenario 20 890,9')
    expect(await cellLocator(erik, netto).getAttribute('data-scenario')).toBe('moved')
    expect(await title(erik, netto)).toBe('Påverkas av scenariot: plan 20 387,1 → scenario 20 593,9')
    expect(await cellText(erik, kostnader)).toBe('20 684,1')
    const tint = await cellLocator(erik, kostnader).evaluate((td) => getComputedStyle(td).backgroundColor)
    const lighter = await cellLocator(erik, netto).evaluate((td) => getComputedStyle(td).backgroundColor)
    expect(new Set([tint, lighter, 'rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)']).size).toBe(4)
    await screenshot(erik, 'scenarios-live-marks-1440')

    // The owner renames it: the new name reaches Erik's banner too.
    await eva.getByText('Namn och delning').click()
    const rename = eva.getByTestId('scenario-rename')
    await rename.click()
    await eva.keyboard.press('Control+A')
    await eva.keyboard.type('Kostnader +1 % (delat)')
    await eva.keyboard.press('Enter')
    await expect.poll(() => eva.getByTestId('scenario-banner').textContent()).toContain('Scenario: Kostnader +1 % (delat)')
    await expect.poll(() => erik.getByTestId('scenario-banner').textContent(), { timeout: 15_000 }).toContain('Kostnader +1 % (delat)')

    // Made private: Erik's open scenario closes with the reason, and his grid drops the marks.
    await eva.getByTestId('scenario-manage').getByLabel('Dela med alla som har arbetsboken').uncheck()
    await expect
      .poll(() => erik.getByTestId('scenario-error').textContent(), { timeout: 15_000 })
      .toBe('Scenariot går inte längre att öppna: det har tagits bort eller gjorts privat av den som skapade det.')
    await expect.poll(() => cellLocator(erik, kostnader).getAttribute('data-scenario')).toBeNull()
    await expect.poll(async () => (await erik.getByTestId('scenarios').textContent()) ?? '').toContain('Inga scenarier ännu.')

    // Deleting asks first; cancelling keeps it, confirming removes it from the list.
    await eva.getByRole('button', { name: 'Ta bort scenariot' }).click()
    const confirm = eva.getByRole('alertdialog', { name: 'Ta bort scenariot ”Kostnader +1 % (delat)”?' })
    await confirm.getByRole('button', { name: 'Avbryt' }).click()
    await expect.poll(() => confirm.count()).toBe(0)
    expect(await eva.getByTestId('scenario-banner').count()).toBe(1)
    await eva.getByRole('button', { name: 'Ta bort scenariot' }).click()
    await confirm.getByRole('button', { name: 'Ta bort scenariot' }).click()
    await expect.poll(() => eva.getByTestId('scenario-notice').textContent()).toBe('Scenariot ”Kostnader +1 % (delat)” togs bort.')
    await expect.poll(async () => (await eva.getByTestId('scenarios').textContent()) ?? '').toContain('Inga scenarier ännu.')
    await expect.poll(() => cellLocator(eva, kostnader).getAttribute('data-scenario')).toBeNull()
    for (const page of [eva, erik]) await page.context().close()
  })
})
