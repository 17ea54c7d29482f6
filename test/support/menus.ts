import type { Page } from 'playwright-core'

/** A menu of the app bar by its name (`Arkiv`, `Exportera`, …). */
export function menuButton(page: Page, name: string) {
  return page.getByRole('menubar').getByRole('menuitem', { name, exact: true })
}

/** Opens a menu of the app bar and clicks an entry (its name starts with `entry`), as a person does with the mouse. */
export async function chooseMenu(page: Page, menu: string, entry: string): Promise<void> {
  await menuButton(page, menu).click()
  await page.getByRole('menu').locator('[role^="menuitem"]', { hasText: entry }).first().click()
}

/** Whether the UI is in English, read off the File menu's name. */
async function inEnglish(page: Page): Promise<boolean> {
  return (await menuButton(page, 'File').count()) > 0
}

/** Arkiv > Versioner … (File > Versions … in English) opens the versions dialog. */
export async function openVersions(page: Page): Promise<void> {
  if (await inEnglish(page)) await chooseMenu(page, 'File', 'Versions')
  else await chooseMenu(page, 'Arkiv', 'Versioner')
}

/** Switches the UI language through Arkiv > English (File > Svenska back). */
export async function switchLanguage(page: Page, locale: 'sv-SE' | 'en'): Promise<void> {
  await chooseMenu(page, (await inEnglish(page)) ? 'File' : 'Arkiv', locale === 'en' ? 'English' : 'Svenska')
}
