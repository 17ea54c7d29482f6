/**
 * Every benchmark in sequence (or the ones named on the command line), a markdown table
 * per benchmark on stdout, and docs/PERFORMANCE.md rewritten with the figures. Not part of `npm test`.
 *   npm run bench                      # all
 *   npm run bench -- propagation storage
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../support/server-process'
import { runBrowserOpen } from './browser-open'
import { runCapacity } from './capacity'
import { runColdRoom } from './coldroom'
import { runCluster } from './cluster'
import { runEditPropagation } from './edit-propagation'
import { runEngines } from './engines'
import { runFirstLoad } from './first-load'
import { runRepaint } from './repaint'
import { renderSection, renderTable, type BenchResult } from './support/report'
import { runStorage } from './storage'
import { runTyping } from './typing'
import { runUpdateGate } from './update-gate'

const PERFORMANCE_MD = join(repoRoot, 'docs/PERFORMANCE.md')
/** Where this run's report goes; BENCH_DOC sends a trial run elsewhere (mirror.ts writes its own section there too). */
const OUTPUT_MD = process.env.BENCH_DOC ?? PERFORMANCE_MD
/** Written by test/bench/mirror.ts (run as a child); kept verbatim here. */
const MIRROR_TITLE = 'Formula engine mirror'

interface Bench {
  name: string
  title: string
  run: () => Promise<BenchResult>
}

const BENCHES: Bench[] = [
  { name: 'propagation', title: 'Edit propagation', run: runEditPropagation },
  { name: 'mirror', title: MIRROR_TITLE, run: runMirror },
  { name: 'browser', title: 'Browser cold open', run: runBrowserOpen },
  { name: 'download', title: 'First load', run: runFirstLoad },
  { name: 'capacity', title: 'Capacity', run: runCapacity },
  { name: 'cluster', title: 'Several servers', run: runCluster },
  { name: 'storage', title: 'Storage', run: runStorage },
  { name: 'coldroom', title: 'Cold room', run: runColdRoom },
  { name: 'gate', title: 'Update gate', run: runUpdateGate },
  { name: 'repaint', title: 'Grid repaint', run: runRepaint },
  { name: 'typing', title: 'Typing while the engine recalculates', run: runTyping },
  { name: 'engines', title: 'Server formula engines', run: runEngines },
]

function machine(): string {
  const cpus = os.cpus()
  const model = cpus[0]?.model.trim() ?? 'unknown CPU'
  return `${model}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`
}

/** mirror.ts exports nothing and writes its own section: run it as a child and read that section back. */
async function runMirror(): Promise<BenchResult> {
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/bench/mirror.ts')], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.once('exit', resolve)
  })
  if (code !== 0) throw new Error(`test/bench/mirror.ts exited with ${code}`)
  const section = readSections(readFileSync(OUTPUT_MD, 'utf8')).get(MIRROR_TITLE)
  if (!section) throw new Error('mirror.ts wrote no "Formula engine mirror" section')
  return { title: MIRROR_TITLE, method: '', referenceName: '', rows: [], notes: [], verbatim: section }
}

/** `## Title` sections of an existing PERFORMANCE.md, so a partial run keeps the others' figures. */
function readSections(text: string): Map<string, string> {
  const sections = new Map<string, string>()
  const parts = text.split(/^(?=## )/m)
  for (const part of parts) {
    const title = /^## (.+)$/m.exec(part)?.[1]
    if (part.startsWith('## ') && title) sections.set(title.trim(), `${part.trimEnd()}\n`)
  }
  return sections
}

function now(): string {
  return `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`
}

/** Every table row with a target, from all sections (fresh or kept), whatever table shape wrote it. */
function summary(sections: string[]): string {
  const rows: string[] = []
  for (const section of sections) {
    const title = /^## (.+)$/m.exec(section)?.[1] ?? ''
    for (const line of section.split('\n')) {
      if (!line.startsWith('|')) continue
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim())
      const status = cells.at(-1)
      // A status may carry a word after it (a missed target judged over several runs says which).
      if (status === undefined || !/^(met|\*\*missed\*\*)(:|$)/.test(status)) continue
      const ratioCell = cells.length >= 6 ? cells[3] : ''
      rows.push(`| ${title} | ${cells[0]} | ${cells[1]} | ${ratioCell} | ${cells.at(-2)} | ${status} |`)
    }
  }
  return [
    '## Summary',
    '',
    'Every target, from the sections below (each section says how it was measured and, where a target',
    'is missed, what dominates the time according to a profile).',
    '',
    '| benchmark | measure | Samplan | ratio to reference | target | status |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n')
}

function header(ran: string[], date: string): string {
  return [
    '# Performance',
    '',
    'Figures from `npm run bench` (`node --import tsx test/bench/run.ts`, from the repo root; not part of `npm test`).',
    `Run a subset with \`npm run bench -- ${BENCHES.map((b) => b.name).join(' ')}\` (any of them); sections not`,
    'run keep their previous figures and say when they were measured. Each target stands beside its figure; a missed',
    'target is marked **missed** and explained under its table, never loosened.',
    '',
    `Last run: ${date} (${ran.join(', ')}). Machine: ${machine()}.`,
    '',
  ].join('\n')
}

/** Niceness of the benchmark and its children (they inherit it); the machine may be shared with other work. */
const PRIORITY = -10

/** Raises this process's priority when allowed (root), so background work disturbs the figures less. */
function raisePriority(): string {
  try {
    os.setPriority(PRIORITY)
    return `The benchmark and its child processes (servers, Chromium) ran at nice ${PRIORITY}.`
  } catch {
    return `The benchmark ran at normal priority (raising it to nice ${PRIORITY} was not allowed).`
  }
}

async function main(): Promise<void> {
  const priority = raisePriority()
  // Every y-websocket provider adds a process 'exit' listener; hundreds of clients are intended here.
  process.setMaxListeners(0)
  const wanted = process.argv.slice(2)
  const unknown = wanted.filter((name) => !BENCHES.some((b) => b.name === name))
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`)
  const selected = BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name))
  const date = now()
  const fresh = new Map<string, string>()
  const failures: string[] = []
  for (const bench of selected) {
    console.log(`\n## ${bench.title}\n`)
    const started = performance.now()
    const loadBefore = os.loadavg()[0]!
    try {
      const result = await bench.run()
      // The machine may be shared (other test runs): readers need to see how busy it was.
      result.notes.push(
        `Machine load while this ran (1-minute load average, ${os.cpus().length} cores): ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end. ${priority}`,
      )
      if (result.verbatim) fresh.set(bench.title, result.verbatim)
      else {
        console.log(renderTable(result))
        if (result.notes.length > 0) console.log(`\n${result.notes.map((n) => `- ${n}`).join('\n')}`)
        fresh.set(bench.title, renderSection({ ...result, method: `Measured ${now()} on ${machine()}.\n\n${result.method}` }))
      }
    } catch (err) {
      failures.push(`${bench.name}: ${(err as Error).stack ?? String(err)}`)
      console.error(`benchmark ${bench.name} failed:`, err)
    }
    console.error(`(${bench.name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`)
  }

  const previous = existsSync(OUTPUT_MD) ? readSections(readFileSync(OUTPUT_MD, 'utf8')) : new Map<string, string>()
  const body = BENCHES.map((b) => fresh.get(b.title) ?? previous.get(b.title)).filter((s): s is string => s !== undefined)
  // Sections measured by hand (e.g. "Charts in the bundle") are kept as they are, after the benchmarks'.
  const benched = new Set(['Summary', ...BENCHES.map((b) => b.title)])
  for (const [title, section] of previous) if (!benched.has(title)) body.push(section)
  writeFileSync(
    OUTPUT_MD,
    `${header(
      selected.map((b) => b.name),
      date,
    )}\n${summary(body)}\n${body.join('\n')}`,
  )
  console.log(`\nWrote ${OUTPUT_MD}`)
  if (failures.length > 0) {
    console.error(`\n${failures.length} benchmark(s) failed:\n${failures.join('\n')}`)
    process.exitCode = 1
  }
  // Client sockets and providers of failed runs may hold timers: finish explicitly.
  process.exit()
}

await main()
