import { addSheet, insertRows, listSheets, openWorkbook, type ColumnSpec, type Workbook } from '@samplan/domain'
import { startPostgresCluster, startRedisServer, type PostgresCluster, type RedisServer } from '@samplan/sync-server/testing'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import * as Y from 'yjs'
import { startCluster } from '../support/cluster'
import { removeDir, startServerProcess, type ServerProcess } from '../support/server-process'
import { connectClient, login } from '../support/yjs-client'
import { mergeRounds, runEditLoad, type EditLoadResult } from './support/edit-load'
import { watchProcess, type ProcessUsage } from './support/proc-usage'
import type { BenchResult, Row } from './support/report'
import { bytes, count, median, ms, percentile, ratio, ratioSpread, waitUntil } from './support/stats'
import type { BenchClient } from './support/sync-targets'

/** Rounds of the hot workbook per deployment and their length: each round's p99 ratio compares neighbours in time. */
const HOT_ROUNDS = Number(process.env.BENCH_CLUSTER_HOT_ROUNDS ?? 20)
const HOT_ROUND_SECONDS = Number(process.env.BENCH_CLUSTER_HOT_ROUND_SECONDS ?? 8)
/** Seconds of measured capacity load per deployment, split into rounds. */
const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 60)
const ROUNDS = Number(process.env.BENCH_CLUSTER_ROUNDS ?? 4)
/** Every deployment runs this long, uncounted, before its first measured round (JIT, pools, the rooms' copies). */
const WARMUP_SECONDS = 3
/** One hot workbook: as many clients on each of the three servers, 5 edits/s each (the propagation benchmark's rate). */
const HOT_CLIENTS = Number(process.env.BENCH_CLUSTER_HOT_CLIENTS ?? 21)
const HOT_EDITS_PER_SECOND = 5
const WORKBOOKS = Number(process.env.BENCH_CLUSTER_WORKBOOKS ?? 50)
const PER_WORKBOOK = Number(process.env.BENCH_CLUSTER_CLIENTS_PER_WORKBOOK ?? 10)
const CAPACITY_EDITS_PER_SECOND = 1
/** BENCH_CLUSTER_SQLITE=0 leaves out the SQLite column (one process fewer on a busy machine). */
const WITH_SQLITE = process.env.BENCH_CLUSTER_SQLITE !== '0'
/** BENCH_CLUSTER_CAPACITY=0 runs the hot workbook only (a short trial of its latency). */
const WITH_CAPACITY = process.env.BENCH_CLUSTER_CAPACITY !== '0'
const SERVERS = 3
const COLS = 10
const PHASE_BASE = 1e11
const DRAIN_MS = 30_000
/** After the last round, how long the benchmark waits for every workbook's clients to hold the same document: lag or loss. */
const SETTLE_MS = Number(process.env.BENCH_CLUSTER_SETTLE_SECONDS ?? 120) * 1000
const TARGET_RATIO = 1.5
/** For the estimate: Node runs a server's sync work on one thread; keep it half busy so the tail stays short. */
const CORE_BUDGET = 0.5
const CITY_EDITORS = 1_000

const COLUMN: ColumnSpec = { label: 'Belopp', type: 'number', editable: 'ekonom' }

/**
 * One server or several behind one interface: requests and connections are dealt to the servers in
 * turn, as a round-robin load balancer without sticky sessions does (the k-th to server k mod n).
 */
interface Deployment {
  readonly label: string
  readonly servers: ServerProcess[]
  /** A workbook set up by the `first`-th connection (and checked by a later one). */
  createRoom(title: string, rows: number, first: number): Promise<string>
  connect(roomId: string, index: number): Promise<BenchClient>
  stop(): Promise<void>
}

async function deploymentOf(label: string, servers: ServerProcess[]): Promise<Deployment> {
  const token = await login((servers[0] as ServerProcess).url, 'ekonom')
  const connect = async (roomId: string, index: number) => {
    const client = await connectClient((servers[index % servers.length] as ServerProcess).wsUrl, roomId, token)
    return Object.assign(client, { workbook: openWorkbook(client.doc) })
  }
  return {
    label,
    servers,
    async createRoom(title, rows, first) {
      const res = await fetch(`${(servers[first % servers.length] as ServerProcess).url}/api/workbooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ title, template: 'empty' }),
      })
      if (res.status !== 201) throw new Error(`creating a workbook failed: ${res.status} ${await res.text()}`)
      const { id } = (await res.json()) as { id: string }
      const writer = await connect(id, first)
      setupRoom(writer.workbook, rows)
      // A reader on another server (the last before the writer's) that sees the content proves it was stored and reached the others.
      const reader = await connect(id, first + servers.length - 1)
      const arrived = await waitUntil(() => listSheets(reader.workbook).length > 0, 30_000)
      reader.destroy()
      writer.destroy()
      if (!arrived) throw new Error('room content did not arrive within 30 s')
      return id
    },
    connect,
    async stop() {
      await Promise.all(servers.map((s) => s.stop()))
      for (const s of servers) removeDir(s.dataDir)
    },
  }
}

function setupRoom(workbook: Workbook, rows: number): void {
  const sheetId = addSheet(workbook, { name: 'Blad1', kind: 'generic', columns: Array.from({ length: COLS }, () => COLUMN) })
  insertRows(workbook, sheetId, 0, rows)
}

function rssNow(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) * 1024 : 0
}

interface Measured {
  deployment: Deployment
  rooms: BenchClient[][]
  /** RSS of each server before any bench client connected. */
  idleRss: number[]
  rounds: EditLoadResult[]
  /** Per server, per round. */
  usage: ProcessUsage[][]
}

async function prepare(deployment: Deployment, workbooks: number, perWorkbook: number, title: string): Promise<Measured> {
  const idleRss = deployment.servers.map((s) => rssNow(s.child.pid as number))
  const rooms: BenchClient[][] = []
  for (let w = 0; w < workbooks; w++) {
    // The connections in the order they are made, workbook by workbook: each workbook is open on
    // every server, and which server loads it first (and judges it) goes round too.
    const first = w * perWorkbook
    const id = await deployment.createRoom(`${title} ${w + 1}`, perWorkbook, first)
    rooms.push(await Promise.all(Array.from({ length: perWorkbook }, (_, i) => deployment.connect(id, first + i))))
  }
  return { deployment, rooms, idleRss, rounds: [], usage: deployment.servers.map(() => []) }
}

function load(m: Measured, editsPerSecond: number, seconds: number, index: number): Promise<EditLoadResult> {
  return runEditLoad({
    rooms: m.rooms,
    editsPerSecond,
    seconds,
    base: (index + 2) * PHASE_BASE,
    drainMs: DRAIN_MS,
    server: (m.deployment.servers[0] as ServerProcess).child,
  })
}

async function round(m: Measured, editsPerSecond: number, seconds: number, index: number): Promise<void> {
  const watchers = m.deployment.servers.map((s) => watchProcess(s.child.pid as number))
  m.rounds.push(await load(m, editsPerSecond, seconds, index))
  watchers.forEach((w, i) => m.usage[i]?.push(w.stop()))
}

/**
 * The order of round `r`: the three servers and the one on PostgreSQL alternate ABBA (cluster first
 * in even rounds, second in odd ones), so neither always follows the other or always sits in the
 * middle; the SQLite server, a side figure, runs last in every round, never between the two compared.
 */
function roundOrder<T>(compared: readonly [T, T], others: readonly T[], r: number): T[] {
  const [a, b] = compared
  return [...(r % 2 === 0 ? [a, b] : [b, a]), ...others]
}

function totalOf(usages: readonly ProcessUsage[]): ProcessUsage {
  const cpuSeconds = usages.reduce((a, u) => a + u.cpuSeconds, 0)
  const wallSeconds = usages.reduce((a, u) => a + u.wallSeconds, 0)
  return { cpuSeconds, wallSeconds, cpuCores: cpuSeconds / wallSeconds, peakRssBytes: Math.max(...usages.map((u) => u.peakRssBytes)) }
}

interface Summary {
  load: EditLoadResult
  /** Each round's result, in order. */
  rounds: EditLoadResult[]
  perServer: ProcessUsage[]
  idleRss: number[]
  connections: number
  /** Workbooks whose clients held different documents right after the last round's drain. */
  diverged: number
  /** Then waited for: milliseconds until every workbook's clients agreed, or NaN if they never did within SETTLE_MS. */
  settledMs: number
}

function divergedRooms(rooms: BenchClient[][]): number {
  return rooms.filter((clients) => new Set(clients.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64'))).size > 1).length
}

async function summarize(m: Measured): Promise<Summary> {
  const diverged = divergedRooms(m.rooms)
  const started = performance.now()
  const settled = diverged === 0 || (await waitUntil(() => divergedRooms(m.rooms) === 0, SETTLE_MS, 250))
  return {
    settledMs: settled ? performance.now() - started : Number.NaN,
    load: mergeRounds(m.rounds),
    rounds: m.rounds,
    perServer: m.usage.map(totalOf),
    idleRss: m.idleRss,
    connections: m.rooms.flat().length,
    diverged,
  }
}

async function close(m: Measured | undefined): Promise<void> {
  if (!m) return
  for (const client of m.rooms.flat()) client.destroy()
}

/**
 * Runs one phase against every deployment: each first warms up uncounted, then the rounds alternate
 * (roundOrder) so the machine's load drift hits all alike and no deployment holds one place.
 */
async function phase(
  deployments: Deployment[],
  workbooks: number,
  perWorkbook: number,
  editsPerSecond: number,
  title: string,
  rounds: number,
  roundSeconds: number,
): Promise<Summary[]> {
  const measured: Measured[] = []
  try {
    for (const d of deployments) measured.push(await prepare(d, workbooks, perWorkbook, title))
    for (const m of measured) await load(m, editsPerSecond, WARMUP_SECONDS, -1)
    const [cluster, one, ...others] = measured as [Measured, Measured, ...Measured[]]
    for (let r = 0; r < rounds; r++) {
      for (const m of roundOrder([cluster, one], others, r)) await round(m, editsPerSecond, roundSeconds, r)
      const p99s = measured.map((m) => percentile((m.rounds.at(-1) as EditLoadResult).toAll, 99).toFixed(1)).join(' / ')
      console.error(
        `${title} round ${r + 1}/${rounds} (${r % 2 === 0 ? 'cluster first' : 'one server first'}): p99 ${p99s} ms, load ${os.loadavg()[0]?.toFixed(1)}`,
      )
    }
    const summaries: Summary[] = []
    for (const m of measured) summaries.push(await summarize(m))
    return summaries
  } finally {
    for (const m of measured) await close(m)
  }
}

const cores = (u: ProcessUsage) => u.cpuCores.toFixed(2)
const us = (seconds: number) => (Number.isFinite(seconds) ? `${(seconds * 1e6).toFixed(0)} µs` : 'n/a')
const perServerText = (s: Summary, f: (u: ProcessUsage, i: number) => string) =>
  s.perServer.map((u, i) => `${String.fromCharCode(65 + i)} ${f(u, i)}`).join(', ')
const settledText = (s: Summary) => (Number.isFinite(s.settledMs) ? ms(s.settledMs) : 'never')
const clusterCpuSeconds = (s: Summary) => s.perServer.reduce((a, u) => a + u.cpuSeconds, 0)
/** Extra RSS per connection of one server: (peak under load - before the clients) / its connections. */
const rssPerConnection = (s: Summary) =>
  s.perServer.reduce((a, u, i) => a + (u.peakRssBytes - (s.idleRss[i] ?? 0)), 0) / Math.max(1, s.connections)

/** One server on PostgreSQL vs three on PostgreSQL and Redis (and one on SQLite), in the same run. */
/** The machine's load before this benchmark started its servers (its own processes load the 2 cores while it runs). */
let loadBefore = 0

export async function runCluster(): Promise<BenchResult> {
  loadBefore = os.loadavg()[0] ?? 0
  let postgres: PostgresCluster | undefined
  let redis: RedisServer | undefined
  const deployments: Deployment[] = []
  let hot: Summary[]
  let capacity: Summary[] | null = null
  try {
    postgres = await startPostgresCluster()
    redis = await startRedisServer()
    const single = await startServerProcess({ env: { SAMPLAN_DATABASE_URL: await postgres.createDatabase() } })
    deployments.push(
      await deploymentOf('three servers, PostgreSQL + Redis', await startCluster(SERVERS, await postgres.createDatabase(), redis.url)),
    )
    deployments.push(await deploymentOf('one server, PostgreSQL', [single]))
    if (WITH_SQLITE) deployments.push(await deploymentOf('one server, SQLite', [await startServerProcess()]))
    hot = await phase(deployments, 1, HOT_CLIENTS, HOT_EDITS_PER_SECOND, 'Het', HOT_ROUNDS, HOT_ROUND_SECONDS)
    if (WITH_CAPACITY)
      capacity = await phase(deployments, WORKBOOKS, PER_WORKBOOK, CAPACITY_EDITS_PER_SECOND, 'Kapacitet', ROUNDS, SECONDS / ROUNDS)
  } finally {
    for (const d of deployments) await d.stop()
    await redis?.stop()
    await postgres?.destroy()
  }
  const [hotCluster, hotOne, hotSqlite] = hot as [Summary, Summary, Summary | undefined]
  const withSqlite = (pg: string, sqlite: string | undefined) => (sqlite === undefined ? pg : `${pg} (SQLite: ${sqlite})`)
  const p99 = (s: Summary) => percentile(s.load.toAll, 99)
  const dropped = (s: Summary) => s.load.expected - s.load.received
  const cpuPerUpdate = (s: Summary) => clusterCpuSeconds(s) / s.load.edits
  const roundP99 = (r: EditLoadResult) => percentile(r.toAll, 99)
  const p99Ratios = hotCluster.rounds.map((r, i) => roundP99(r) / roundP99(hotOne.rounds[i] as EditLoadResult))
  const p99Median = median(p99Ratios.filter((r) => Number.isFinite(r)))
  const hotRows: Row[] = [
    {
      measure: `hot workbook (${HOT_CLIENTS} clients, ${HOT_CLIENTS / SERVERS} per server): edit -> all other clients observed, p99: per-round ratio, median (interquartile range)`,
      samplan: ratioSpread(p99Ratios),
      target: `<= ${TARGET_RATIO}x one server`,
      met: p99Median <= TARGET_RATIO,
    },
    {
      measure: 'hot workbook: edit -> all other clients observed, p99 of all rounds pooled',
      samplan: ms(p99(hotCluster)),
      reference: withSqlite(ms(p99(hotOne)), hotSqlite && ms(p99(hotSqlite))),
      ratio: ratio(p99(hotCluster), p99(hotOne)),
    },
    {
      measure: "hot workbook: p99 per-round ratio, median, in the rounds the cluster ran first / second (the order's bias)",
      samplan: `${x(median(p99Ratios.filter((_, i) => i % 2 === 0)))} / ${x(median(p99Ratios.filter((_, i) => i % 2 === 1)))}`,
    },
    {
      measure: 'hot workbook: edit -> all other clients observed, p50',
      samplan: ms(percentile(hotCluster.load.toAll, 50)),
      reference: withSqlite(ms(percentile(hotOne.load.toAll, 50)), hotSqlite && ms(percentile(hotSqlite.load.toAll, 50))),
      ratio: ratio(percentile(hotCluster.load.toAll, 50), percentile(hotOne.load.toAll, 50)),
    },
    {
      measure: 'hot workbook: CPU per server (cores busy, mean)',
      samplan: perServerText(hotCluster, cores),
      reference: withSqlite(cores(hotOne.perServer[0] as ProcessUsage), hotSqlite && cores(hotSqlite.perServer[0] as ProcessUsage)),
    },
    {
      measure: 'hot workbook: CPU of all servers per update (CPU time / edits)',
      samplan: us(cpuPerUpdate(hotCluster)),
      reference: withSqlite(us(cpuPerUpdate(hotOne)), hotSqlite && us(cpuPerUpdate(hotSqlite))),
      ratio: ratio(cpuPerUpdate(hotCluster), cpuPerUpdate(hotOne)),
    },
  ]
  const hotNotes = [
    `Hot workbook, p99 per round (ms, cluster / one server on PostgreSQL): ${hotCluster.rounds.map((r, i) => `${roundP99(r).toFixed(1)} / ${roundP99(hotOne.rounds[i] as EditLoadResult).toFixed(1)}`).join(', ')}.`,
  ]
  if (!capacity) return result(hotRows, [loadNote(), ...hotNotes])
  const [capCluster, capOne, capSqlite] = capacity as [Summary, Summary, Summary | undefined]
  const capacityRows: Row[] = [
    {
      measure: `capacity (${WORKBOOKS * PER_WORKBOOK} connections over ${WORKBOOKS} workbooks, ${CAPACITY_EDITS_PER_SECOND} edit/s each): deliveries missing ${DRAIN_MS / 1000} s after the last edit`,
      samplan: `${count(dropped(capCluster))} of ${count(capCluster.load.expected)}`,
      reference: withSqlite(`${count(dropped(capOne))} of ${count(capOne.load.expected)}`, capSqlite && count(dropped(capSqlite))),
      target: 'none dropped',
      met: dropped(capCluster) === 0,
    },
    {
      measure: 'capacity: workbooks whose clients ended with different documents',
      samplan: count(capCluster.diverged),
      reference: withSqlite(count(capOne.diverged), capSqlite && count(capSqlite.diverged)),
      target: '0',
      met: capCluster.diverged === 0,
    },
    {
      measure: `capacity: then, time until every workbook's clients held the same document (waited up to ${SETTLE_MS / 1000} s)`,
      samplan: settledText(capCluster),
      reference: withSqlite(settledText(capOne), capSqlite && settledText(capSqlite)),
      target: 'all agree: nothing lost',
      met: Number.isFinite(capCluster.settledMs),
    },
    {
      measure: 'capacity: peak RSS per server',
      samplan: perServerText(capCluster, (u) => bytes(u.peakRssBytes)),
      reference: withSqlite(bytes(capOne.perServer[0]?.peakRssBytes ?? 0), capSqlite && bytes(capSqlite.perServer[0]?.peakRssBytes ?? 0)),
    },
    {
      measure:
        'capacity: RSS added per connection (peak under load - before the clients, per connection; each server holds every workbook)',
      samplan: bytes(rssPerConnection(capCluster)),
      reference: withSqlite(bytes(rssPerConnection(capOne)), capSqlite && bytes(rssPerConnection(capSqlite))),
    },
    {
      measure: 'capacity: CPU per server (cores busy, mean)',
      samplan: perServerText(capCluster, cores),
      reference: withSqlite(cores(capOne.perServer[0] as ProcessUsage), capSqlite && cores(capSqlite.perServer[0] as ProcessUsage)),
    },
    {
      measure: 'capacity: CPU of all servers per update (CPU time / edits)',
      samplan: us(cpuPerUpdate(capCluster)),
      reference: withSqlite(us(cpuPerUpdate(capOne)), capSqlite && us(cpuPerUpdate(capSqlite))),
      ratio: ratio(cpuPerUpdate(capCluster), cpuPerUpdate(capOne)),
    },
    {
      measure: 'capacity: edit -> one other client observed, p99',
      samplan: ms(percentile(capCluster.load.toEach, 99)),
      reference: withSqlite(ms(percentile(capOne.load.toEach, 99)), capSqlite && ms(percentile(capSqlite.load.toEach, 99))),
      ratio: ratio(percentile(capCluster.load.toEach, 99), percentile(capOne.load.toEach, 99)),
    },
  ]
  return result([...hotRows, ...capacityRows], [loadNote(), ...hotNotes, estimate(capCluster, capOne)])
}

function result(rows: Row[], notes: string[]): BenchResult {
  return {
    title: 'Several servers',
    referenceName: WITH_SQLITE ? 'one server on PostgreSQL (SQLite)' : 'one server on PostgreSQL',
    method: `Command: \`npm run bench -- cluster\` (knobs: \`BENCH_CLUSTER_HOT_ROUNDS\`, \`BENCH_CLUSTER_HOT_ROUND_SECONDS\`,
\`BENCH_CLUSTER_HOT_CLIENTS\`; \`BENCH_CLUSTER_SECONDS\` of capacity load per deployment, default 60, in \`BENCH_CLUSTER_ROUNDS\`;
\`BENCH_CLUSTER_WORKBOOKS\`, \`BENCH_CLUSTER_CLIENTS_PER_WORKBOOK\`, \`BENCH_CLUSTER_SQLITE=0\`, \`BENCH_CLUSTER_CAPACITY=0\`).
One private PostgreSQL and one redis-server (\`@samplan/sync-server/testing\`); three real servers started together on one
database and Redis (\`test/support/cluster.ts\`), one server on a second database of the same PostgreSQL${WITH_SQLITE ? ', and one on SQLite' : ''}, all up at once. Clients are
dealt to the servers in turn as a round-robin load balancer without sticky sessions does (the k-th connection, workbook by
workbook, to server k mod 3), so every workbook is open on every server, the first to load each workbook (which then
judges its updates: ARCHITECTURE.md, "One server judges a busy workbook") goes round, and every server both
judges and applies what another judged. Two phases, the client code of \`edit-propagation.ts\` and \`capacity.ts\` (\`support/edit-load.ts\`): a hot
workbook with ${HOT_CLIENTS} clients at ${HOT_EDITS_PER_SECOND} edits/s each, ${HOT_ROUNDS} rounds of ${HOT_ROUND_SECONDS} s per deployment, and ${WORKBOOKS * PER_WORKBOOK} connections over ${WORKBOOKS} workbooks at
${CAPACITY_EDITS_PER_SECOND} edit/s each, ${ROUNDS} rounds of ${SECONDS / ROUNDS} s per deployment. In each phase every deployment first runs ${WARMUP_SECONDS} s uncounted;
then the rounds alternate the three servers and the one on PostgreSQL ABBA (the cluster first, then second, ...) with the
SQLite server last in every round, so neither compared deployment always sits in the middle or after the other (rotating
all three, reversed every other round, always put the one server on PostgreSQL in the middle, and the middle place won by
more than any change explained). Each round waits up to ${DRAIN_MS / 1000} s for stragglers. The target is judged on the
median of the per-round p99 ratios (each round against its neighbour in time), as in "Edit propagation"; the pooled p99 is
shown too. CPU and RSS per server from \`/proc/<pid>\` (\`support/proc-usage.ts\`); "CPU of all servers per
update" adds the servers' CPU time and divides by the edits made. On 2 cores shared by every process (servers,
PostgreSQL, Redis and the clients) three servers cannot show a throughput gain; what this measures is that the cost per
server stays flat and the latency of a hot workbook does not grow past the target.`,
    rows,
    notes,
  }
}

/**
 * How many servers a city with 1 000 concurrent editors needs, from this run's figures: with no
 * sticky sessions every server holds every busy workbook, so each applies every update (the
 * cluster's CPU per update, shared by its servers) and judges and fans out its own share.
 */
function estimate(cluster: Summary, one: Summary): string {
  const n = cluster.perServer.length
  const perUpdateOne = clusterCpuSeconds(one) / one.load.edits
  const perUpdateCluster = clusterCpuSeconds(cluster) / cluster.load.edits
  // cluster = n x remote + own: each update is judged once (as on one server) and applied by the other n-1.
  const remote = Math.max(0, (perUpdateCluster - perUpdateOne) / (n - 1))
  // Two at least, so one can fail or be updated while the other serves.
  const servers = (updatesPerSecond: number) => {
    for (let k = 2; k <= 64; k++) {
      const perServer = (updatesPerSecond * ((k - 1) * remote + perUpdateOne)) / k
      if (perServer <= CORE_BUDGET) return String(k)
    }
    return 'more than 64'
  }
  const rssPerConn = rssPerConnection(cluster)
  const memory = (CITY_EDITORS * rssPerConn) / 2 ** 20
  return `Estimate for a city with ${count(CITY_EDITORS)} concurrent editors. Per update, one server spent ${us(perUpdateOne)} of CPU (judge, store, fan out to its sockets); three servers together spent ${us(perUpdateCluster)}, so applying an update another server judged costs about ${us(remote)} per server. With k servers each busy workbook is open on all of them, so a server spends updates/s x ((k-1) x ${us(remote)} + ${us(perUpdateOne)}) / k. Keeping each server's main thread at most ${CORE_BUDGET * 100} % busy: at one edit every 5 s per editor (${count(CITY_EDITORS / 5)} updates/s, a busy budget day) ${servers(CITY_EDITORS / 5)} server(s); at the benchmark's one edit a second each (${count(CITY_EDITORS)} updates/s, far above what people type) ${servers(CITY_EDITORS)}. Memory: about ${bytes(rssPerConn)} per connection, summed over the servers (each holds every workbook its clients open, so this includes the workbooks' copies), so ${memory.toFixed(0)} MiB over all servers for ${count(CITY_EDITORS)} connections, on top of each idle server. At least two servers either way, for failover. Adding servers spreads sockets and judging, not the update stream itself: every server applies every update of the workbooks it holds, so once that apply cost alone (updates/s x ${us(remote)}) passes the budget, more servers do not help and workbooks would have to be routed to fewer servers each. PostgreSQL's and Redis's own CPU is not counted here.`
}

function loadNote(): string {
  // Busy before it began: other work shared the machine and the figures are high. (The load at the end
  // is mostly the benchmark's own three servers, PostgreSQL, Redis and clients.)
  return loadBefore > 1
    ? `Measured under load (load average ${loadBefore.toFixed(1)} before it started, ${os.cpus().length} cores shared with other work): to be re-measured on a quiet machine.`
    : `Measured on a quiet machine (load average ${loadBefore.toFixed(1)} before it started, ${os.cpus().length} cores).`
}

const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a')
