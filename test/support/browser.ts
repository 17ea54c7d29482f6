import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { repoRoot, type ServerProcess } from './server-process'
import { useServer } from './use-server'

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Flags this sandbox needs (no network beyond loopback, root user). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const artifactsDir = join(repoRoot, 'test/artifacts')

/** Launches Chromium; playwright gives each launch a fresh temporary --user-data-dir. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`)
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true })
}

/** Builds the web app if no build exists (turbo builds it before `npm test`). */
export function ensureWebBuild(): void {
  if (existsSync(join(repoRoot, 'apps/web/dist/index.html'))) return
  const result = spawnSync('npm', ['run', 'build', '-w', '@samplan/web'], { cwd: repoRoot, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('web build failed')
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true })
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true })
}

/** The A1 address of the cell in `header` column on the row whose column A reads `rowLabel`. */
export async function findCell(page: Page, rowLabel: string, header: string): Promise<string> {
  return page.evaluate(
    ([label, head]) => {
      const cells = [...document.querySelectorAll<HTMLTableCellElement>('.ht_master td[data-cell]')]
      const rowOf = (addr: string) => Number(/\d+$/.exec(addr)?.[0])
      const colOf = (addr: string) => /^[A-Z]+/.exec(addr)?.[0] ?? ''
      const labelCell = cells.find((td) => colOf(td.dataset.cell ?? '') === 'A' && td.textContent === label)
      const headerCell = cells.find((td) => rowOf(td.dataset.cell ?? '') === 1 && td.textContent === head)
      if (!labelCell || !headerCell) throw new Error(`cell not found: ${label} / ${head}`)
      return `${colOf(headerCell.dataset.cell ?? '')}${rowOf(labelCell.dataset.cell ?? '')}`
    },
    [rowLabel, header] as const,
  )
}

/**
 * The cell a person sees and clicks: frozen rows and the frozen label column are drawn again on
 * top of the main table (Handsontable's overlays, later in the document), so the last copy is on top.
 */
export function cellLocator(page: Page, address: string) {
  const cell = `td[data-cell="${address}"]`
  return page
    .locator(`.ht_master ${cell}, .ht_clone_top ${cell}, .ht_clone_inline_start ${cell}, .ht_clone_top_inline_start_corner ${cell}`)
    .last()
}

/** Signs in through the login form with a demo user (README.md lists them). */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password = 'samplan2024',
  beforeSubmit?: (page: Page) => Promise<void>,
): Promise<void> {
  await page.goto(baseUrl)
  // The form shows once the page's load-time session check has answered "signed out".
  await page.locator('input[name="username"]').waitFor()
  await beforeSubmit?.(page)
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('button[type="submit"]').click()
}

/** A fresh browser context (own storage), signed in as `username`, with the grid shown. */
export async function openSignedIn(
  browser: Browser,
  baseUrl: string,
  username: string,
  beforeSubmit?: (page: Page) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error(`${username} page error:`, err.message))
  await signIn(page, baseUrl, username, undefined, beforeSubmit)
  await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: 30_000 })
  // Formula cells show their values once the engine has answered: a test reads totals as a person would, once they are there.
  await untilEngineReady(page)
  return page
}

/** Resolves once the page's own formula engine has answered (the `samplan:engine-ready` mark engine-mirror.ts leaves). */
export async function untilEngineReady(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('samplan:engine-ready').length > 0, null, { timeout })
}

/** Clicks a cell and waits until the address box names it. */
export async function selectCell(page: Page, address: string): Promise<void> {
  await cellLocator(page, address).click()
  await page.waitForFunction((a) => document.querySelector('[data-testid="address"]')?.textContent === a, address)
}

/** Selects a cell, types as a user would and commits with Enter; returns once the edit is painted. */
export async function typeInto(page: Page, address: string, value: string): Promise<void> {
  await selectCell(page, address)
  // Let the selection settle (formula bar, side panel) before typing, as a person's eyes would.
  await nextPaint(page)
  await page.keyboard.type(value)
  await page.keyboard.press('Enter')
  // The grid repaints an edited cell at the next frame (workbook-grid.ts, `editApplying`): a read
  // right after Enter could still see the old text.
  await nextPaint(page)
}

/** Resolves after the page's next two animation frames: whatever a frame callback queued before the call has drawn. */
export function nextPaint(page: Page): Promise<unknown> {
  return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
}

/** A cell's shown text with no-break spaces as plain spaces (`20 684,1`). */
export async function cellText(page: Page, address: string): Promise<string> {
  return ((await cellLocator(page, address).textContent()) ?? '').replace(/\u00a0/g, ' ')
}

/** A cell's figure without the digit groups' spaces (`199 000` reads `199000`). */
export async function cellFigure(page: Page, address: string): Promise<string> {
  return (await cellText(page, address)).replace(/\s/g, '')
}

/**
 * A real server (temporary database) and Chromium for one describe block, started before its
 * tests and stopped after them. Read `server` and `browser` inside tests, not at collection time.
 */
export function useServerAndBrowser(): { readonly server: ServerProcess; readonly browser: Browser } {
  // Built before the server starts: it serves the web app only if the build is there.
  beforeAll(() => ensureWebBuild())
  const running = useServer()
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return {
    get server() {
      return running.server
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll')
      return browser
    },
  }
}
