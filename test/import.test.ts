import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellLocator, cellText, openSignedIn, screenshot, useServerAndBrowser } from './support/browser'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Opens a menu of the menu bar and picks an entry, as a person does with the mouse. */
async function pick(page: Page, menu: string, entry: string | RegExp): Promise<void> {
  await page.getByRole('menubar').getByRole('menuitem', { name: menu, exact: true }).click()
  await page.getByRole('menu').getByRole('menuitem', { name: entry }).click()
}

/** Exportera → Excel (xlsx), and the downloaded file's bytes. */
async function exportXlsx(page: Page): Promise<Buffer> {
  const download = page.waitForEvent('download')
  await pick(page, 'Exportera', 'Excel (xlsx)')
  const path = await (await download).path()
  return readFile(path)
}

/** Exportera → Importera xlsx …, choosing `file` in the file chooser; resolves with the preview dialog. */
async function importXlsx(page: Page, name: string, file: Buffer) {
  const chooser = page.waitForEvent('filechooser')
  await pick(page, 'Exportera', /Importera xlsx/)
  await (await chooser).setFiles({ name, mimeType: XLSX_TYPE, buffer: file })
  const dialog = page.getByRole('dialog', { name: `Importera ${name}` })
  await dialog.getByTestId('import-summary').waitFor()
  return dialog
}

describe('xlsx import with a preview', () => {
  const env = useServerAndBrowser()

  it('[IM8] previews an edited export (2 cells, 1 row), applies it as one edit that one Ctrl+Z takes back; the own export changes nothing', async () => {
    const eva = await openSignedIn(env.browser, env.server.url, 'ekonom')
    await expect.poll(() => cellText(eva, 'C1')).toBe('Budget 2024')
    expect(await cellText(eva, 'A4')).toBe('Netto KF Budget')
    // Formula cells show their values once the engine (or the server's values) has them.
    await expect.poll(() => cellText(eva, 'C4')).not.toBe('')
    const before = { c2: await cellText(eva, 'C2'), c4: await cellText(eva, 'C4'), d2: await cellText(eva, 'D2') }

    const exported = await exportXlsx(eva)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(exported as unknown as ArrayBuffer)
    const budget = book.getWorksheet('Budget')!
    const intakter = Number(budget.getCell('C3').value)
    budget.getCell('C2').value = 21000
    budget.getCell('B3').value = 1400.5
    budget.getRow(6).values = ['Övriga intäkter', 1, 2]
    const edited = Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer)

    const dialog = await importXlsx(eva, 'budget-andrad.xlsx', edited)
    await expect.poll(() => dialog.getByTestId('import-summary').textContent()).toBe('2 celler ändras, 1 rad läggs till')
    const changes = dialog.getByTestId('import-changes')
    const rows = async () => (await changes.locator('tbody tr').allTextContents()).map((t) => t.replace(/\u00a0/g, ' '))
    expect(await rows()).toEqual([
      `BudgetKostnaderBudget 2024${before.c2} → 21 000,0`,
      expect.stringMatching(/^BudgetIntäkterBudget 2023[\d ]+,\d → 1 400,5$/),
      'BudgetÖvriga intäkterny rad1,0; 2,0',
    ])
    expect(await dialog.getByTestId('import-sheet-Budget').textContent()).toContain('2 celler, 1 rad till')
    expect(await dialog.getByTestId('import-sheet-Volym').textContent()).toContain('inga ändringar')
    await screenshot(eva, 'import-preview')

    await dialog.getByRole('button', { name: 'Importera', exact: true }).click()
    await expect.poll(() => cellText(eva, 'C2')).toBe('21 000,0')
    // The totals follow: Netto = Kostnader - Intäkter, and the change column of Kostnader.
    const netto = (21000 - intakter).toLocaleString('sv-SE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).replace(/\u00a0/g, ' ')
    await expect.poll(() => cellText(eva, 'C4')).toBe(netto)
    expect(await cellText(eva, 'B3')).toBe('1 400,5')
    expect(await cellText(eva, 'A6')).toBe('Övriga intäkter')
    expect(await cellText(eva, 'C6')).toBe('2,0')
    expect(await cellText(eva, 'D2')).not.toBe(before.d2)
    expect(await eva.getByRole('dialog', { name: /^Importera/ }).count()).toBe(0)

    await cellLocator(eva, 'B5').click()
    await eva.keyboard.press('Control+z')
    await expect.poll(() => cellText(eva, 'C2')).toBe(before.c2)
    await expect.poll(() => cellText(eva, 'C4')).toBe(before.c4)
    await expect.poll(() => cellText(eva, 'D2')).toBe(before.d2)
    // The added row is gone with the rest: Budget ends at Investeringar again.
    expect(await cellText(eva, 'A5')).toBe('Investeringar')
    expect(await cellLocator(eva, 'A6').count()).toBe(0)

    // The unedited export is what the workbook holds again: nothing to import.
    const again = await importXlsx(eva, 'budget.xlsx', exported)
    await expect.poll(() => again.getByTestId('import-summary').textContent()).toBe('Inga ändringar')
    expect(await again.getByRole('button', { name: 'Importera', exact: true }).isDisabled()).toBe(true)
    // [IM1] A new sheet only when the user picks one: Budget's five rows as "Budget (2)".
    await again.getByLabel('Importera till: Budget', { exact: true }).selectOption({ label: 'Nytt blad' })
    await expect.poll(() => again.getByTestId('import-summary').textContent()).toBe('5 rader läggs till, 1 nytt blad')
    await again.getByRole('button', { name: 'Avbryt' }).first().click()
    await eva.context().close()
  })
})
