import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cellLocator, findCell, openSignedIn, screenshot, typeInto, useServerAndBrowser } from './support/browser'
import { login } from './support/yjs-client'

const VOLYM_CHART = 'Antal barn/elever per skolform'

/** Opens a sheet by its tab, as a person does. */
async function openSheet(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click()
  await page.waitForFunction(
    (sheet) => document.querySelector('.sp-tab-active')?.textContent === sheet && document.querySelector('.ht_master td[data-cell="A1"]') !== null,
    name,
  )
}

function chart(page: Page, title: string) {
  return page.getByRole('figure', { name: title, exact: true })
}

/** The chart's accessible data table, as text rows (header row first), no-break spaces as spaces. */
async function chartTable(page: Page, title: string): Promise<string[][]> {
  return chart(page, title)
    .getByTestId('chart-data')
    .evaluate((table: HTMLTableElement) =>
      [...table.rows].map((row) => [...row.cells].map((cell) => (cell.textContent ?? '').replace(/\u00a0/g, ' '))),
    )
}

/** The figure in the table at a category (row) and series (column). */
async function chartValue(page: Page, title: string, category: string, series: string): Promise<string | undefined> {
  const [head = [], ...rows] = await chartTable(page, title)
  return rows.find((row) => row[0] === category)?.[head.indexOf(series)]
}

/** What poppler reads from a PDF: its text, and its list of embedded images. */
function poppler(pdf: Buffer): { text: string; images: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-charts-'))
  try {
    const file = join(dir, 'bilaga.pdf')
    writeFileSync(file, pdf)
    return {
      text: execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\u00a0/g, ' '),
      // `pdfimages -list` prints two header lines, then one line per image.
      images: execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n').slice(2),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Whether ECharts has drawn the chart: its SVG holds paths. */
async function drawn(page: Page, title: string): Promise<boolean> {
  return (await chart(page, title).locator('.sp-chart-canvas svg path').count()) > 0
}

describe('charts in the workbook, in Chromium', () => {
  const env = useServerAndBrowser()

  it('[CH4] shows the Volym chart and redraws it on both pages when an ekonom changes an input', async () => {
    const eva = await openSignedIn(env.browser, env.server.url, 'ekonom')
    const anna = await openSignedIn(env.browser, env.server.url, 'admin')
    for (const page of [eva, anna]) {
      await openSheet(page, 'Volym')
      await expect.poll(() => drawn(page, VOLYM_CHART)).toBe(true)
      expect(await chartValue(page, VOLYM_CHART, 'KF 2024', 'Grundskola åk F-9')).toBe('103 496')
    }
    expect(await chart(eva, VOLYM_CHART).locator('.sp-chart-canvas').getAttribute('aria-label')).toMatch(/6 serier över 3 kategorier/)
    const cell = await findCell(eva, 'Grundskola åk F-9', 'KF 2024')
    await typeInto(eva, cell, '104000')
    for (const page of [eva, anna]) {
      await expect.poll(() => chartValue(page, VOLYM_CHART, 'KF 2024', 'Grundskola åk F-9')).toBe('104 000')
    }
    await chart(anna, VOLYM_CHART).getByText('Visa data').click()
    await screenshot(anna, 'charts-volym')
    await eva.context().close()
    await anna.context().close()
  })

  it('[CH8] an ekonom adds a chart from a selected range, a colleague sees it, and it is removed again', async () => {
    const eva = await openSignedIn(env.browser, env.server.url, 'ekonom')
    const anna = await openSignedIn(env.browser, env.server.url, 'admin')
    for (const page of [eva, anna]) await openSheet(page, 'Volym')
    // A1:C4: the header row, three skolformer, KF 2023 and KF 2024, selected from C4 with the keyboard.
    await cellLocator(eva, 'C4').click()
    for (const key of ['ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowLeft', 'ArrowLeft']) await eva.keyboard.press(`Shift+${key}`)
    await eva.getByTestId('chart-add').click()
    const title = 'Antal barn/elever, hemkommun Stockholm'
    await expect.poll(() => eva.getByTestId('chart-message').textContent()).toContain(`Diagrammet ”${title}” är tillagt.`)
    for (const page of [eva, anna]) {
      await expect.poll(() => drawn(page, title)).toBe(true)
      expect(await chartTable(page, title)).toEqual([
        ['Kategori', 'KF 2023 (härledd)', 'KF 2024'],
        ['Fritidshem 6–12 år', '40 100', '40 455'],
        ['Fritidsklubb', '13 365', '13 293'],
        ['Grundskola åk F-9', '103 025', '104 000'],
      ])
    }
    await chart(anna, title).getByTestId('chart-remove').click()
    for (const page of [eva, anna]) await expect.poll(() => chart(page, title).count()).toBe(0)
    expect(await chart(eva, VOLYM_CHART).count()).toBe(1)

    // A selection without numbers is refused with the reason.
    await cellLocator(eva, 'C4').click()
    await eva.keyboard.press('ArrowLeft')
    await eva.keyboard.press('ArrowLeft')
    await eva.getByTestId('chart-add').click()
    await expect.poll(() => eva.getByTestId('chart-message').textContent()).toContain('Markeringen har inga tal att rita.')
    await eva.context().close()
    await anna.context().close()
  })

  it('[CH9] a läsare sees the charts and their data but is offered no way to add or remove one', async () => {
    const lars = await openSignedIn(env.browser, env.server.url, 'lasare')
    await openSheet(lars, 'Volym')
    await expect.poll(() => drawn(lars, VOLYM_CHART)).toBe(true)
    expect(await lars.getByTestId('chart-add').count()).toBe(0)
    expect(await lars.getByTestId('chart-remove').count()).toBe(0)
    // The panel folds away and opens again.
    await lars.getByTestId('chart-toggle').click()
    await expect.poll(() => chart(lars, VOLYM_CHART).count()).toBe(0)
    await lars.getByTestId('chart-toggle').click()
    await expect.poll(() => drawn(lars, VOLYM_CHART)).toBe(true)
    // Budget has no chart: a läsare sees no panel at all there.
    await openSheet(lars, 'Budget')
    await expect.poll(() => lars.getByTestId('chart-panel').count()).toBe(0)
    await lars.context().close()
  })

  it('[CH4] prints the Volym chart after its table in the PDF bilaga as vector graphics and text, no image', async () => {
    const token = await login(env.server.url, 'lasare')
    const res = await fetch(`${env.server.url}/api/workbooks/vp-2024/export?format=pdf&sheet=Volym&token=${encodeURIComponent(token)}`)
    expect(res.status).toBe(200)
    const { text, images } = poppler(Buffer.from(await res.arrayBuffer()))
    // The ekonom's edit above is in the table and in the chart drawn from the same values.
    expect(text).toMatch(/Grundskola åk F-9\s+103 025\s+104 000/)
    const chartAt = text.indexOf(VOLYM_CHART)
    expect(chartAt).toBeGreaterThan(text.indexOf('Källa:'))
    for (const label of ['KF 2023 (härledd)', 'VP 2024', 'Anpassad gymnasieskola', '100 000']) expect(text.slice(chartAt)).toContain(label)
    expect(images).toEqual([])
  })
})
