/**
 * Formula engine mirror benchmark. Not a test: run on purpose with
 *   node --import tsx test/bench/mirror.ts
 * Prints a markdown table and writes the "Formula engine mirror" section of docs/PERFORMANCE.md.
 */
import {
  getSheetGrid,
  initWorkbook,
  insertRows,
  listSheets,
  openWorkbook,
  setCells,
  toEngineFormula,
  getCellInput,
  isFormula,
  type Workbook,
} from '@samplan/domain'
import { createRemoteMirror, createWorkbookMirror, engineConfig } from '@samplan/formulas'
import { HyperFormula, type RawCellContent } from 'hyperformula'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { createRng } from '@samplan/domain/testing'
import { startEngineThread } from './support/engine-thread'
import { generateWorkbook } from './support/generated-workbook'

const SHEETS = 4
const ROWS = Number(process.env.BENCH_ROWS ?? 2_500)
const COLS = 10
const BUILD_RUNS = 7
const EDITS = 300
const TARGET_BUILD_RATIO = 1.3
const TARGET_EDIT_P99_MS = 16
/** The worker-backed mirror's edit p99 against the bare engine's (the engine off the page's main thread). */
const TARGET_WORKER_RATIO = 1.25

const LETTERS = 'ABCDEFGHIJ'

/** The 100k-cell workbook, with Samplan's domain functions among the rule-shaped formulas. */
function buildWorkbook(): Workbook {
  const wb = openWorkbook(new Y.Doc())
  initWorkbook(wb, { title: 'Benchmark' })
  generateWorkbook(wb, { rows: ROWS, functions: 'samplan', batchRows: ROWS })
  return wb
}

/** The same content as HyperFormula input, rendered once outside the timed region. */
function engineSheets(wb: Workbook): Record<string, RawCellContent[][]> {
  const sheets: Record<string, RawCellContent[][]> = {}
  for (const info of listSheets(wb)) {
    const grid = getSheetGrid(wb, info.id)
    sheets[info.name] = grid.rowIds.map((rowId) =>
      grid.colIds.map((colId) => {
        const input = getCellInput(wb, info.id, rowId, colId)
        if (input === undefined || input === null) return null
        if (isFormula(input)) return toEngineFormula(wb, info.id, input)
        return typeof input === 'string' ? `'${input}` : input
      }),
    )
  }
  return sheets
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

function time(fn: () => void): number {
  const start = performance.now()
  fn()
  return performance.now() - start
}

function countCells(wb: Workbook): { cells: number; formulas: number } {
  let cells = 0
  let formulas = 0
  for (const info of listSheets(wb)) {
    const grid = getSheetGrid(wb, info.id)
    for (const rowId of grid.rowIds) {
      for (const colId of grid.colIds) {
        const input = getCellInput(wb, info.id, rowId, colId)
        if (input === undefined || input === null) continue
        cells++
        if (isFormula(input)) formulas++
      }
    }
  }
  return { cells, formulas }
}

// Other processes on a shared machine skew timings; the figure goes into the report.
const LOAD_AT_START = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ')

interface EditPlan {
  row: number
  value: number
}

/**
 * The same edits through the worker-backed mirror: the engine in a worker thread, the doc here. Each is
 * timed from `setCells` until the worker's reply with the changed cells has arrived and updated the
 * values here (`whenCurrent()` resolves right after onRecalculated has fired).
 */
async function workerEdits(
  wb: Workbook,
  sheetId: string,
  plans: EditPlan[][],
): Promise<{ readyMs: number; runs: { times: number[]; changedPerEdit: number }[] }> {
  const engine = startEngineThread()
  try {
    const opened = performance.now()
    const remote = createRemoteMirror(wb, engine.port, { Y })
    await remote.whenCurrent()
    const readyMs = performance.now() - opened
    let changedCells = 0
    remote.onRecalculated((changed) => {
      changedCells += changed.length
    })
    const grid = getSheetGrid(wb, sheetId)
    const runs: { times: number[]; changedPerEdit: number }[] = []
    for (const [col, plan] of plans.entries()) {
      changedCells = 0
      const times: number[] = []
      for (const { row, value } of plan) {
        const start = performance.now()
        // Half a unit off the in-process run's value, so every dependent changes again and is sent back.
        setCells(wb, sheetId, [{ rowId: grid.rowIds[row]!, colId: grid.colIds[col]!, input: value + 0.5 }])
        await remote.whenCurrent()
        times.push(performance.now() - start)
      }
      runs.push({ times, changedPerEdit: changedCells / plan.length })
    }
    remote.destroy()
    return { readyMs, runs }
  } finally {
    await engine.stop()
  }
}

async function main(): Promise<void> {
  let wb!: Workbook
  const genMs = time(() => {
    wb = buildWorkbook()
  })
  const { cells, formulas } = countCells(wb)
  const data = engineSheets(wb)

  // Warm both paths once (JIT, plugin registration), then take medians.
  createWorkbookMirror(wb).destroy()
  HyperFormula.buildFromSheets(data, engineConfig('en')).destroy()
  const mirrorBuilds: number[] = []
  const hfBuilds: number[] = []
  for (let i = 0; i < BUILD_RUNS; i++) {
    let hf!: HyperFormula
    hfBuilds.push(time(() => (hf = HyperFormula.buildFromSheets(data, engineConfig('en')))))
    hf.destroy()
    let mirror!: ReturnType<typeof createWorkbookMirror>
    mirrorBuilds.push(time(() => (mirror = createWorkbookMirror(wb))))
    mirror.destroy()
  }
  const mirrorBuild = median(mirrorBuilds)
  const hfBuild = median(hfBuilds)
  // The ratio uses the fastest of each: on a shared machine the minimum is the run least disturbed by other load.
  const ratio = Math.min(...mirrorBuilds) / Math.min(...hfBuilds)

  // One-cell edits on the first sheet. Column A feeds row formulas, 20-row windows and the running
  // AVERAGE(A1:An) down the sheet; column B feeds only row formulas and windows.
  const mirror = createWorkbookMirror(wb)
  let changedCells = 0
  mirror.onRecalculated((changed) => {
    changedCells += changed.length
  })
  const first = listSheets(wb)[0]!
  const grid = getSheetGrid(wb, first.id)
  const plans = [0, 1].map((col) => {
    const generator = createRng(7 + col)
    const random = () => generator.next()
    return Array.from({ length: EDITS }, () => ({
      row: Math.floor(random() * grid.rowIds.length),
      value: Math.round(random() * 10_000) / 10,
    }))
  })
  const editRuns = plans.map((plan, col) => {
    changedCells = 0
    const viaMirror = plan.map(({ row, value }) =>
      time(() => setCells(wb, first.id, [{ rowId: grid.rowIds[row]!, colId: grid.colIds[col]!, input: value }])),
    )
    const changedPerEdit = changedCells / EDITS
    // The same edits on a bare HyperFormula instance: what the engine itself needs, without Yjs or the mirror.
    const bare = HyperFormula.buildFromSheets(data, engineConfig('en'))
    const bareSheet = bare.getSheetId(first.name)!
    const viaEngine = plan.map(({ row, value }) => time(() => bare.setCellContents({ sheet: bareSheet, row, col }, value)))
    bare.destroy()
    return { column: LETTERS[col]!, viaMirror, viaEngine, changedPerEdit }
  })

  // Structure: one row inserted in the middle of the first sheet (ranges grow, formulas re-rendered).
  const inserts: number[] = []
  for (let i = 0; i < 5; i++) inserts.push(time(() => insertRows(wb, first.id, Math.floor(ROWS / 2), 1)))
  mirror.destroy()
  // After the in-process mirror is gone, so its recalculation does not run inside the timed edits.
  const worker = await workerEdits(wb, first.id, plans)

  const fmt = (ms: number) => ms.toFixed(1).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**')
  const table = [
    '| measure | value | target | status |',
    '|---|---|---|---|',
    `| workbook | ${cells.toLocaleString('en-US')} cells, ${formulas.toLocaleString('en-US')} formulas (${((formulas / cells) * 100).toFixed(0)} %), ${SHEETS} sheets x ${ROWS} rows x ${COLS} cols | | |`,
    `| HyperFormula.buildFromSheets, median / best of ${BUILD_RUNS} | ${fmt(hfBuild)} / ${fmt(Math.min(...hfBuilds))} ms | | |`,
    `| createWorkbookMirror, median / best of ${BUILD_RUNS} | ${fmt(mirrorBuild)} / ${fmt(Math.min(...mirrorBuilds))} ms | | |`,
    `| build ratio mirror / buildFromSheets (best runs) | ${ratio.toFixed(2)} | <= ${TARGET_BUILD_RATIO} | ${verdict(ratio <= TARGET_BUILD_RATIO)} |`,
    ...editRuns.flatMap(({ column, viaMirror, viaEngine, changedPerEdit }) => {
      const p99 = percentile(viaMirror, 99)
      return [
        `| one-cell edit in column ${column} -> dependents recomputed, p50 / p99 (${EDITS} edits, ${changedPerEdit.toFixed(0)} cells changed on average) | ${fmt(percentile(viaMirror, 50))} / ${fmt(p99)} ms | p99 < ${TARGET_EDIT_P99_MS} ms | ${verdict(p99 < TARGET_EDIT_P99_MS)} |`,
        `| same edits on a bare HyperFormula instance, p50 / p99 | ${fmt(percentile(viaEngine, 50))} / ${fmt(percentile(viaEngine, 99))} ms | | engine alone |`,
      ]
    }),
    ...editRuns.map(({ column, viaEngine }, col) => {
      const run = worker.runs[col]!
      const p99 = percentile(run.times, 99)
      const workerRatio = p99 / percentile(viaEngine, 99)
      return `| worker-backed mirror (engine in a worker thread): one-cell edit in column ${column} -> reply with the changed cells arrived, p50 / p99 (${run.changedPerEdit.toFixed(0)} cells changed on average); p99 / bare engine's p99 | ${fmt(percentile(run.times, 50))} / ${fmt(p99)} ms; ${workerRatio.toFixed(2)}x | <= ${TARGET_WORKER_RATIO}x bare | ${verdict(workerRatio <= TARGET_WORKER_RATIO)} |`
    }),
    `| worker-backed mirror: worker thread started (its modules loaded through tsx) -> engine built there and every formula value back | ${fmt(worker.readyMs)} ms | | (no target) |`,
    `| row insert in a ${ROWS}-row sheet, median of 5 | ${fmt(median(inserts))} ms | | (no target) |`,
    `| generating the workbook through the domain (setup, not measured above) | ${fmt(genMs)} ms | | |`,
  ].join('\n')
  console.log(table)

  // Say why a target is missed: the mirror's share, or the engine's own recalculation.
  const notes = editRuns.flatMap(({ column, viaMirror, viaEngine }) => {
    const p99 = percentile(viaMirror, 99)
    if (p99 < TARGET_EDIT_P99_MS) return []
    const engineP99 = percentile(viaEngine, 99)
    return engineP99 >= TARGET_EDIT_P99_MS
      ? [
          `Column ${column} misses the edit target in the bare engine as well (p99 ${fmt(engineP99)} ms): the time is HyperFormula ` +
            'recalculating what depends on the cell (here the running AVERAGE(A1:An) ranges below it), not the mirror. ' +
            'Workbooks without long running aggregates meet the target (column B).',
        ]
      : [
          `Column ${column} misses the edit target while the bare engine meets it (p99 ${fmt(engineP99)} ms): the mirror's overhead needs work.`,
        ]
  })
  editRuns.forEach(({ column, viaEngine }, col) => {
    const run = worker.runs[col]!
    const engineP99 = percentile(viaEngine, 99)
    const workerRatio = percentile(run.times, 99) / engineP99
    if (workerRatio <= TARGET_WORKER_RATIO) return
    notes.push(
      `The worker-backed mirror misses its target in column ${column} (p99 ${fmt(percentile(run.times, 99))} ms vs the bare engine's ${fmt(engineP99)} ms): ` +
        'besides the recalculation it applies the Yjs update in the worker, reads the changed values and sends them back; ' +
        `a single slow edit decides a p99 of ${EDITS}, so a loaded machine moves it most.`,
    )
  })
  if (ratio > TARGET_BUILD_RATIO)
    notes.push('The build ratio target is missed: reading the doc and rendering formulas costs more than 30 % of the engine build.')

  const cpus = os.cpus()
  const machine = `${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}, load average (1/5/15 min) ${LOAD_AT_START} at start and ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} at the end`
  const section = [
    '## Formula engine mirror',
    '',
    'Command: `node --import tsx test/bench/mirror.ts` (from the repo root; not part of `npm test`).',
    `Machine: ${machine}. Date: ${new Date().toISOString().slice(0, 10)}.`,
    '',
    'A generated workbook is written through the domain (Y.Doc), then `createWorkbookMirror` is timed against',
    '`HyperFormula.buildFromSheets` on the same engine texts (rendered beforehand, so the baseline does no Yjs',
    'reading or formula rendering). An edit is timed from `setCells` to the end of the mirror batch',
    '(onRecalculated has fired): the Y transaction, the observer, one HyperFormula batch and the recalculation.',
    'The same edits on a bare HyperFormula instance show what the engine itself needs; the difference is the',
    "mirror's cost. Formula mix: `=A1+B1*2` (35 %), `=SUM(An-20:Bn)` (25 %), links to the previous sheet",
    '(15 %), `RSUGRANT` (10 %), `IF(MEETSFLOOR(SCHOOLVOUCHERSHARE(..)),1,0)` (10 %) and running `AVERAGE(A1:An)`',
    '(5 %); inputs sit in columns A and B. The worker-backed mirror (`createRemoteMirror`, the design the web app',
    'uses) keeps the doc on this thread and the engine in a `node:worker_threads` worker (`hostWorkbookMirror`),',
    'with the same edits timed until its reply has updated the values here; its ratio compares that p99 with the',
    "bare engine's p99 of the same edits.",
    '',
    table,
    '',
    ...notes.flatMap((note) => [note, '']),
  ].join('\n')
  writeSection(section)
}

function writeSection(section: string): void {
  // BENCH_DOC: a trial run's report goes there, and docs/PERFORMANCE.md keeps its figures.
  const file = process.env.BENCH_DOC ?? fileURLToPath(new URL('../../docs/PERFORMANCE.md', import.meta.url))
  const current = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Performance\n\nFigures from the benchmark scripts; each section says how it was measured.\n'
  const start = current.indexOf('## Formula engine mirror')
  let next: string
  if (start === -1) next = `${current.trimEnd()}\n\n${section}`
  else {
    const end = current.indexOf('\n## ', start + 1)
    next = `${current.slice(0, start)}${section}${end === -1 ? '' : current.slice(end + 1)}`
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`)
  console.log(`\nWrote the "Formula engine mirror" section of ${file}`)
}

await main()
