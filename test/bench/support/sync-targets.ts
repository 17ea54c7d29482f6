import { listSheets, openWorkbook, type Workbook } from '@samplan/domain'
import type { ChildProcess } from 'node:child_process'
import { removeDir, startServerProcess, type ServerProcess } from '../../support/server-process'
import { connectClient, login, type NodeClient } from '../../support/yjs-client'
import { countCells, generateWorkbook } from './generated-workbook'
import { startRelayProcess } from './relay-process'
import { waitUntil } from './stats'

/** A Node client plus the workbook view of its doc. */
export interface BenchClient extends NodeClient {
  workbook: Workbook
}

/**
 * Either the real Samplan server or the bare relay, behind one interface, so each benchmark runs
 * the same client code against both.
 */
export interface SyncTarget {
  readonly label: string
  readonly child: ChildProcess
  readonly wsUrl: string
  /** What a client signs in with (the relay takes anything). */
  readonly token: string
  /** Creates a room, lets `setup` write its initial content and returns the room id once the server holds it. */
  createRoom(title: string, setup: (workbook: Workbook) => void): Promise<string>
  connect(roomId: string): Promise<BenchClient>
  /** Clients connected elsewhere (load-threads.ts) now hold the room and have its content. */
  joined(roomId: string): void
  stop(): Promise<void>
}

/** Resolves once the client holds the room's content (its first sheet). */
export async function settle(client: BenchClient): Promise<void> {
  const ok = await waitUntil(() => listSheets(client.workbook).length > 0, 30_000)
  if (!ok) throw new Error('room content did not arrive within 30 s')
}

export function withWorkbook(client: NodeClient): BenchClient {
  return Object.assign(client, { workbook: openWorkbook(client.doc) })
}

/** The real server (rights check, audit and SQLite persistence on), as a child process with a temp data dir. */
export async function startSamplanTarget(
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<SyncTarget & { server: ServerProcess; token: string }> {
  const server = await startServerProcess({ env, dataDir })
  const token = await login(server.url, 'ekonom')
  const connect = async (roomId: string) => withWorkbook(await connectClient(server.wsUrl, roomId, token))
  return {
    label: 'Samplan server',
    child: server.child,
    wsUrl: server.wsUrl,
    server,
    token,
    async createRoom(title, setup) {
      const res = await fetch(`${server.url}/api/workbooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ title, template: 'empty' }),
      })
      if (res.status !== 201) throw new Error(`creating a workbook failed: ${res.status} ${await res.text()}`)
      const { id } = (await res.json()) as { id: string }
      const writer = await connect(id)
      setup(writer.workbook)
      // A second connection that sees the content proves the server accepted and stored it.
      const reader = await connect(id)
      await settle(reader)
      reader.destroy()
      writer.destroy()
      return id
    },
    connect,
    joined() {},
    async stop() {
      await server.stop()
      if (!dataDir) removeDir(server.dataDir)
    },
  }
}

/** The bare y-websocket relay; a room lives as long as one client holds it, so the writer stays connected. */
export async function startRelayTarget(env: Record<string, string> = {}): Promise<SyncTarget> {
  const relay = await startRelayProcess(env)
  // The relay drops a room when its last client leaves: each writer stays until a bench client holds the room.
  const writers = new Map<string, BenchClient>()
  const connect = async (roomId: string) => withWorkbook(await connectClient(relay.wsUrl, roomId, 'none'))
  const release = (roomId: string) => {
    writers.get(roomId)?.destroy()
    writers.delete(roomId)
  }
  let rooms = 0
  return {
    label: 'bare y-websocket relay',
    child: relay.child,
    wsUrl: relay.wsUrl,
    token: 'none',
    async createRoom(title, setup) {
      const id = `${title.replace(/[^A-Za-z0-9]/g, '-')}-${++rooms}`
      const writer = await connect(id)
      setup(writer.workbook)
      writers.set(id, writer)
      return id
    },
    connect: async (roomId) => {
      const client = await connect(roomId)
      await settle(client)
      release(roomId)
      return client
    },
    joined: (roomId) => release(roomId),
    async stop() {
      for (const writer of writers.values()) writer.destroy()
      await relay.stop()
    },
  }
}

/**
 * A generated workbook (generated-workbook.ts) written through `target`; resolves once a fresh client
 * receives every cell, so the server holds it all. The caller reads that client and destroys it.
 */
export async function writeGeneratedRoom(
  target: SyncTarget,
  title: string,
  options: Parameters<typeof generateWorkbook>[1] = {},
): Promise<{ workbookId: string; generated: { cells: number; formulas: number }; check: BenchClient }> {
  let generated = { cells: 0, formulas: 0 }
  const workbookId = await target.createRoom(title, (wb) => {
    generated = generateWorkbook(wb, options)
  })
  const check = await target.connect(workbookId)
  if (!(await waitUntil(() => countCells(check.workbook) === generated.cells, 120_000, 500))) {
    throw new Error(`the server holds ${countCells(check.workbook)} of ${generated.cells} cells`)
  }
  return { workbookId, generated, check }
}
