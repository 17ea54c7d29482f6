import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listSheets, getSheetGrid, setCells } from '@samplan/domain'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, signIn, untilEngineReady } from '../support/browser'
import { removeDir } from '../support/server-process'
import { buildWeb } from './browser-open'
import { type CpuProfile, describeProfile, summarizeProfile } from './support/cpu-profile'
import { COLS } from './support/generated-workbook'
import type { BenchResult, Row } from './support/report'
import { count, ms, percentile, sleep } from './support/stats'
import { startSamplanTarget, writeGeneratedRoom } from './support/sync-targets'

/** One sheet of 10 000 rows x 10 columns: 100 000 cells shown in one grid. */
const ROWS = Number(process.env.BENCH_REPAINT_ROWS ?? 10_000)
const EDITS = Number(process.env.BENCH_REPAINT_EDITS ?? 100)
/** Remote edits per second: a steady stream, as from a colleague typing and a few more. */
const RATE = Number(process.env.BENCH_REPAINT_RATE ?? 10)
const TARGET_P99_MS = 16
const OPEN_TIMEOUT_MS = 180_000
/** The grid's measuring switch (apps/web/src/grid/sheet-changes.ts, WHOLE_RELOAD_KEY). */
const WHOLE_RELOAD_KEY = 'samplan:grid-whole-reload'

/**
 * In the page: for every frame, the interval since the last one (requestAnimationFrame) and the
 * frame's main-thread time, from the frame's start to a message posted from its rAF callback (a
 * message task runs after the frame's scripts, style, layout and paint). Long animation frames
 * (over 50 ms, Chromium's PerformanceObserver) are counted too.
 */
const FRAME_PROBE = `
  window.__frames = { on: false, intervals: [], busy: [], long: 0 }
  const channel = new MessageChannel()
  let started = 0
  channel.port1.onmessage = () => { if (window.__frames.on) window.__frames.busy.push(performance.now() - started) }
  let last = 0
  const tick = (at) => {
    if (window.__frames.on) {
      if (last) window.__frames.intervals.push(at - last)
      started = at
      channel.port2.postMessage(0)
    }
    last = at
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  try {
    new PerformanceObserver((list) => { if (window.__frames.on) window.__frames.long += list.getEntries().length })
      .observe({ type: 'long-animation-frame', buffered: false })
  } catch {}
`

interface Frames {
  intervals: number[]
  busy: number[]
  long: number
}

type Mode = 'whole' | 'incremental'

async function openGrid(browser: Browser, url: string, workbookId: string, mode: Mode): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addInitScript(
    mode === 'whole'
      ? `localStorage.setItem(${JSON.stringify(WHOLE_RELOAD_KEY)}, '1')`
      : `localStorage.removeItem(${JSON.stringify(WHOLE_RELOAD_KEY)})`,
  )
  await context.addInitScript(FRAME_PROBE)
  const page = await context.newPage()
  await signIn(page, url, 'ekonom')
  await page.locator('input[name="password"]').waitFor({ state: 'detached' })
  await page.goto(`${url}/w/${workbookId}`)
  await page.locator('.ht_master td[data-cell="A1"]').first().waitFor({ timeout: OPEN_TIMEOUT_MS })
  return page
}

/** Waits until the grid shows `value` at `address` (Swedish format: spaces between thousands, maybe decimals). */
function showsNumber(page: Page, address: string, value: number, timeout: number) {
  return page.waitForFunction(
    ([at, digits]) => {
      const text = (document.querySelector(`.ht_master td[data-cell="${at}"]`)?.textContent ?? '').replace(/\s/g, '')
      return new RegExp(`^${digits}(,0+)?$`).test(text)
    },
    [address, String(value)] as const,
    { timeout, polling: 100 },
  )
}

/** One mode: a fresh page, EDITS remote one-cell edits at RATE a second, the page's frames meanwhile. */
async function measure(
  browser: Browser,
  target: Awaited<ReturnType<typeof startSamplanTarget>>,
  workbookId: string,
  mode: Mode,
  round: number,
  profile = false,
): Promise<Frames & { openMs: number; cpu?: CpuProfile }> {
  const openStart = performance.now()
  const page = await openGrid(browser, target.server.url, workbookId, mode)
  const editor = await target.connect(workbookId)
  try {
    const sheetId = listSheets(editor.workbook)[0]!.id
    const grid = getSheetGrid(editor.workbook, sheetId)
    // The grid has the whole sheet once a value written now shows (and the open's work is done).
    const probe = 900_000 + round
    setCells(editor.workbook, sheetId, [{ rowId: grid.rowIds[0]!, colId: grid.colIds[0]!, input: probe }])
    await showsNumber(page, 'A1', probe, OPEN_TIMEOUT_MS)
    // The page's own engine answers the edits measured here: until it is ready, each colleague's edit has
    // the page ask the server for the shown sheet's values again (formulas SPEC FM14), which is the open's work.
    await untilEngineReady(page, OPEN_TIMEOUT_MS)
    const openMs = performance.now() - openStart
    const cdp = profile ? await page.context().newCDPSession(page) : undefined
    if (cdp) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
    }
    await page.evaluate(() => {
      ;(window as unknown as { __frames: { on: boolean } }).__frames.on = true
    })
    // Inputs in column B of the rows in view: the row's formulas and the running sums read them, so each edit
    // recalculates too. Column A is left alone: its running averages make every edit a recalculation of
    // thousands of cells (the mirror section's column-A figure), which would measure the engine, not the grid.
    for (let i = 0; i < EDITS; i++) {
      const row = 1 + (i % 20)
      setCells(editor.workbook, sheetId, [{ rowId: grid.rowIds[row]!, colId: grid.colIds[1]!, input: 1_000 + i }])
      await sleep(1_000 / RATE)
    }
    const last = `B${2 + ((EDITS - 1) % 20)}`
    await showsNumber(page, last, 1_000 + EDITS - 1, 120_000).catch(async (err: Error) => {
      const shown = await page.evaluate((at) => document.querySelector(`.ht_master td[data-cell="${at}"]`)?.textContent, last)
      throw new Error(`${mode}: the last remote edit (${1_000 + EDITS - 1} in ${last}) did not show; the cell shows ${shown}`, {
        cause: err,
      })
    })
    const frames = await page.evaluate(() => {
      const f = (window as unknown as { __frames: Frames & { on: boolean } }).__frames
      f.on = false
      return { intervals: f.intervals, busy: f.busy, long: f.long }
    })
    const cpu = cdp ? ((await cdp.send('Profiler.stop')).profile as CpuProfile) : undefined
    return { ...frames, openMs, cpu }
  } finally {
    editor.destroy()
    await page.context().close()
  }
}

/** Frame times in Chromium while a second client edits one cell at a time, whole-sheet reload vs cell-only updates. */
export async function runRepaint(): Promise<BenchResult> {
  const workDir = mkdtempSync(join(tmpdir(), 'samplan-bench-repaint-'))
  const webDist = join(workDir, 'web')
  try {
    buildWeb(webDist)
    const target = await startSamplanTarget({ SAMPLAN_WEB_DIST: webDist })
    let browser: Browser | undefined
    try {
      const { workbookId, generated, check } = await writeGeneratedRoom(target, 'Repaint 100k', { sheets: 1, rows: ROWS })
      check.destroy()
      browser = await launchBrowser()
      const results = new Map<Mode, Frames & { openMs: number[] }>()
      // Alternate, so drift of the machine's load hits both alike.
      let round = 0
      for (const mode of ['whole', 'incremental', 'whole', 'incremental'] as const) {
        const run = await measure(browser, target, workbookId, mode, round++)
        const sum = results.get(mode) ?? { intervals: [], busy: [], long: 0, openMs: [] }
        sum.intervals.push(...run.intervals)
        sum.busy.push(...run.busy)
        sum.long += run.long
        sum.openMs.push(run.openMs)
        results.set(mode, sum)
        console.error(
          `repaint ${mode}: frame p50 ${percentile(run.busy, 50).toFixed(1)} ms, p99 ${percentile(run.busy, 99).toFixed(1)} ms, interval p99 ${percentile(run.intervals, 99).toFixed(1)} ms`,
        )
      }
      const whole = results.get('whole')!
      const incremental = results.get('incremental')!
      const p99 = percentile(incremental.busy, 99)
      const notes = [
        `Opening (sign-in page to the sheet shown with all ${count(generated.cells)} cells loaded and the page's engine ready): ${whole.openMs.map((v) => v.toFixed(0)).join(', ')} ms (before), ${incremental.openMs.map((v) => v.toFixed(0)).join(', ')} ms (after).`,
      ]
      if (p99 >= TARGET_P99_MS) {
        // One more incremental run, profiled and not counted: where the page's main thread spends the edits.
        const { cpu, busy } = await measure(browser, target, workbookId, 'incremental', round++, true)
        if (cpu)
          notes.push(
            `Target missed. Profile of one extra incremental run (Chromium CPU profile over the ${EDITS} edits, frame p99 ${percentile(busy, 99).toFixed(1)} ms with the profiler on): ${describeProfile(summarizeProfile(cpu))}.`,
          )
      }
      const rows: Row[] = [
        {
          measure: 'frame time (frame start -> its work painted), p50',
          samplan: ms(percentile(incremental.busy, 50)),
          reference: ms(percentile(whole.busy, 50)),
        },
        {
          measure: 'frame time, p99',
          samplan: ms(p99),
          reference: ms(percentile(whole.busy, 99)),
          target: `< ${TARGET_P99_MS} ms`,
          met: p99 < TARGET_P99_MS,
        },
        {
          measure: 'interval between frames (requestAnimationFrame), p50 / p99',
          samplan: `${ms(percentile(incremental.intervals, 50))} / ${ms(percentile(incremental.intervals, 99))}`,
          reference: `${ms(percentile(whole.intervals, 50))} / ${ms(percentile(whole.intervals, 99))}`,
        },
        {
          measure: 'long animation frames (> 50 ms)',
          samplan: count(incremental.long),
          reference: count(whole.long),
        },
        { measure: 'frames measured', samplan: count(incremental.busy.length), reference: count(whole.busy.length) },
        {
          measure: 'sheet',
          samplan: `${count(generated.cells)} cells (${count(generated.formulas)} formulas) in one sheet, ${count(ROWS)} rows x ${COLS} cols`,
          reference: 'the same page and build',
        },
      ]
      return {
        title: 'Grid repaint',
        referenceName: 'before: whole-sheet reload on every change',
        method: `A one-sheet workbook of ${count(generated.cells)} cells is written through the real server. The web app is built
for the run and opened in Chromium (1280x800, the flags of test/support/browser.ts) as ekonom; the grid shows the
sheet's top rows. Once the page's own engine is ready (\`samplan:engine-ready\`), a Node client makes ${EDITS} remote one-cell edits, ${RATE} a second, to inputs in column B
of the rows in view (each edit also recalculates the row's formulas and the running sums that read it). In the page, each frame's
time runs from its requestAnimationFrame timestamp to a message posted from that callback, which runs after the
frame's scripts, style, layout and paint; the interval between frames and Chromium's long animation frames are
recorded too. Measuring stops once the last edit shows. The reference is the same build with the grid's switch
\`localStorage['${WHOLE_RELOAD_KEY}'] = '1'\`, which reloads the whole sheet on every change as before; two runs
of each alternate, each on a fresh page.`,
        rows,
        notes,
      }
    } finally {
      await browser?.close()
      await target.stop()
    }
  } finally {
    removeDir(workDir)
  }
}
