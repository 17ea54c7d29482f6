import { addSheet, insertRows, type ColumnSpec, type Workbook } from '@samplan/domain'
import { measureLoad, mergeRounds, type EditLoadResult } from './support/edit-load'
import { startLoadThreads, type LoadThreads } from './support/load-threads'
import { epochNow, type Stall, stallLog, type StallLog } from './support/loop-stalls'
import type { BenchResult, Row } from './support/report'
import { type LoadSteps, profileUnderLoad, RELAY_PHASES, SAMPLAN_PHASES } from './support/server-profile'
import { bytes, count, median, ms, percentile, ratio, ratioSpread } from './support/stats'
import { startRelayTarget, startSamplanTarget, type SyncTarget } from './support/sync-targets'

const WORKBOOKS = Number(process.env.BENCH_CAPACITY_WORKBOOKS ?? 50)
const PER_WORKBOOK = Number(process.env.BENCH_CAPACITY_CLIENTS_PER_WORKBOOK ?? 10)
const SECONDS = Number(process.env.BENCH_CAPACITY_SECONDS ?? 120)
/** One edit a second per connection: a busy co-editing session, 500 updates/s into the server. */
const EDITS_PER_SECOND = 1
const COLS = 10
const PHASE_BASE = 1e11
/** Rounds per server, alternating ABBA: each round's ratio compares neighbours in time (two rounds' tails disagreed by 2x). */
const ROUNDS = Number(process.env.BENCH_CAPACITY_ROUNDS ?? 12)
/** Threads the clients are spread over, whole workbooks to a thread (load-threads.ts). */
const LOAD_THREADS = Number(process.env.BENCH_CAPACITY_LOAD_THREADS ?? 4)
/** Length of the profiled run made when a target is missed. */
const PROFILE_SECONDS = 10
/** Edits each server handles before the rounds, not counted: V8 compiles the hot code meanwhile (see edit-propagation.ts). */
const WARMUP_EDITS = Number(process.env.BENCH_CAPACITY_WARMUP_EDITS ?? 4_000)
const WARMUP_SECONDS = Math.ceil(WARMUP_EDITS / (WORKBOOKS * PER_WORKBOOK * EDITS_PER_SECOND))

const COLUMN: ColumnSpec = { label: 'Belopp', type: 'number', editable: 'ekonom' }

function setupRoom(workbook: Workbook): void {
  const sheetId = addSheet(workbook, { name: 'Blad1', kind: 'generic', columns: Array.from({ length: COLS }, () => COLUMN) })
  insertRows(workbook, sheetId, 0, PER_WORKBOOK)
}

interface CapacityResult extends EditLoadResult {
  connectMs: number
  /** Workbooks whose clients ended with different documents. */
  diverged: number
}

interface Prepared {
  target: SyncTarget
  threads: LoadThreads
  connectMs: number
  /** The server's event-loop stalls (none recorded for a profiled run). */
  stalls?: StallLog
  /** The warm-up's own figures (not counted in the rounds). */
  warmup: EditLoadResult
}

interface RoundResult extends EditLoadResult {
  /** How long the server's event loop stood still, each time it did for 40 ms or more during the round. */
  serverStalls: Stall[]
}

/** The target's workbooks, each with its clients connected in the load threads. */
async function prepare(target: SyncTarget, threads: LoadThreads, stalls?: StallLog): Promise<Prepared> {
  const roomIds: string[] = []
  for (let w = 0; w < WORKBOOKS; w++) roomIds.push(await target.createRoom(`Kapacitet ${w + 1}`, setupRoom))
  const connectStart = performance.now()
  await threads.connect({ key: target.label, wsUrl: target.wsUrl, token: target.token, roomIds, perRoom: PER_WORKBOOK })
  const connectMs = performance.now() - connectStart
  for (const id of roomIds) target.joined(id)
  const load = { editsPerSecond: EDITS_PER_SECOND, seconds: WARMUP_SECONDS, base: PHASE_BASE / 10, drainMs: 30_000 }
  const warmup = await measureLoad(target.child, () => threads.drive(target.label, load))
  return { target, threads, connectMs, stalls, warmup }
}

async function round(prepared: Prepared, seconds: number, index: number): Promise<RoundResult> {
  const { target, threads } = prepared
  const load = { editsPerSecond: EDITS_PER_SECOND, seconds, base: (index + 1) * PHASE_BASE, drainMs: 30_000 }
  const from = epochNow()
  const result = await measureLoad(target.child, () => threads.drive(target.label, load))
  return { ...result, serverStalls: prepared.stalls?.within(from, epochNow()) ?? [] }
}

async function close(prepared: Prepared | undefined): Promise<void> {
  if (!prepared) return
  await prepared.threads.disconnect(prepared.target.label)
  await prepared.target.stop()
  prepared.stalls?.remove()
}

/** 500 connections over 50 workbooks for 120 s in rounds of 10 s, against the real server and the bare relay. */
export async function runCapacity(): Promise<BenchResult> {
  // Both servers stay up and the rounds alternate, so a change in the machine's load hits both alike.
  let referenceSide: Prepared | undefined
  let samplanSide: Prepared | undefined
  let reference: CapacityResult
  let samplan: CapacityResult
  let p99Ratios: number[]
  let cpuRatios: number[]
  let warmups: { samplan: EditLoadResult; reference: EditLoadResult }
  const referenceRounds: RoundResult[] = []
  const samplanRounds: RoundResult[] = []
  const threads = startLoadThreads(LOAD_THREADS)
  try {
    const referenceStalls = stallLog()
    referenceSide = await prepare(await startRelayTarget(referenceStalls.env), threads, referenceStalls)
    const samplanStalls = stallLog()
    samplanSide = await prepare(await startSamplanTarget(samplanStalls.env), threads, samplanStalls)
    warmups = { samplan: samplanSide.warmup, reference: referenceSide.warmup }
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        referenceRounds.push(await round(referenceSide, SECONDS / ROUNDS, i))
        samplanRounds.push(await round(samplanSide, SECONDS / ROUNDS, i))
      } else {
        samplanRounds.push(await round(samplanSide, SECONDS / ROUNDS, i))
        referenceRounds.push(await round(referenceSide, SECONDS / ROUNDS, i))
      }
    }
    const perRound = (f: (r: EditLoadResult) => number) => samplanRounds.map((s, i) => f(s) / f(referenceRounds[i] as EditLoadResult))
    p99Ratios = perRound((r) => percentile(r.toEach, 99))
    cpuRatios = perRound((r) => r.server.cpuCores)
    reference = {
      ...mergeRounds(referenceRounds),
      connectMs: referenceSide.connectMs,
      diverged: await threads.diverged(referenceSide.target.label),
    }
    samplan = {
      ...mergeRounds(samplanRounds),
      connectMs: samplanSide.connectMs,
      diverged: await threads.diverged(samplanSide.target.label),
    }
  } finally {
    await close(referenceSide)
    await close(samplanSide)
    await threads.stop()
  }
  const dropped = (r: CapacityResult) => r.expected - r.received
  const medianRatio = (ratios: number[]) => median(ratios.filter((r) => Number.isFinite(r)))
  const cpuMet = medianRatio(cpuRatios) <= 1.5
  const p99Met = medianRatio(p99Ratios) <= 1.5
  const rows: Row[] = [
    {
      measure: 'updates sent',
      samplan: count(samplan.edits),
      reference: count(reference.edits),
    },
    {
      measure: 'deliveries expected / received (each update to the 9 other clients of its workbook)',
      samplan: `${count(samplan.expected)} / ${count(samplan.received)}`,
      reference: `${count(reference.expected)} / ${count(reference.received)}`,
    },
    {
      measure: "deliveries missing 30 s after the round's last edit (dropped, or later than that)",
      samplan: count(dropped(samplan)),
      reference: count(dropped(reference)),
      target: 'none dropped',
      met: dropped(samplan) === 0,
    },
    {
      measure: 'workbooks whose clients ended with different documents',
      samplan: count(samplan.diverged),
      reference: count(reference.diverged),
      target: '0',
      met: samplan.diverged === 0,
    },
    {
      measure: 'server peak RSS',
      samplan: bytes(samplan.server.peakRssBytes),
      reference: bytes(reference.server.peakRssBytes),
      ratio: ratio(samplan.server.peakRssBytes, reference.server.peakRssBytes),
    },
    {
      measure: 'server CPU during the load (cores busy, mean)',
      samplan: samplan.server.cpuCores.toFixed(2),
      reference: reference.server.cpuCores.toFixed(2),
      ratio: ratio(samplan.server.cpuCores, reference.server.cpuCores),
    },
    {
      measure: 'server CPU: per-round ratio, median (interquartile range)',
      samplan: ratioSpread(cpuRatios),
      target: '<= 1.5x reference',
      met: cpuMet,
    },
    {
      measure: `server CPU during the warm-up (the first ${count(WARMUP_EDITS)} edits, ${WARMUP_SECONDS} s, not counted above; cores busy, mean)`,
      samplan: warmups.samplan.server.cpuCores.toFixed(2),
      reference: warmups.reference.server.cpuCores.toFixed(2),
      ratio: ratio(warmups.samplan.server.cpuCores, warmups.reference.server.cpuCores),
    },
    {
      measure: 'edit -> one other client observed, p50',
      samplan: ms(percentile(samplan.toEach, 50)),
      reference: ms(percentile(reference.toEach, 50)),
      ratio: ratio(percentile(samplan.toEach, 50), percentile(reference.toEach, 50)),
    },
    {
      measure: 'edit -> one other client observed, p99',
      samplan: ms(percentile(samplan.toEach, 99)),
      reference: ms(percentile(reference.toEach, 99)),
      ratio: ratio(percentile(samplan.toEach, 99), percentile(reference.toEach, 99)),
    },
    {
      measure: 'edit -> one other client observed, p99: per-round ratio, median (interquartile range)',
      samplan: ratioSpread(p99Ratios),
      target: '<= 1.5x reference',
      met: p99Met,
    },
    {
      measure: `connecting all ${WORKBOOKS * PER_WORKBOOK} clients (sign-in token check and initial sync)`,
      samplan: ms(samplan.connectMs),
      reference: ms(reference.connectMs),
      ratio: ratio(samplan.connectMs, reference.connectMs),
    },
    {
      measure:
        'server: the longest its event loop stood still in a round, median of the rounds (longest); stalls of 40 ms or more, all rounds',
      samplan: describeStalls(samplanRounds.map((r) => r.serverStalls)),
      reference: describeStalls(referenceRounds.map((r) => r.serverStalls)),
    },
    {
      measure: "load generator: the longest any of its threads' event loop stood still in a round, median of the rounds (longest)",
      samplan: `${ms(median(samplanRounds.map((r) => r.longestStallMs)))} (${ms(samplan.longestStallMs)})`,
      reference: `${ms(median(referenceRounds.map((r) => r.longestStallMs)))} (${ms(reference.longestStallMs)})`,
    },
    {
      measure: `load generator CPU, all clients in ${LOAD_THREADS} threads of one process (cores busy, mean)`,
      samplan: samplan.loadCpuCores.toFixed(2),
      reference: reference.loadCpuCores.toFixed(2),
    },
  ]
  return {
    title: 'Capacity',
    referenceName: 'bare y-websocket relay',
    method: `${WORKBOOKS} workbooks with ${PER_WORKBOOK} connections each (${WORKBOOKS * PER_WORKBOOK} y-websocket clients in this
process, spread over ${LOAD_THREADS} worker threads, all the clients of a workbook in one thread: a pause of one thread delays the
samples of its workbooks only, and both ends of an edit are stamped on one clock); every connection edits a cell of its own row ${EDITS_PER_SECOND} time a second for ${SECONDS} s (fixed schedule,
random phase), after a warm-up of ${count(WARMUP_EDITS)} edits (${WARMUP_SECONDS} s) on each server that is not counted (V8 compiles the
servers' hot code meanwhile, see the edit propagation benchmark; its CPU is a row of its own). Both servers stay up with their clients connected and the load alternates between them in ${ROUNDS}
rounds of ${SECONDS / ROUNDS} s each (order ABBA: reference then Samplan, then Samplan then reference, ...); the p99 and CPU
targets are judged on the median of the per-round ratios, as in the edit propagation benchmark, since two runs' pooled tails
disagreed by 2x. Every client counts the edits of the others it observes; after the last edit of a round the benchmark waits up to
30 s for stragglers, then compares deliveries expected with deliveries received and the clients' state vectors per
workbook. Server RSS (peak of 250 ms samples of \`VmRSS\` and the kernel's \`VmHWM\`) and CPU (\`utime + stime\`
over the load window) come from \`/proc/<pid>\` of the server child; each server also notes when its event loop ran no
timer for 40 ms or more (a 10 ms timer loaded into both alike, support/loop-stall-hook.mjs), and each load thread its own longest
stall (\`monitorEventLoopDelay\`). The reference is the bare relay under the same load.`,
    rows,
    notes: cpuMet && p99Met ? [] : await missedProfiles(),
  }
}

/** `52.0 ms (105.0 ms); 3, 1 GC` from each round's stalls: the median of the rounds' longest, the longest, how many, how many mostly collection. */
function describeStalls(rounds: readonly Stall[][]): string {
  const longest = rounds.map((stalls) => Math.max(0, ...stalls.map((s) => s.ms)))
  const all = rounds.flat()
  const gc = all.filter((s) => s.gcMs >= s.ms / 2).length
  return `${ms(median(longest))} (${ms(Math.max(0, ...longest))}); ${all.length}, ${gc} GC`
}

/** Where each server's time goes under this load, for a missed target: Samplan and the relay, profiled alike. */
async function missedProfiles(): Promise<string[]> {
  const threads = startLoadThreads(LOAD_THREADS)
  const steps: LoadSteps<Prepared> = {
    prepare: (target) => prepare(target, threads),
    run: (prepared, seconds) => round(prepared, seconds, 0),
    close,
  }
  try {
    return [
      `Target missed. CPU profile of the Samplan server under the same load (${PROFILE_SECONDS} s, a separate run, sampled by the inspector's profiler): ${await profileUnderLoad(PROFILE_SECONDS, startSamplanTarget, steps, SAMPLAN_PHASES)}.`,
      `For comparison, the bare relay under the same load, profiled the same way: ${await profileUnderLoad(PROFILE_SECONDS, startRelayTarget, steps, RELAY_PHASES)}.`,
    ]
  } finally {
    await threads.stop()
  }
}
