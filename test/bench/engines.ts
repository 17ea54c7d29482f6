/**
 * The server's formula engines (`GET /api/workbooks/:id/computed`): resident memory of the server
 * with 1 and with ROOMS rooms of VP 2024 asking for values, and the time to a room's first answer
 * (the engine starts and builds) and to a later one. Knobs: ENGINE_BENCH_ROOMS (default 10) and
 * SAMPLAN_ENGINE_WORKERS, passed on to the server.
 */
import { readFileSync } from 'node:fs'
import { loginAll } from '../support/live-server'
import { removeDir, startServerProcess } from '../support/server-process'
import { connectClient, type NodeClient } from '../support/yjs-client'
import type { BenchResult } from './support/report'

const ROOMS = Number(process.env.ENGINE_BENCH_ROOMS ?? 10)
const MIB = 2 ** 20

function rss(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(match?.[1] ?? 0) * 1024
}

function threads(pid: number): number {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`
const ms = (value: number) => `${value.toFixed(0)} ms`

export async function runEngines(): Promise<BenchResult> {
  const workers = process.env.SAMPLAN_ENGINE_WORKERS ?? '1'
  const server = await startServerProcess({ env: { SAMPLAN_ENGINE_WORKERS: workers } })
  const clients: NodeClient[] = []
  try {
    const pid = server.child.pid as number
    const tokens = await loginAll(server)
    const ids: string[] = []
    for (let i = 0; i < ROOMS; i++) {
      const res = await fetch(`${server.url}/api/workbooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.ekonom}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Motor ${i + 1}`, template: 'vp2024' }),
      })
      if (res.status !== 201) throw new Error(`creating a workbook answered ${res.status}`)
      ids.push(((await res.json()) as { id: string }).id)
    }
    // Open rooms, as people with the workbooks open keep them: only the engines differ below.
    for (const id of ids) clients.push(await connectClient(server.wsUrl, id, tokens.ekonom))
    const ask = async (id: string): Promise<number> => {
      const started = performance.now()
      const res = await fetch(`${server.url}/api/workbooks/${id}/computed`, { headers: { authorization: `Bearer ${tokens.ekonom}` } })
      if (res.status !== 200) throw new Error(`computed values answered ${res.status}: ${await res.text()}`)
      await res.arrayBuffer()
      return performance.now() - started
    }
    const base = rss(pid)
    const baseThreads = threads(pid)
    const first: number[] = []
    const later: number[] = []
    let one = 0
    for (const [i, id] of ids.entries()) {
      first.push(await ask(id))
      for (let k = 0; k < 5; k++) later.push(await ask(id))
      if (i === 0) one = rss(pid)
    }
    const all = rss(pid)
    const rows = [
      { measure: 'server RSS with the rooms open, no engine', samplan: mib(base) },
      { measure: 'RSS added by 1 room asking for values', samplan: mib(one - base) },
      { measure: `RSS added by ${ROOMS} rooms asking for values`, samplan: mib(all - base) },
      { measure: `threads added by ${ROOMS} rooms`, samplan: String(threads(pid) - baseThreads) },
      { measure: 'first answer of the first room', samplan: ms(first[0] ?? 0) },
      { measure: `first answer of the other rooms (median of ${ROOMS - 1})`, samplan: ms(median(first.slice(1))) },
      { measure: `later answer (median of ${later.length})`, samplan: ms(median(later)) },
    ]
    return {
      title: 'Server formula engines',
      method: `One server (SAMPLAN_ENGINE_WORKERS=${workers}) with ${ROOMS} copies of VP 2024, each open on a websocket. Each room in turn asks \`GET /api/workbooks/:id/computed\` once (its first answer: the engine builds) and five times more (later answers); RSS and threads from \`/proc/<pid>/status\` of the server child. \`npm run bench -- engines\`.`,
      referenceName: 'none',
      rows,
      notes: [
        'With a worker per room, as before the pool (2026-11-29, load 5-9 on 2 cores): 1 room +113 MiB, 10 rooms +949 MiB and 20 threads, first answers 2.0 s (first room) and 2.3 s (median of the others), later answers 10 ms.',
      ],
    }
  } finally {
    for (const client of clients) client.destroy()
    await server.stop()
    removeDir(server.dataDir)
  }
}
