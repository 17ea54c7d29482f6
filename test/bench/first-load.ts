import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { launchBrowser, signIn } from '../support/browser'
import { removeDir, repoRoot } from '../support/server-process'
import { buildWeb } from './browser-open'
import type { BenchResult, Row } from './support/report'
import { bytes, count, median, ms, ratio } from './support/stats'
import { startSamplanTarget } from './support/sync-targets'

const RUNS = Number(process.env.BENCH_DOWNLOAD_RUNS ?? 5)
/** The last commit whose web app loaded every dialog and all of Handsontable up front. */
const BASE = process.env.BENCH_DOWNLOAD_BASE ?? '4121a585ff83c5a760eb259891af4d2aa1830963'
const WORKBOOK = 'vp-2024'
const OPEN_TIMEOUT_MS = 120_000
/** Trace events of V8 compiling and running a module's top-level code (devtools.timeline, v8 categories). */
const COMPILE_EVENTS = new Set(['v8.compileModule', 'v8.compile', 'v8.produceModuleCache', 'v8.parseOnBackground'])
const EVALUATE_EVENTS = new Set(['v8.evaluateModule', 'EvaluateScript'])

interface OpenResult {
  /** Bytes Chromium received for the document, scripts and stylesheets (compressed bodies plus headers). */
  transferred: number
  scripts: number
  stylesheets: number
  /** Uncompressed size of the scripts fetched, from the build directory. */
  scriptBytes: number
  compileMs: number
  evaluateMs: number
  firstCellMs: number
}

/**
 * Checks out `commit` into a temporary worktree and builds its web app there, with the main tree's
 * node_modules except the workspace packages, which resolve to the worktree's own.
 */
function buildCommit(commit: string, outDir: string, workDir: string): void {
  const tree = join(workDir, 'base-tree')
  const git = (...args: string[]) => {
    const result = spawnSync('git', args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] })
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed`)
  }
  git('worktree', 'add', '--detach', tree, commit)
  try {
    const modules = join(repoRoot, 'node_modules')
    const overlay = join(tree, 'node_modules')
    mkdirSync(overlay)
    for (const name of readdirSync(modules)) {
      if (name !== '@samplan') symlinkSync(join(modules, name), join(overlay, name))
    }
    mkdirSync(join(overlay, '@samplan'))
    for (const name of readdirSync(join(modules, '@samplan'))) {
      const target = readlinkSync(join(modules, '@samplan', name))
      const inTree = resolve(join(overlay, '@samplan'), target)
      if (existsSync(inTree)) symlinkSync(inTree, join(overlay, '@samplan', name))
    }
    buildWeb(outDir, join(tree, 'apps/web'))
  } finally {
    git('worktree', 'remove', '--force', tree)
  }
}

async function recordNetwork(cdp: CDPSession, distDir: string) {
  const types = new Map<string, { type: string; url: string }>()
  const result = { transferred: 0, scripts: 0, stylesheets: 0, scriptBytes: 0 }
  cdp.on('Network.responseReceived', (event) => types.set(event.requestId, { type: event.type, url: event.response.url }))
  cdp.on('Network.loadingFinished', (event) => {
    const response = types.get(event.requestId)
    if (!response || !['Document', 'Script', 'Stylesheet'].includes(response.type)) return
    result.transferred += event.encodedDataLength
    if (response.type === 'Stylesheet') result.stylesheets++
    if (response.type === 'Script') {
      result.scripts++
      const file = join(distDir, new URL(response.url).pathname)
      if (existsSync(file)) result.scriptBytes += statSync(file).size
    }
  })
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  return result
}

interface TraceEvent {
  name: string
  ph: string
  dur?: number
  pid: number
  tid: number
  ts: number
}

/** Sums compile and evaluate time of top-level trace events (nested ones are inside their parent's duration). */
function scriptTimes(trace: Buffer): { compileMs: number; evaluateMs: number } {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
  const timed = events.filter((e) => e.ph === 'X' && e.dur !== undefined && (COMPILE_EVENTS.has(e.name) || EVALUATE_EVENTS.has(e.name)))
  timed.sort((a, b) => a.ts - b.ts)
  let compile = 0
  let evaluate = 0
  const openUntil = new Map<string, number>()
  for (const event of timed) {
    const thread = `${event.pid}:${event.tid}`
    if (event.ts < (openUntil.get(thread) ?? 0)) continue
    openUntil.set(thread, event.ts + event.dur!)
    if (COMPILE_EVENTS.has(event.name)) compile += event.dur!
    else evaluate += event.dur!
  }
  return { compileMs: compile / 1000, evaluateMs: evaluate / 1000 }
}

/** A signed-in user's cold open of the workbook: a fresh context, the HTTP cache off, no offline copy. */
async function openCold(browser: Browser, url: string, distDir: string): Promise<OpenResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const page: Page = await context.newPage()
    await signIn(page, url, 'ekonom')
    await page.locator('input[name="password"]').waitFor({ state: 'detached' })
    const cdp = await context.newCDPSession(page)
    const network = await recordNetwork(cdp, distDir)
    await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'disabled-by-default-v8.compile'] })
    const started = performance.now()
    await page.goto(`${url}/w/${WORKBOOK}`, { waitUntil: 'commit' })
    await page.locator('.ht_master td').first().waitFor({ timeout: OPEN_TIMEOUT_MS })
    const firstCellMs = performance.now() - started
    const times = scriptTimes(await browser.stopTracing())
    return { ...network, ...times, firstCellMs }
  } finally {
    await context.close()
  }
}

/** First-load transfer and script compile/evaluate time of the web app, this tree against `BASE`, in one run. */
export async function runFirstLoad(): Promise<BenchResult> {
  const workDir = mkdtempSync(join(tmpdir(), 'samplan-bench-download-'))
  const afterDist = join(workDir, 'after')
  const beforeDist = join(workDir, 'before')
  try {
    buildWeb(afterDist)
    buildCommit(BASE, beforeDist, workDir)
    const after = await startSamplanTarget({ SAMPLAN_WEB_DIST: afterDist })
    const before = await startSamplanTarget({ SAMPLAN_WEB_DIST: beforeDist })
    let browser: Browser | undefined
    try {
      browser = await launchBrowser()
      const afterRuns: OpenResult[] = []
      const beforeRuns: OpenResult[] = []
      // Alternate, so drift of the machine's load hits both alike.
      for (let run = 0; run < RUNS; run++) {
        beforeRuns.push(await openCold(browser, before.server.url, beforeDist))
        afterRuns.push(await openCold(browser, after.server.url, afterDist))
        console.error(`download run ${run + 1}: before ${beforeRuns.at(-1)!.transferred} B, after ${afterRuns.at(-1)!.transferred} B`)
      }
      const med = (runs: OpenResult[], f: (r: OpenResult) => number) => median(runs.map(f))
      const msRow = (measure: string, f: (r: OpenResult) => number): Row => ({
        measure,
        samplan: ms(med(afterRuns, f)),
        reference: ms(med(beforeRuns, f)),
        ratio: ratio(med(afterRuns, f), med(beforeRuns, f)),
      })
      const a = afterRuns[0]!
      const b = beforeRuns[0]!
      const rows: Row[] = [
        {
          measure: 'first-load transfer: document, scripts and stylesheets as sent (gzip bodies plus headers)',
          samplan: bytes(a.transferred),
          reference: bytes(b.transferred),
          ratio: ratio(a.transferred, b.transferred),
          target: '< before',
          met: a.transferred < b.transferred,
        },
        {
          measure: 'the same in bytes',
          samplan: count(a.transferred),
          reference: count(b.transferred),
        },
        {
          measure: 'scripts fetched, uncompressed',
          samplan: `${bytes(a.scriptBytes)} in ${a.scripts} files`,
          reference: `${bytes(b.scriptBytes)} in ${b.scripts} files`,
          ratio: ratio(a.scriptBytes, b.scriptBytes),
        },
        { measure: 'stylesheets fetched', samplan: String(a.stylesheets), reference: String(b.stylesheets) },
        msRow(`script compile (V8 trace events), median of ${RUNS}`, (r) => r.compileMs),
        msRow(`script evaluate (module top-level code), median of ${RUNS}`, (r) => r.evaluateMs),
        msRow(`compile + evaluate, median of ${RUNS}`, (r) => r.compileMs + r.evaluateMs),
        msRow(`navigation -> first grid cell, median of ${RUNS}`, (r) => r.firstCellMs),
        {
          measure: 'compile + evaluate, every run',
          samplan: `${afterRuns.map((r) => (r.compileMs + r.evaluateMs).toFixed(0)).join(', ')} ms`,
          reference: `${beforeRuns.map((r) => (r.compileMs + r.evaluateMs).toFixed(0)).join(', ')} ms`,
        },
      ]
      const steady = afterRuns.every((r) => r.transferred === a.transferred) && beforeRuns.every((r) => r.transferred === b.transferred)
      return {
        title: 'First load',
        referenceName: `before: commit ${BASE.slice(0, 7)}`,
        method: `Command: \`npm run bench -- download\`. The web app of this tree and of commit ${BASE.slice(0, 7)} (the last that
loaded every dialog and all of Handsontable up front; \`BENCH_DOWNLOAD_BASE\` picks another) are built with
\`vite build\` (the earlier one in a temporary \`git worktree\`, with this tree's node_modules) and each served by
its own Samplan server, which gzips \`/assets/\` as in production. The Samplan column is this tree, the reference column that commit. Each run opens a fresh Chromium context with the
HTTP cache disabled, signs in as ekonom, then navigates to \`/w/${WORKBOOK}\` and waits for the first grid cell; runs
alternate between the two builds. Transfer: the sum of \`encodedDataLength\` (DevTools protocol, body as sent plus
response headers) of the document, scripts and stylesheets of that navigation. Script time: a Chromium trace of the
same navigation, summing on every thread (background parsing included) the top-level \`v8.compile\`, \`v8.compileModule\`, \`v8.parseOnBackground\` events (compile)
and \`v8.evaluateModule\`, \`EvaluateScript\` events (the modules' top-level code, which registers Handsontable's
plugins; React renders afterwards and is not in it). Functions V8 compiles lazily later are not counted.`,
        rows,
        notes: [
          ...(steady
            ? ['The transferred bytes were the same in every run of each build.']
            : ['The transferred bytes differed between runs; the table shows the first run of each build.']),
          'The byte counts do not depend on the machine; the times do: read them with the load average below (every run is listed).',
        ],
      }
    } finally {
      await browser?.close()
      await after.stop()
      await before.stop()
    }
  } finally {
    removeDir(workDir)
  }
}
