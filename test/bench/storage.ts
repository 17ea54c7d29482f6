import { addSheet, formulaFromA1, getSheetGrid, insertRows, listSheets, setCells, type ColumnSpec, type Workbook } from '@samplan/domain'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { removeDir, startServerProcess } from '../support/server-process'
import { connectClient, login } from '../support/yjs-client'
import type { BenchResult, Row } from './support/report'
import { bytes, count, median, ms, ratio, sleep, waitUntil } from './support/stats'
import { startRelayTarget, startSamplanTarget, type BenchClient } from './support/sync-targets'

const EDITS = Number(process.env.BENCH_STORAGE_EDITS ?? 100_000)
const WRITERS = 2
const ROWS = 1_000
const COLS = 10
/** Edits a writer may have in flight before it waits for the server to relay them. */
const WINDOW = 250
const FORMULA_SHARE = 0.1
const LOAD_RUNS = 5

const COLUMN: ColumnSpec = { label: 'Belopp', type: 'number', editable: 'ekonom' }

/** The storage benchmarks' workbook: one sheet of ROWS x COLS number cells. */
export function setupRoom(workbook: Workbook): void {
  const sheetId = addSheet(workbook, { name: 'Blad1', kind: 'generic', columns: Array.from({ length: COLS }, () => COLUMN) })
  insertRows(workbook, sheetId, 0, ROWS)
}

/** Deterministic, so every run stores the same edits. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Counts updates a client receives from the server (the provider is their origin). */
export function countRemote(client: BenchClient): () => number {
  let n = 0
  client.doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin === client.provider) n++
  })
  return () => n
}

/** Writers edit random cells (one edit = one transaction = one update), a window ahead of a watcher that sees them relayed. */
export async function writeEdits(
  writers: BenchClient[],
  watcherReceived: () => number,
  edits = EDITS,
): Promise<{ ms: number; updateBytes: number }> {
  let sent = 0
  let updateBytes = 0
  for (const writer of writers) {
    writer.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== writer.provider) updateBytes += u.length
    })
  }
  const start = performance.now()
  await Promise.all(
    writers.map(async (writer, w) => {
      const random = rng(1000 + w)
      const sheetId = listSheets(writer.workbook)[0]!.id
      const grid = getSheetGrid(writer.workbook, sheetId)
      for (let i = w; i < edits; i += writers.length) {
        const row = Math.floor(random() * ROWS)
        const col = Math.floor(random() * COLS)
        const input =
          random() < FORMULA_SHARE && row > 0
            ? formulaFromA1(writer.workbook, sheetId, `=A${row}+B${row}*2`)
            : Math.round(random() * 1_000_000) / 10
        setCells(writer.workbook, sheetId, [{ rowId: grid.rowIds[row]!, colId: grid.colIds[col]!, input }])
        sent++
        if (sent - watcherReceived() > WINDOW * writers.length) {
          if (!(await waitUntil(() => sent - watcherReceived() <= WINDOW, 60_000, 2))) throw new Error('server stopped relaying')
        }
      }
    }),
  )
  if (!(await waitUntil(() => watcherReceived() >= edits, 120_000, 5)))
    throw new Error(`only ${watcherReceived()} of ${edits} edits relayed`)
  return { ms: performance.now() - start, updateBytes }
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
}

/** Bytes per table and index (SQLite's dbstat), if the sqlite3 shell is installed; informative only. */
function tableBytes(file: string): string | undefined {
  const out = spawnSync('sqlite3', [file, 'SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC'], { encoding: 'utf8' })
  if (out.status !== 0 || !out.stdout) return undefined
  return out.stdout
    .trim()
    .split('\n')
    .map((line) => line.split('|'))
    .filter(([, size]) => Number(size) >= 64 * 1024)
    .map(([name, size]) => `${name} ${bytes(Number(size))}`)
    .join(', ')
}

async function timeConnect(wsUrl: string, roomId: string, token: string): Promise<number> {
  const start = performance.now()
  const client = await connectClient(wsUrl, roomId, token)
  const elapsed = performance.now() - start
  client.destroy()
  return elapsed
}

/** 100k edits through the real server, then the stored size and a cold start. */
export async function runStorage(): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'samplan-bench-storage-'))
  try {
    const samplan = await startSamplanTarget({}, dataDir)
    let roomId: string
    let state: Uint8Array
    let write: { ms: number; updateBytes: number }
    try {
      roomId = await samplan.createRoom('Lagring', setupRoom)
      const writers: BenchClient[] = []
      for (let w = 0; w < WRITERS; w++) writers.push(await samplan.connect(roomId))
      const watcher = await samplan.connect(roomId)
      write = await writeEdits(writers, countRemote(watcher))
      state = Y.encodeStateAsUpdate(watcher.doc)
      for (const client of [...writers, watcher]) client.destroy()
    } finally {
      await samplan.stop()
    }
    const dbFile = join(dataDir, 'samplan.sqlite')
    const storedBytes = dirBytes(dataDir)
    const breakdown = existsSync(dbFile) ? tableBytes(dbFile) : undefined

    // Cold start: a new server process on the same data directory; the first connection loads the room.
    const spawnStart = performance.now()
    const server = await startServerProcess({ dataDir })
    const startMs = performance.now() - spawnStart
    let coldMs: number
    let warmMs: number
    try {
      const token = await login(server.url, 'ekonom')
      coldMs = await timeConnect(server.wsUrl, roomId, token)
      warmMs = median(await sequential(LOAD_RUNS, () => timeConnect(server.wsUrl, roomId, token)))
    } finally {
      await server.stop()
    }

    // References: applying the state to a fresh doc here, and a fresh client syncing it from the bare relay.
    const applyMs = median(
      Array.from({ length: LOAD_RUNS }, () => {
        const start = performance.now()
        const doc = new Y.Doc()
        Y.applyUpdate(doc, state)
        const elapsed = performance.now() - start
        doc.destroy()
        return elapsed
      }),
    )
    const relay = await startRelayTarget()
    let relayMs: number
    try {
      const relayRoom = await relay.createRoom('Lagring', (workbook) => Y.applyUpdate(workbook.doc, state))
      const holder = await relay.connect(relayRoom)
      relayMs = median(await sequential(LOAD_RUNS, () => timeConnect(relay.wsUrl, relayRoom, 'none')))
      holder.destroy()
    } finally {
      await relay.stop()
    }

    const rows: Row[] = [
      {
        measure: `edits written (one update each, ${WRITERS} clients, ${FORMULA_SHARE * 100} % formulas, ${count(ROWS * COLS)} cells)`,
        samplan: count(EDITS),
      },
      {
        measure: 'write throughput through the server (checked, audited, stored, relayed)',
        samplan: `${count(EDITS / (write.ms / 1000))} edits/s`,
      },
      {
        measure: 'stored size (SQLite file after shutdown) vs Y.encodeStateAsUpdate',
        samplan: bytes(storedBytes),
        reference: bytes(state.length),
        ratio: ratio(storedBytes, state.length),
      },
      { measure: `sum of the ${count(EDITS)} update payloads the clients sent`, samplan: bytes(write.updateBytes) },
      {
        measure: 'cold start: first connection after a restart, until synced (room load from SQLite + sync)',
        samplan: ms(coldMs),
        reference: ms(relayMs),
        ratio: ratio(coldMs, relayMs),
      },
      {
        measure: `warm: a later connection until synced (median of ${LOAD_RUNS})`,
        samplan: ms(warmMs),
        reference: ms(relayMs),
        ratio: ratio(warmMs, relayMs),
      },
      { measure: 'Y.applyUpdate of the state into a fresh doc, in process', samplan: '', reference: ms(applyMs) },
      { measure: 'server process start until listening', samplan: ms(startMs) },
    ]
    return {
      title: 'Storage',
      referenceName: 'Yjs state / bare relay',
      method: `${count(EDITS)} one-cell edits (random cells of a ${ROWS} x ${COLS} sheet, ${FORMULA_SHARE * 100} % formulas) are written by
${WRITERS} clients through the real server, each edit its own update; a watcher client sees every one relayed, so all
were checked and stored. The stored size is the data directory after a graceful shutdown (SQLite: the append-only
update log kept for history and audit, the audit trail, the compacted snapshot, indexes), against
\`Y.encodeStateAsUpdate\` of the final document. Cold start: a new server process on the same data directory; the
first connection's time to synced includes loading the room (snapshot plus the log tail after it). The references are
a fresh client syncing the same state from the bare relay (median of ${LOAD_RUNS}) and \`Y.applyUpdate\` in process.`,
      rows,
      notes: breakdown ? [`Where the stored bytes are (dbstat, tables and indexes of 64 KiB or more): ${breakdown}.`] : [],
    }
  } finally {
    removeDir(dataDir)
  }
}

async function sequential(n: number, run: () => Promise<number>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    out.push(await run())
    // Let the server drop the closed connection before the next timed run.
    await sleep(50)
  }
  return out
}
