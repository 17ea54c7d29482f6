import { getCellInput, getSheetGrid, listSheets, observeWorkbook, setCells } from '@samplan/domain'
import type { ChildProcess } from 'node:child_process'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { watchProcess, type ProcessUsage } from './proc-usage'
import { sleep, waitUntil } from './stats'
import type { BenchClient } from './sync-targets'

/** A cell value encodes sender and sequence number, so a receiver knows which edit it observed. */
const SEQ_BASE = 1_000_000

export interface EditDriveOptions {
  /** Clients grouped by room; client i of a room edits row i of the room's first sheet. */
  rooms: BenchClient[][]
  editsPerSecond: number
  seconds: number
  /** Values of this phase start here, so late edits of an earlier phase are told apart. */
  base: number
  /** How long to wait for stragglers after the last edit. */
  drainMs?: number
  /** When the first edits are due, on this thread's `performance.now()` clock (default: 100 ms from now). */
  startAt?: number
}

export interface EditLoadOptions extends EditDriveOptions {
  server: ChildProcess
}

/** What the clients saw of one load: every sample is taken on the clock of the thread holding the room. */
export interface EditDriveResult {
  edits: number
  /** Observations expected (each edit by every other client of its room) and made. */
  expected: number
  received: number
  /** Edit -> every other client of the room observed it, one sample per edit all observed. */
  toAll: number[]
  /** Edit -> one other client observed it, one sample per (edit, receiver). */
  toEach: number[]
  /** Edits some client of the room never observed. */
  incomplete: number
  /** The longest the event loop of a thread holding clients stood still (its timestamps wait as long). */
  longestStallMs: number
}

export interface EditLoadResult extends EditDriveResult {
  server: ProcessUsage
  /** CPU of the load generator (all clients, all its threads), in cores busy. */
  loadCpuCores: number
}

/**
 * Every client edits a cell of its own row at `editsPerSecond` on a fixed schedule (random phase)
 * while every client records, on this thread's clock, when it observes each edit of the others.
 */
export async function driveEdits(options: EditDriveOptions): Promise<EditDriveResult> {
  const { rooms, editsPerSecond, seconds, base } = options
  const perClient = Math.ceil(seconds * editsPerSecond)
  const interval = 1000 / editsPerSecond
  const toEach: number[] = []
  let received = 0
  const roomState = rooms.map((clients) => ({
    sentAt: clients.map(() => new Float64Array(perClient).fill(Number.NaN)),
    seen: clients.map(() => new Uint16Array(perClient)),
    lastSeen: clients.map(() => new Float64Array(perClient)),
  }))

  const unobserve = rooms.flatMap((clients, r) =>
    clients.map((client, receiver) =>
      observeWorkbook(client.workbook, (change) => {
        if (change.local) return
        const now = performance.now()
        const state = roomState[r]!
        for (const cell of change.cells) {
          const value = getCellInput(client.workbook, cell.sheetId, cell.rowId, cell.colId)
          if (typeof value !== 'number' || value < base) continue
          const sender = Math.floor((value - base) / SEQ_BASE)
          const seq = (value - base) % SEQ_BASE
          const sent = state.sentAt[sender]?.[seq]
          if (sent === undefined || Number.isNaN(sent) || sender === receiver) continue
          received++
          toEach.push(now - sent)
          state.seen[sender]![seq]!++
          state.lastSeen[sender]![seq] = now
        }
      }),
    ),
  )

  const stalls = monitorEventLoopDelay({ resolution: 10 })
  stalls.enable()
  const start = options.startAt ?? performance.now() + 100
  await Promise.all(
    rooms.flatMap((clients, r) =>
      clients.map(async (client, i) => {
        const sheetId = listSheets(client.workbook)[0]!.id
        const grid = getSheetGrid(client.workbook, sheetId)
        const rowId = grid.rowIds[i]!
        const offset = Math.random() * interval
        for (let seq = 0; seq < perClient; seq++) {
          const wait = start + offset + seq * interval - performance.now()
          if (wait > 0) await sleep(wait)
          roomState[r]!.sentAt[i]![seq] = performance.now()
          const colId = grid.colIds[seq % grid.colIds.length]!
          setCells(client.workbook, sheetId, [{ rowId, colId, input: base + i * SEQ_BASE + seq }])
        }
      }),
    ),
  )
  const complete = () => roomState.every((s, r) => s.seen.every((row) => row.every((n) => n >= rooms[r]!.length - 1)))
  await waitUntil(complete, options.drainMs ?? 15_000)
  stalls.disable()
  for (const stop of unobserve) stop()

  const toAll: number[] = []
  let incomplete = 0
  let edits = 0
  let expected = 0
  roomState.forEach((state, r) => {
    const others = rooms[r]!.length - 1
    state.seen.forEach((row, sender) =>
      row.forEach((n, seq) => {
        edits++
        expected += others
        if (n >= others) toAll.push(state.lastSeen[sender]![seq]! - state.sentAt[sender]![seq]!)
        else incomplete++
      }),
    )
  })
  return { edits, expected, received, toAll, toEach, incomplete, longestStallMs: stalls.max / 1e6 }
}

/**
 * `drive` (the clients' side of a load, wherever they run) with the server's CPU and memory and this
 * process's CPU (all its threads) measured around it.
 */
export async function measureLoad(server: ChildProcess, drive: () => Promise<EditDriveResult>): Promise<EditLoadResult> {
  const usage = watchProcess(server.pid!)
  const cpuBefore = process.cpuUsage()
  const wallBefore = performance.now()
  const result = await drive()
  const serverUsage = usage.stop()
  const cpu = process.cpuUsage(cpuBefore)
  const loadCpuCores = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)
  return { ...result, server: serverUsage, loadCpuCores }
}

/** The load with all its clients in this thread. */
export function runEditLoad(options: EditLoadOptions): Promise<EditLoadResult> {
  return measureLoad(options.server, () => driveEdits(options))
}

export function maxOf(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > max) max = v
  return max
}

/** What the clients of several drives saw together (threads of one round, or rounds of one target). */
export function mergeDrives(parts: readonly EditDriveResult[]): EditDriveResult {
  const sum = (f: (r: EditDriveResult) => number) => parts.reduce((acc, r) => acc + f(r), 0)
  return {
    edits: sum((r) => r.edits),
    expected: sum((r) => r.expected),
    received: sum((r) => r.received),
    toAll: parts.flatMap((r) => r.toAll),
    toEach: parts.flatMap((r) => r.toEach),
    incomplete: sum((r) => r.incomplete),
    longestStallMs: Math.max(...parts.map((r) => r.longestStallMs)),
  }
}

/** One result from several rounds of the same target (rounds alternate between targets so load drift hits both). */
export function mergeRounds(rounds: readonly EditLoadResult[]): EditLoadResult {
  const sum = (f: (r: EditLoadResult) => number) => rounds.reduce((acc, r) => acc + f(r), 0)
  const cpuSeconds = sum((r) => r.server.cpuSeconds)
  const wallSeconds = sum((r) => r.server.wallSeconds)
  return {
    ...mergeDrives(rounds),
    server: {
      peakRssBytes: Math.max(...rounds.map((r) => r.server.peakRssBytes)),
      cpuSeconds,
      wallSeconds,
      cpuCores: cpuSeconds / wallSeconds,
    },
    loadCpuCores: sum((r) => r.loadCpuCores * r.server.wallSeconds) / wallSeconds,
  }
}
