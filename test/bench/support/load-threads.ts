/**
 * Bench clients spread over worker threads, whole rooms to a thread. A thread holding every client
 * of a room takes both ends of each of its edits on one clock, and a pause of one thread (its garbage
 * collector, a long turn of its event loop) delays the samples of its rooms only: with a thousand
 * clients in one thread, such pauses lasted up to 1.8 s and decided the p99 of whichever round they fell in.
 */
import { type MessagePort, parentPort, Worker } from 'node:worker_threads'
import * as Y from 'yjs'
import { connectClient } from '../../support/yjs-client'
import { driveEdits, type EditDriveResult, mergeDrives } from './edit-load'
import { epochNow } from './loop-stalls'
import { type BenchClient, settle, withWorkbook } from './sync-targets'

/** The rooms of one server a load thread holds clients of. */
export interface LoadRooms {
  /** Names the server in later calls. */
  key: string
  wsUrl: string
  token: string
  roomIds: readonly string[]
  perRoom: number
}

export interface LoadRound {
  editsPerSecond: number
  seconds: number
  base: number
  drainMs: number
}

type Request =
  | { kind: 'connect'; rooms: LoadRooms }
  | { kind: 'drive'; key: string; round: LoadRound; startEpochMs: number }
  | { kind: 'diverged'; key: string }
  | { kind: 'disconnect'; key: string }

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string }

export interface LoadThreads {
  /** Connects `perRoom` clients to every room, the rooms dealt to the threads in turn; resolves once all have synced. */
  connect(rooms: LoadRooms): Promise<void>
  /** One round of edits on every thread's rooms of `key`, started at the same moment; the samples of all threads together. */
  drive(key: string, round: LoadRound): Promise<EditDriveResult>
  /** Rooms of `key` whose clients ended with different documents. */
  diverged(key: string): Promise<number>
  disconnect(key: string): Promise<void>
  stop(): Promise<void>
}

/** Starts `count` load threads (each loads this module, which then serves the parent's requests). */
export function startLoadThreads(count: number): LoadThreads {
  // Node 20 does not give a worker the parent's `--import tsx` hooks: the worker registers them before loading this file.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const self = JSON.stringify(import.meta.url)
  const boot = `import(${tsx}).then(({ register }) => { register(); return import(${self}) })`
  const workers = Array.from({ length: count }, (_, i) => new Worker(boot, { eval: true, name: `load-${i + 1}` }))
  let nextId = 0
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  for (const worker of workers) {
    worker.on('message', (reply: Reply) => {
      const waiting = pending.get(reply.id)
      pending.delete(reply.id)
      if (reply.ok) waiting?.resolve(reply.value)
      else waiting?.reject(new Error(reply.error))
    })
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error)
      pending.clear()
    })
  }
  const ask = <T>(worker: Worker, request: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      worker.postMessage({ id, request })
    })
  const all = <T>(request: Request) => Promise.all(workers.map((worker) => ask<T>(worker, request)))

  return {
    async connect(rooms) {
      await Promise.all(
        workers.map((worker, w) =>
          ask(worker, { kind: 'connect', rooms: { ...rooms, roomIds: rooms.roomIds.filter((_, r) => r % count === w) } }),
        ),
      )
    },
    async drive(key, round) {
      // Far enough ahead for every thread to have the request.
      const startEpochMs = epochNow() + 200
      return mergeDrives(await all<EditDriveResult>({ kind: 'drive', key, round, startEpochMs }))
    },
    async diverged(key) {
      return (await all<number>({ kind: 'diverged', key })).reduce((a, b) => a + b, 0)
    },
    async disconnect(key) {
      await all({ kind: 'disconnect', key })
    },
    async stop() {
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}

/** A load thread: its share of every server's rooms, by key. */
function serve(port: MessagePort): void {
  // As in run.ts: every y-websocket provider adds an exit listener.
  process.setMaxListeners(0)
  const held = new Map<string, BenchClient[][]>()
  const handle = async (request: Request): Promise<unknown> => {
    switch (request.kind) {
      case 'connect': {
        const { key, wsUrl, token, roomIds, perRoom } = request.rooms
        const rooms: BenchClient[][] = []
        for (const roomId of roomIds) {
          const clients = await Promise.all(
            Array.from({ length: perRoom }, async () => withWorkbook(await connectClient(wsUrl, roomId, token))),
          )
          await Promise.all(clients.map(settle))
          rooms.push(clients)
        }
        held.set(key, [...(held.get(key) ?? []), ...rooms])
        return null
      }
      case 'drive':
        return driveEdits({
          rooms: held.get(request.key) ?? [],
          ...request.round,
          startAt: request.startEpochMs - performance.timeOrigin,
        })
      case 'diverged':
        // Byte-equal state vectors of every client of a room mean each one holds every update.
        return (held.get(request.key) ?? []).filter((clients) => {
          const states = clients.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64'))
          return new Set(states).size > 1
        }).length
      case 'disconnect':
        for (const client of (held.get(request.key) ?? []).flat()) client.destroy()
        held.delete(request.key)
        return null
    }
  }
  port.on('message', ({ id, request }: { id: number; request: Request }) => {
    handle(request).then(
      (value) => port.postMessage({ id, ok: true, value } satisfies Reply),
      (error: unknown) =>
        port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
    )
  })
}

// Loaded as a load thread's module: serve the parent.
if (parentPort) serve(parentPort)
