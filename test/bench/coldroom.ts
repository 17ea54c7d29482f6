import Database from 'better-sqlite3'
import { startPostgresCluster, type PostgresCluster } from '@samplan/sync-server/testing'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { removeDir, repoRoot, startServerProcess, type ServerProcess } from '../support/server-process'
import { connectClient, login } from '../support/yjs-client'
import { countRemote, setupRoom, writeEdits } from './storage'
import { describeProfile, summarizeProfile, type CpuProfile } from './support/cpu-profile'
import { watchProcess } from './support/proc-usage'
import type { BenchResult, Row } from './support/report'
import { bytes, count, median, ms, ratio } from './support/stats'
import { startSamplanTarget, type BenchClient } from './support/sync-targets'

const EDITS = Number(process.env.BENCH_COLDROOM_EDITS ?? 100_000)
const ROUNDS = Number(process.env.BENCH_COLDROOM_ROUNDS ?? 5)
const WRITERS = 2
/** The target: a cold room within this factor of the bare relay's cold room on the same log. */
const TARGET = 1.5
const ROOM_ID = 'kall'
/** BENCH_COLDROOM_POSTGRES=1 also loads the same workbook from PostgreSQL (a private server), after the crash and after a graceful stop. */
const WITH_POSTGRES = process.env.BENCH_COLDROOM_POSTGRES === '1'

/** Whether `doc` holds every clock of `expected` (the state the writers left). */
function holds(doc: Y.Doc, expected: Map<number, number>): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const [client, clock] of expected) if ((have.get(client) ?? 0) < clock) return false
  return true
}

/** Connects a fresh client and times it until synced with the whole state; throws if the state is short. */
async function timeFirstSync(wsUrl: string, roomId: string, token: string, expected: Map<number, number>): Promise<number> {
  const start = performance.now()
  const client = await connectClient(wsUrl, roomId, token)
  const elapsed = performance.now() - start
  const complete = holds(client.doc, expected)
  client.destroy()
  if (!complete) throw new Error(`the first sync from ${wsUrl} did not hold the whole state`)
  return elapsed
}

interface Relay {
  wsUrl: string
  child: ChildProcess
  stop(): Promise<void>
}

/** The bare relay replaying `logFile` (support/log-relay.ts), in its own process. */
async function startLogRelay(logFile: string): Promise<Relay> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/bench/support/log-relay.ts')], {
    cwd: join(repoRoot, 'test'),
    env: { ...process.env, RELAY_LOG_FILE: logFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /relay listening on (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}:\n${output}`)))
  })
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

/**
 * The relay's log: the workbook as created (the first snapshot) and then every row of Samplan's
 * update log in order, the same bytes Samplan stored.
 */
function writeRelayLog(samplanDb: string, workbookId: string, logFile: string): { rows: number; bytes: number } {
  const source = new Database(samplanDb, { readonly: true })
  const target = new Database(logFile)
  target.exec('CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL)')
  target.exec('CREATE INDEX updates_by_doc ON updates(doc, seq)')
  const insert = target.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)')
  let rows = 0
  let total = 0
  target.transaction(() => {
    const created = source
      .prepare('SELECT data FROM workbook_snapshots WHERE workbook_id = ? AND upto_seq = 0 ORDER BY id LIMIT 1')
      .get(workbookId) as { data: Buffer }
    insert.run(ROOM_ID, created.data)
    for (const row of source.prepare('SELECT data FROM updates WHERE workbook_id = ? ORDER BY seq').iterate(workbookId)) {
      const { data } = row as { data: Buffer }
      insert.run(ROOM_ID, data)
      rows++
      total += data.length
    }
  })()
  source.close()
  target.close()
  return { rows, bytes: total }
}

/** The same log trimmed to one update (what y-leveldb writes after loading more than 500): the lower bound of any load. */
function writeMergedLog(logFile: string, mergedFile: string): void {
  const source = new Database(logFile, { readonly: true })
  const rows = source.prepare('SELECT data FROM updates WHERE doc = ? ORDER BY seq').all(ROOM_ID) as Array<{ data: Buffer }>
  source.close()
  const doc = new Y.Doc()
  doc.transact(() => {
    for (const row of rows) Y.applyUpdate(doc, row.data)
  })
  const target = new Database(mergedFile)
  target.exec('CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL)')
  target.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)').run(ROOM_ID, Y.encodeStateAsUpdate(doc))
  target.close()
  doc.destroy()
}

/** What a cold load reads: the snapshots and the log rows after the newest one. */
function loadShape(samplanDb: string, workbookId: string): string {
  const db = new Database(samplanDb, { readonly: true })
  const snaps = db
    .prepare('SELECT upto_seq AS uptoSeq, LENGTH(data) AS size FROM workbook_snapshots WHERE workbook_id = ? ORDER BY upto_seq DESC')
    .all(workbookId) as Array<{ uptoSeq: number; size: number }>
  const newest = snaps[0]?.uptoSeq ?? 0
  const tail = db.prepare('SELECT COUNT(*) AS n FROM updates WHERE workbook_id = ? AND seq > ?').get(workbookId, newest) as { n: number }
  const head = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE workbook_id = ?').get(workbookId) as { seq: number }
  db.close()
  return `${snaps.length} snapshot(s) stored (${snaps.map((s) => `up to seq ${s.uptoSeq}, ${bytes(s.size)}`).join('; ')}); log head seq ${head.seq}, ${count(tail.n)} log row(s) after the newest snapshot`
}

/** A fresh copy of the pristine data directory, so each cold start reads exactly what the writers left. */
function freshCopy(pristine: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-bench-coldroom-run-'))
  cpSync(pristine, dir, { recursive: true })
  return dir
}

/** One cold first sync: its wall time, and the server process's CPU time meanwhile (less disturbed by a busy machine). */
interface ColdSync {
  ms: number
  cpuMs: number
}

async function measured(pid: number, sync: () => Promise<number>): Promise<ColdSync> {
  const usage = watchProcess(pid)
  const ms = await sync()
  return { ms, cpuMs: usage.stop().cpuSeconds * 1000 }
}

async function samplanCold(pristine: string, workbookId: string, expected: Map<number, number>): Promise<ColdSync> {
  const dataDir = freshCopy(pristine)
  let server: ServerProcess | undefined
  try {
    server = await startServerProcess({ dataDir })
    const { wsUrl } = server
    const token = await login(server.url, 'ekonom')
    return await measured(server.child.pid as number, () => timeFirstSync(wsUrl, workbookId, token, expected))
  } finally {
    await server?.stop()
    removeDir(dataDir)
  }
}

/**
 * The same data after a server loaded the room and stopped gracefully (it snapshots every loaded
 * room on the way out, as an idle room does when it unloads): a load then finds no log after the snapshot.
 */
async function stoppedGracefully(pristine: string, workbookId: string, expected: Map<number, number>): Promise<string> {
  const dir = freshCopy(pristine)
  const server = await startServerProcess({ dataDir: dir })
  try {
    await timeFirstSync(server.wsUrl, workbookId, await login(server.url, 'ekonom'), expected)
  } finally {
    await server.stop()
  }
  return dir
}

async function relayCold(pristineLog: string, expected: Map<number, number>): Promise<ColdSync> {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-bench-coldroom-relay-'))
  const logFile = join(dir, 'relay.sqlite')
  cpSync(pristineLog, logFile)
  const relay = await startLogRelay(logFile)
  try {
    return await measured(relay.child.pid as number, () => timeFirstSync(relay.wsUrl, ROOM_ID, 'none', expected))
  } finally {
    await relay.stop()
    removeDir(dir)
  }
}

/** One more Samplan cold start with the server's main thread sampled from just before the first connection. */
async function profileSamplan(pristine: string, workbookId: string, expected: Map<number, number>): Promise<string> {
  const dataDir = freshCopy(pristine)
  const file = join(dataDir, 'cold.cpuprofile')
  const hook = join(repoRoot, 'test/bench/support/cpu-profile-hook.mjs')
  const server = await startServerProcess({ dataDir, env: { NODE_OPTIONS: `--import=${hook}`, BENCH_CPU_PROFILE: file } })
  try {
    const token = await login(server.url, 'ekonom')
    server.child.kill('SIGUSR2')
    const took = await timeFirstSync(server.wsUrl, workbookId, token, expected)
    await server.stop()
    return `Profile of one more Samplan cold start (server main thread from just before the connection, ${took.toFixed(0)} ms with the profiler on): ${describeProfile(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile))}.`
  } finally {
    await server.stop()
    removeDir(dataDir)
  }
}

/** The cold room's workbook, the state vector its clients reach, and the size of its state. */
interface ColdRoomData {
  workbookId: string
  expected: Map<number, number>
  stateBytes: number
}

/** The workbook and its log, written through the real server (which is then killed); reused from BENCH_COLDROOM_DATA when that holds one. */
async function prepareData(dir: string): Promise<ColdRoomData> {
  const saved = join(dir, 'coldroom.json')
  if (existsSync(saved)) {
    const data = JSON.parse(readFileSync(saved, 'utf8')) as { workbookId: string; expected: Array<[number, number]>; stateBytes: number }
    return { workbookId: data.workbookId, expected: new Map(data.expected), stateBytes: data.stateBytes }
  }
  const samplan = await startSamplanTarget({}, dir)
  let data: ColdRoomData
  try {
    const workbookId = await samplan.createRoom('Kall', setupRoom)
    const writers: BenchClient[] = []
    for (let w = 0; w < WRITERS; w++) writers.push(await samplan.connect(workbookId))
    const watcher = await samplan.connect(workbookId)
    await writeEdits(writers, countRemote(watcher), EDITS)
    const expected = Y.decodeStateVector(Y.encodeStateVector(watcher.doc))
    const stateBytes = Y.encodeStateAsUpdate(watcher.doc).length
    for (const client of [...writers, watcher]) client.destroy()
    data = { workbookId, expected, stateBytes }
  } finally {
    // Killed, not stopped: a graceful stop snapshots the room, and a crash leaves the log tail after the last periodic snapshot.
    await samplan.server.kill()
  }
  // The newest entries wait in the killed server's pending log: a server started on the data moves them into the file (it
  // loads no room, so it snapshots none on its way out), and the relay's copy of the log then holds every one.
  await (await startServerProcess({ dataDir: dir })).stop()
  writeFileSync(saved, JSON.stringify({ ...data, expected: [...data.expected] }))
  return data
}

/** Runs SQL with psql on `url`, input on stdin; throws with psql's message when a statement fails. */
function psql(url: string, sql: string): string {
  const run = spawnSync('psql', [url, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'], {
    input: sql,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr}`)
  return run.stdout.trim()
}

/** A value for COPY's text format: bytes as bytea hex, text with its backslashes, tabs and newlines escaped, null as \N. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N'
  if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value).toString('hex')}`
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}

function copyRows(table: string, columns: string[], rows: Iterable<unknown[]>): string {
  const lines = [`COPY ${table} (${columns.join(', ')}) FROM STDIN;`]
  for (const row of rows) lines.push(row.map(copyValue).join('\t'))
  lines.push('\\.')
  return `${lines.join('\n')}\n`
}

/** The same workbook in PostgreSQL: a database a server migrated and seeded, then the workbook's rows copied from the SQLite file, with the signed-in ekonom as a member. */
async function postgresTemplate(cluster: PostgresCluster, samplanDb: string, workbookId: string): Promise<string> {
  const url = await cluster.createDatabase()
  const seeding = await startServerProcess({ env: { SAMPLAN_DATABASE_URL: url } })
  await seeding.stop()
  removeDir(seeding.dataDir)
  const source = new Database(samplanDb, { readonly: true })
  const all = (sql: string) => (source.prepare(sql).raw(true).all(workbookId) as unknown[][])[Symbol.iterator]()
  const sql = [
    copyRows('workbooks', ['id', 'title', 'created_at'], all('SELECT id, title, created_at FROM workbooks WHERE id = ?')),
    copyRows(
      'workbook_snapshots',
      ['id', 'workbook_id', 'upto_seq', 'data'],
      all('SELECT id, workbook_id, upto_seq, data FROM workbook_snapshots WHERE workbook_id = ?'),
    ),
    copyRows(
      'updates',
      ['seq', 'workbook_id', 'data', 'user_id', 'created_at'],
      all('SELECT seq, workbook_id, data, user_id, created_at FROM updates WHERE workbook_id = ? ORDER BY seq'),
    ),
    copyRows(
      'client_ids',
      ['workbook_id', 'client_id', 'user_id'],
      all('SELECT workbook_id, client_id, user_id FROM client_ids WHERE workbook_id = ?'),
    ),
    `INSERT INTO workbook_members (workbook_id, user_id) SELECT '${workbookId.replace(/'/g, "''")}', id FROM users WHERE lower(username) = 'ekonom';`,
    "SELECT setval(pg_get_serial_sequence('updates', 'seq'), (SELECT MAX(seq) FROM updates));",
    "SELECT setval(pg_get_serial_sequence('workbook_snapshots', 'id'), (SELECT MAX(id) FROM workbook_snapshots));",
  ].join('\n')
  source.close()
  psql(url, sql)
  return url
}

/** A copy of the template database (CREATE DATABASE … TEMPLATE), so each cold start reads exactly the same rows. */
let copies = 0
function copyDatabase(cluster: PostgresCluster, template: string): string {
  const name = `coldroom_${++copies}`
  psql(cluster.url(), `CREATE DATABASE ${name} TEMPLATE ${new URL(template).pathname.slice(1)};`)
  return cluster.url(name)
}

function dropDatabase(cluster: PostgresCluster, url: string): void {
  psql(cluster.url(), `DROP DATABASE ${new URL(url).pathname.slice(1)};`)
}

async function postgresCold(
  cluster: PostgresCluster,
  template: string,
  workbookId: string,
  expected: Map<number, number>,
): Promise<ColdSync> {
  const url = copyDatabase(cluster, template)
  let server: ServerProcess | undefined
  try {
    server = await startServerProcess({ env: { SAMPLAN_DATABASE_URL: url } })
    const { wsUrl } = server
    const token = await login(server.url, 'ekonom')
    return await measured(server.child.pid as number, () => timeFirstSync(wsUrl, workbookId, token, expected))
  } finally {
    await server?.stop()
    if (server) removeDir(server.dataDir)
    dropDatabase(cluster, url)
  }
}

/** The PostgreSQL copy after a server loaded the room and stopped gracefully (snapshotting it), as a template of its own. */
async function postgresStoppedGracefully(
  cluster: PostgresCluster,
  template: string,
  workbookId: string,
  expected: Map<number, number>,
): Promise<string> {
  const url = copyDatabase(cluster, template)
  const server = await startServerProcess({ env: { SAMPLAN_DATABASE_URL: url } })
  try {
    await timeFirstSync(server.wsUrl, workbookId, await login(server.url, 'ekonom'), expected)
  } finally {
    await server.stop()
    removeDir(server.dataDir)
  }
  return url
}

function postgresLoadShape(url: string, workbookId: string): string {
  const id = `'${workbookId.replace(/'/g, "''")}'`
  const snaps = psql(
    url,
    `SELECT upto_seq || ' ' || octet_length(data) FROM workbook_snapshots WHERE workbook_id = ${id} ORDER BY upto_seq DESC;`,
  )
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ').map(Number) as [number, number])
  const [head, tail] = psql(
    url,
    `SELECT COALESCE(MAX(seq), 0) || ' ' || COUNT(*) FILTER (WHERE seq > ${snaps[0]?.[0] ?? 0}) FROM updates WHERE workbook_id = ${id};`,
  )
    .split(' ')
    .map(Number)
  return `${snaps.length} snapshot(s) stored (${snaps.map(([upto, size]) => `up to seq ${upto}, ${bytes(size)}`).join('; ')}); log head seq ${head}, ${count(tail ?? 0)} log row(s) after the newest snapshot`
}

/**
 * A workbook with EDITS edits in its log, then a cold room: a new server process on the data, and
 * the first client's time until its sync holds the whole state, Samplan against the bare relay
 * replaying the same log (and, as the lower bound, the relay loading it merged into one update), alternating.
 */
export async function runColdRoom(): Promise<BenchResult> {
  const keep = process.env.BENCH_COLDROOM_DATA
  const pristine = keep ?? mkdtempSync(join(tmpdir(), 'samplan-bench-coldroom-'))
  const relayDir = mkdtempSync(join(tmpdir(), 'samplan-bench-coldroom-log-'))
  let gracefulDir: string | undefined
  let postgres: PostgresCluster | undefined
  try {
    mkdirSync(pristine, { recursive: true })
    const { workbookId, expected, stateBytes } = await prepareData(pristine)
    const samplanDb = join(pristine, 'samplan.sqlite')
    const shape = loadShape(samplanDb, workbookId)
    const relayLog = join(relayDir, 'relay.sqlite')
    const log = writeRelayLog(samplanDb, workbookId, relayLog)
    const mergedLog = join(relayDir, 'merged.sqlite')
    writeMergedLog(relayLog, mergedLog)

    const graceful = await stoppedGracefully(pristine, workbookId, expected)
    gracefulDir = graceful
    const gracefulShape = loadShape(join(graceful, 'samplan.sqlite'), workbookId)
    let pg: { cluster: PostgresCluster; crashed: string; graceful: string } | undefined
    if (WITH_POSTGRES) {
      postgres = await startPostgresCluster()
      const crashed = await postgresTemplate(postgres, samplanDb, workbookId)
      pg = { cluster: postgres, crashed, graceful: await postgresStoppedGracefully(postgres, crashed, workbookId, expected) }
    }
    const times = {
      samplan: [] as ColdSync[],
      graceful: [] as ColdSync[],
      log: [] as ColdSync[],
      merged: [] as ColdSync[],
      postgres: [] as ColdSync[],
      postgresGraceful: [] as ColdSync[],
    }
    const sides = ['samplan', 'log', 'graceful', 'merged', ...(pg ? (['postgres', 'postgresGraceful'] as const) : [])] as const
    for (let round = 0; round < ROUNDS; round++) {
      // Each side goes first in turn, so drift in the machine's load hits all of them.
      for (let i = 0; i < sides.length; i++) {
        const side = sides[(round + i) % sides.length] as (typeof sides)[number]
        if (side === 'samplan') times.samplan.push(await samplanCold(pristine, workbookId, expected))
        else if (side === 'graceful') times.graceful.push(await samplanCold(graceful, workbookId, expected))
        else if (side === 'postgres' && pg) times.postgres.push(await postgresCold(pg.cluster, pg.crashed, workbookId, expected))
        else if (side === 'postgresGraceful' && pg)
          times.postgresGraceful.push(await postgresCold(pg.cluster, pg.graceful, workbookId, expected))
        else if (side === 'log' || side === 'merged') times[side].push(await relayCold(side === 'log' ? relayLog : mergedLog, expected))
      }
    }
    const wall = (runs: ColdSync[]) => runs.map((r) => r.ms)
    const cpu = (runs: ColdSync[]) => median(runs.map((r) => r.cpuMs))
    const samplanMedian = median(wall(times.samplan))
    const logMedian = median(wall(times.log))
    const mergedMedian = median(wall(times.merged))
    const gracefulMedian = median(wall(times.graceful))
    const met = samplanMedian <= TARGET * logMedian
    const runs = (values: ColdSync[]) => values.map((v) => v.ms.toFixed(0)).join(', ')
    const notes = [
      `What Samplan's cold load finds in SQLite after the crash: ${shape}; after the graceful stop: ${gracefulShape}.`,
      `Each run (ms): Samplan after the crash ${runs(times.samplan)}; after a graceful stop ${runs(times.graceful)}; relay replaying the log ${runs(times.log)}; relay loading one merged update ${runs(times.merged)}.`,
    ]
    if (pg) {
      notes.push(
        `What the PostgreSQL load finds after the crash (the same rows, copied): ${postgresLoadShape(pg.crashed, workbookId)}; after the graceful stop: ${postgresLoadShape(pg.graceful, workbookId)}.`,
        `Each run on PostgreSQL (ms): after the crash ${runs(times.postgres)}; after a graceful stop ${runs(times.postgresGraceful)}.`,
      )
    }
    if (!met || process.env.BENCH_COLDROOM_PROFILE === '1') notes.push(await profileSamplan(pristine, workbookId, expected))
    const coldRoom = `cold room, ${count(EDITS)} edits in the log: first client's sync complete (median of ${ROUNDS})`
    const rows: Row[] = [
      { measure: `edits in the log (one update each, ${WRITERS} clients)`, samplan: count(EDITS), reference: count(log.rows) },
      { measure: 'state the first client receives (Y.encodeStateAsUpdate)', samplan: bytes(stateBytes) },
      {
        measure: coldRoom,
        samplan: ms(samplanMedian),
        reference: ms(logMedian),
        ratio: ratio(samplanMedian, logMedian),
        target: `<= ${TARGET}x reference`,
        met,
      },
      {
        measure: `${coldRoom}, against the relay loading the log merged into one update (lower bound)`,
        samplan: ms(samplanMedian),
        reference: ms(mergedMedian),
        ratio: ratio(samplanMedian, mergedMedian),
      },
      {
        measure: `server CPU time from opening the socket until synced (median): Samplan after the crash vs the relay replaying the log`,
        samplan: ms(cpu(times.samplan)),
        reference: ms(cpu(times.log)),
        ratio: ratio(cpu(times.samplan), cpu(times.log)),
      },
      {
        measure: 'server CPU time, Samplan after the crash vs the relay loading the merged log',
        samplan: ms(cpu(times.samplan)),
        reference: ms(cpu(times.merged)),
        ratio: ratio(cpu(times.samplan), cpu(times.merged)),
      },
      {
        measure: 'server CPU time, Samplan after a graceful stop vs the relay loading the merged log',
        samplan: ms(cpu(times.graceful)),
        reference: ms(cpu(times.merged)),
        ratio: ratio(cpu(times.graceful), cpu(times.merged)),
      },
      {
        measure: `the same after a graceful stop (the room snapshotted on the way out), against the relay replaying the log`,
        samplan: ms(gracefulMedian),
        reference: ms(logMedian),
        ratio: ratio(gracefulMedian, logMedian),
      },
      {
        measure: `the same after a graceful stop, against the relay loading the merged log`,
        samplan: ms(gracefulMedian),
        reference: ms(mergedMedian),
        ratio: ratio(gracefulMedian, mergedMedian),
      },
    ]
    if (pg) {
      const postgresMedian = median(wall(times.postgres))
      const postgresGracefulMedian = median(wall(times.postgresGraceful))
      rows.push(
        {
          measure: `${coldRoom}, Samplan on PostgreSQL after the crash, against the relay replaying the log`,
          samplan: ms(postgresMedian),
          reference: ms(logMedian),
          ratio: ratio(postgresMedian, logMedian),
          target: `<= ${TARGET}x reference`,
          met: postgresMedian <= TARGET * logMedian,
        },
        {
          measure: 'the same on PostgreSQL after a graceful stop, against the relay loading the merged log',
          samplan: ms(postgresGracefulMedian),
          reference: ms(mergedMedian),
          ratio: ratio(postgresGracefulMedian, mergedMedian),
        },
        {
          measure: 'server CPU time, Samplan on PostgreSQL after the crash vs the relay replaying the log',
          samplan: ms(cpu(times.postgres)),
          reference: ms(cpu(times.log)),
          ratio: ratio(cpu(times.postgres), cpu(times.log)),
        },
        {
          measure: 'server CPU time, Samplan on PostgreSQL after a graceful stop vs the relay loading the merged log',
          samplan: ms(cpu(times.postgresGraceful)),
          reference: ms(cpu(times.merged)),
          ratio: ratio(cpu(times.postgresGraceful), cpu(times.merged)),
        },
      )
    }
    return {
      title: 'Cold room',
      referenceName: 'bare relay on the same log',
      method: `Command: \`npm run bench -- coldroom\`. ${count(EDITS)} one-cell edits (the Storage section's workbook and edits) are
written by ${WRITERS} clients through the real server, which is then killed (SIGKILL: no snapshot on the way out, so a load
finds the newest periodic snapshot and the log after it; a server started and stopped on the data, loading no room, moves the
entries the killed one left in its pending log into the file). Each round starts a new server process on a fresh copy of that
data directory, signs in, and times one Node y-websocket client from opening the socket until it is synced and holds every
clock of the final state. The reference is the bare relay (\`@y/websocket-server\` 0.1.1) in a new process on a copy of the
same log (the workbook as created, then the ${count(log.rows)} stored updates, ${bytes(log.bytes)}), which loads a room as
y-leveldb does: every stored update applied in one transaction (\`support/log-relay.ts\`, synchronously, before its first
sync step). The second reference is the relay on that log merged into one update, what y-leveldb stores after such a load.
Samplan is also timed on the data after a server loaded the room and stopped gracefully (it snapshots loaded rooms on the way
out, as an idle room does when it unloads).
${WITH_POSTGRES ? 'With `BENCH_COLDROOM_POSTGRES=1` the same rows are copied into a private PostgreSQL (after the crash, and after a server there loaded the room and stopped gracefully) and a server on a fresh copy of that database is timed the same way.\n' : ''}${ROUNDS} rounds, each side first in turn; medians. Process start-up and sign-in are outside the timing. The server's CPU time
over the same window (user + system, /proc, 10 ms ticks) is given too: on a shared machine it moves less than wall time.`,
      rows,
      notes,
    }
  } finally {
    if (!keep) removeDir(pristine)
    if (gracefulDir) removeDir(gracefulDir)
    removeDir(relayDir)
    await postgres?.destroy()
  }
}
