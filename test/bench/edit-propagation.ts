import { addSheet, getCellInput, getSheetGrid, insertRows, listSheets, observeWorkbook, setCells, type ColumnSpec } from '@samplan/domain'
import { watchProcess, type ProcessUsage } from './support/proc-usage'
import type { BenchResult, Row } from './support/report'
import { count, ms, percentile, ratio, sleep, waitUntil } from './support/stats'
import { startRelayTarget, startSamplanTarget, type BenchClient, type SyncTarget } from './support/sync-targets'

const CLIENTS = Number(process.env.BENCH_PROPAGATION_CLIENTS ?? 50)
const EDITS_PER_SECOND = 5
const SECONDS = Number(process.env.BENCH_PROPAGATION_SECONDS ?? 30)
const WARMUP_SECONDS = 3
const COLS = 10
const TARGET_P99_RATIO = 1.5
/** A cell value encodes sender and sequence number, so a receiver knows which edit it observed. */
const SEQ_BASE = 1_000_000

const COLUMN: ColumnSpec = { label: 'Belopp', type: 'number', editable: 'ekonom' }

interface PhaseResult {
  edits: number
  /** Edit -> every other client observed it, one sample per edit that all observed. */
  toAll: number[]
  /** Edit -> one other client observed it, one sample per (edit, receiver). */
  toEach: number[]
  incomplete: number
  server: ProcessUsage
  loadCpuCores: number
}

function setupRoom(workbook: Parameters<Parameters<SyncTarget['createRoom']>[1]>[0]): void {
  const sheetId = addSheet(workbook, { name: 'Blad1', kind: 'generic', columns: Array.from({ length: COLS }, () => COLUMN) })
  insertRows(workbook, sheetId, 0, CLIENTS)
}

/** All clients edit their own row at EDITS_PER_SECOND on a fixed schedule; every client records what it observes. */
async function runPhase(target: SyncTarget, clients: BenchClient[], seconds: number, base: number): Promise<PhaseResult> {
  const perClient = Math.ceil(seconds * EDITS_PER_SECOND)
  const sentAt = clients.map(() => new Float64Array(perClient).fill(Number.NaN))
  const seen = clients.map(() => new Uint16Array(perClient))
  const lastSeen = clients.map(() => new Float64Array(perClient))
  const toEach: number[] = []
  const unobserve = clients.map((client, receiver) =>
    observeWorkbook(client.workbook, (change) => {
      if (change.local) return
      const now = performance.now()
      for (const cell of change.cells) {
        const value = getCellInput(client.workbook, cell.sheetId, cell.rowId, cell.colId)
        if (typeof value !== 'number' || value < base) continue
        const sender = Math.floor((value - base) / SEQ_BASE)
        const seq = (value - base) % SEQ_BASE
        const sent = sentAt[sender]?.[seq]
        if (sent === undefined || Number.isNaN(sent) || sender === receiver) continue
        toEach.push(now - sent)
        seen[sender]![seq]!++
        lastSeen[sender]![seq] = now
      }
    }),
  )

  const usage = watchProcess(target.child.pid!)
  const cpuBefore = process.cpuUsage()
  const wallBefore = performance.now()
  const start = performance.now() + 100
  const interval = 1000 / EDITS_PER_SECOND
  await Promise.all(
    clients.map(async (client, i) => {
      const sheetId = listSheets(client.workbook)[0]!.id
      const grid = getSheetGrid(client.workbook, sheetId)
      const rowId = grid.rowIds[i]!
      // Random phase so the clients do not edit in lockstep.
      const offset = Math.random() * interval
      for (let seq = 0; seq < perClient; seq++) {
        const due = start + offset + seq * interval
        const wait = due - performance.now()
        if (wait > 0) await sleep(wait)
        sentAt[i]![seq] = performance.now()
        setCells(client.workbook, sheetId, [{ rowId, colId: grid.colIds[seq % COLS]!, input: base + i * SEQ_BASE + seq }])
      }
    }),
  )
  const expected = clients.length - 1
  await waitUntil(() => seen.every((row) => row.every((n) => n >= expected)), 15_000)
  const server = usage.stop()
  const cpu = process.cpuUsage(cpuBefore)
  const loadCpuCores = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)
  for (const stop of unobserve) stop()

  const toAll: number[] = []
  let incomplete = 0
  seen.forEach((row, sender) =>
    row.forEach((n, seq) => {
      if (n >= expected) toAll.push(lastSeen[sender]![seq]! - sentAt[sender]![seq]!)
      else incomplete++
    }),
  )
  return { edits: clients.length * perClient, toAll, toEach, incomplete, server, loadCpuCores }
}

async function measure(target: SyncTarget): Promise<PhaseResult> {
  try {
    const roomId = await target.createRoom('Propagation', setupRoom)
    const clients: BenchClient[] = []
    for (let i = 0; i < CLIENTS; i++) clients.push(await target.connect(roomId))
    await runPhase(target, clients, WARMUP_SECONDS, 1 * SEQ_BASE * CLIENTS)
    const result = await runPhase(target, clients, SECONDS, 2 * SEQ_BASE * CLIENTS)
    for (const client of clients) client.destroy()
    return result
  } finally {
    await target.stop()
  }
}

/** Issue #8 item 1: edit propagation through the real server vs a bare y-websocket relay. */
export async function runEditPropagation(): Promise<BenchResult> {
  const reference = await measure(await startRelayTarget())
  const samplan = await measure(await startSamplanTarget())
  const row = (measure: string, s: number, r: number, target?: { limit: number; text: string }): Row => ({
    measure,
    samplan: ms(s),
    reference: ms(r),
    ratio: ratio(s, r),
    target: target?.text,
    met: target ? s / r <= target.limit : undefined,
  })
  const rows: Row[] = [
    row('edit -> all other clients observed, p50', percentile(samplan.toAll, 50), percentile(reference.toAll, 50)),
    row('edit -> all other clients observed, p99', percentile(samplan.toAll, 99), percentile(reference.toAll, 99), {
      limit: TARGET_P99_RATIO,
      text: `<= ${TARGET_P99_RATIO}x reference`,
    }),
    row('edit -> one other client observed, p50', percentile(samplan.toEach, 50), percentile(reference.toEach, 50)),
    row('edit -> one other client observed, p99', percentile(samplan.toEach, 99), percentile(reference.toEach, 99)),
    row('edit -> all other clients observed, max', Math.max(...samplan.toAll), Math.max(...reference.toAll)),
    {
      measure: 'edits sent / not seen by every other client',
      samplan: `${count(samplan.edits)} / ${count(samplan.incomplete)}`,
      reference: `${count(reference.edits)} / ${count(reference.incomplete)}`,
      target: 'none unseen',
      met: samplan.incomplete === 0,
    },
    {
      measure: 'server CPU (cores busy, mean)',
      samplan: samplan.server.cpuCores.toFixed(2),
      reference: reference.server.cpuCores.toFixed(2),
      ratio: ratio(samplan.server.cpuCores, reference.server.cpuCores),
    },
    {
      measure: 'load generator CPU, all clients in one process (cores busy, mean)',
      samplan: samplan.loadCpuCores.toFixed(2),
      reference: reference.loadCpuCores.toFixed(2),
    },
  ]
  return {
    title: 'Edit propagation',
    referenceName: 'bare y-websocket relay',
    method: `${CLIENTS} Node clients (y-websocket provider over \`ws\`, the domain API writing and observing) join one workbook;
each edits a cell of its own row ${EDITS_PER_SECOND} times a second on a fixed schedule (random phase) for ${SECONDS} s,
after a ${WARMUP_SECONDS} s warm-up that is not counted. The cell value names sender and sequence number; every client
observes the workbook (\`observeWorkbook\`) and stamps when it sees each edit, on the same clock as the sender (one
process). Samplan is the real server (\`apps/sync-server/src/main.ts\` as a child process: token sign-in, the rights
check of every update, audit trail and SQLite persistence before relaying). The reference is
\`@y/websocket-server\` 0.1.1 (\`setupWSConnection\` behind a \`ws\` server: no auth, no checks, no persistence) in
its own process, driven by the same client code in the same run. Both servers run on the same 2 cores as the clients.`,
    rows,
    notes: [],
  }
}
