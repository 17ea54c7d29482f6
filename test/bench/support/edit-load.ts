import { getCellInput, getSheetGrid, listSheets, observeWorkbook, setCells } from '@samplan/domain'
import type { ChildProcess } from 'node:child_process'
import { watchProcess, type ProcessUsage } from './proc-usage'
import { sleep, waitUntil } from './stats'
import type { BenchClient } from './sync-targets'

/** A cell value encodes sender and sequence number, so a receiver knows which edit it observed. */
const SEQ_BASE = 1_000_000

export interface EditLoadOptions {
  /** Clients grouped by room; client i of a room edits row i of the room's first sheet. */
  rooms: BenchClient[][]
  editsPerSecond: number
  seconds: number
  /** Values of this phase start here, so late edits of an earlier phase are told apart. */
  base: number
  /** How long to wait for stragglers after the last edit. */
  drainMs?: number
  server: ChildProcess
}

export interface EditLoadResult {
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
  server: ProcessUsage
  /** CPU of this process (all clients), in cores busy. */
  loadCpuCores: number
}

/**
 * Every client edits a cell of its own row at `editsPerSecond` on a fixed schedule (random phase)
 * while every client records, on this process's clock, when it observes each edit of the others.
 */
export async function runEditLoad(options: EditLoadOptions): Promise<EditLoadResult> {
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

  const usage = watchProcess(options.server.pid!)
  const cpuBefore = process.cpuUsage()
  const wallBefore = performance.now()
  const start = performance.now() + 100
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
  const server = usage.stop()
  const cpu = process.cpuUsage(cpuBefore)
  const loadCpuCores = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)
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
  return { edits, expected, received, toAll, toEach, incomplete, server, loadCpuCores }
}

export function maxOf(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > max) max = v
  return max
}

/** One result from several rounds of the same target (rounds alternate between targets so load drift hits both). */
export function mergeRounds(rounds: readonly EditLoadResult[]): EditLoadResult {
  const sum = (f: (r: EditLoadResult) => number) => rounds.reduce((acc, r) => acc + f(r), 0)
  const cpuSeconds = sum((r) => r.server.cpuSeconds)
  const wallSeconds = sum((r) => r.server.wallSeconds)
  return {
    edits: sum((r) => r.edits),
    expected: sum((r) => r.expected),
    received: sum((r) => r.received),
    toAll: rounds.flatMap((r) => r.toAll),
    toEach: rounds.flatMap((r) => r.toEach),
    incomplete: sum((r) => r.incomplete),
    server: {
      peakRssBytes: Math.max(...rounds.map((r) => r.server.peakRssBytes)),
      cpuSeconds,
      wallSeconds,
      cpuCores: cpuSeconds / wallSeconds,
    },
    loadCpuCores: sum((r) => r.loadCpuCores * r.server.wallSeconds) / wallSeconds,
  }
}
