import type { Api } from '@samplan/domain'
import { Worker } from 'node:worker_threads'
import type * as Y from 'yjs'
import type { EngineReply, EngineRequest, ValuesAsk } from './computed-engine-messages'

/** Thrown when a room's formula engine cannot answer (it failed, its worker stopped, or the room unloaded); the message names why. */
export class ComputedEngineError extends Error {
  override name = 'ComputedEngineError'
  constructor(readonly detail: string) {
    super(`the formula engine cannot answer: ${detail}`)
  }
}

/** What an engine follows: a room's live doc and its whole state now (`Room` is one). */
export interface EngineSource {
  readonly doc: Y.Doc
  fullState(): Uint8Array
}

/**
 * How long a room's accepted updates are gathered before its engine gets them: one recalculation per
 * batch instead of one per keystroke, while a values request posts what is gathered first.
 */
const FOLLOW_BATCH_MS = 100

/**
 * A room's engine gets its next batch only once it has applied the last; what gathers meanwhile beyond
 * these (a workbook written cell by cell: an import, a generated workbook) means it has fallen behind,
 * and one build from the whole state then costs less than following batch by batch.
 */
const BACKLOG_MAX_UPDATES = 500
const BACKLOG_MAX_BYTES = 512 * 1024
/** An engine that fell behind is rebuilt once the writes pause this long (or by the next request)... */
const SETTLE_MS = 500
/** ...or this long after it fell behind, if they never pause. */
const SETTLE_MAX_MS = 30_000

/**
 * A room loads with its engine built only if its state is at least this large: a smaller workbook
 * (VP 2024 is 94 KiB) builds in tens of milliseconds on its first request, and an engine that follows
 * every room from load would cost every edit of every loaded room CPU in the worker, and the server
 * memory, whether anyone opens them or not (500 connections over 50 small workbooks: 50 engines).
 */
export const PREBUILD_MIN_BYTES = 256 * 1024

const FROM_SOURCE = import.meta.url.endsWith('.ts')
const WORKER_URL = new URL(`./computed-engine-worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url)

/**
 * From source (tsx in dev and in `npm start`, vitest in tests) the worker is TypeScript too. Node 20
 * does not apply the parent's `--import tsx` hooks to a worker's entry, so the worker registers
 * tsx's hooks itself (resolved here, not from whatever the working directory is) before importing it.
 */
function startWorker(): Worker {
  const options = { name: 'computed-engine' }
  if (!FROM_SOURCE) return new Worker(WORKER_URL, options)
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const boot = `import(${tsx}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}) })`
  return new Worker(boot, { ...options, eval: true })
}

type Question =
  | { kind: 'open'; workbookId: string; state: Uint8Array }
  | { kind: 'updates'; workbookId: string; updates: Uint8Array[] }
  | { kind: 'values'; workbookId: string; sheetId: string | null; since?: string }
  | { kind: 'hosted' }

/** One engine worker thread: posts messages in order and pairs each answer with its question. */
class EngineThread {
  readonly worker = startWorker()
  private readonly waiting = new Map<number, { resolve: (reply: EngineReply) => void; reject: (err: Error) => void }>()
  private nextId = 1
  /** Set once the thread cannot answer any more: it failed, or was stopped. */
  failure: ComputedEngineError | null = null
  /** Resolves when the thread has ended (stopped, crashed or terminated). */
  readonly exited: Promise<void>

  constructor() {
    // Never what keeps the process alive; the pool stops it with the server.
    this.worker.unref()
    this.worker.on('message', (reply: EngineReply) => {
      const waiting = this.waiting.get(reply.id)
      this.waiting.delete(reply.id)
      waiting?.resolve(reply)
    })
    this.worker.on('error', (err) => this.fail(`the engine worker failed: ${err.message}`))
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.fail(`the engine worker stopped (exit code ${code})`)
        resolve()
      }),
    )
  }

  post(message: EngineRequest): void {
    // Copied, not transferred: the room shares these bytes.
    if (!this.failure) this.worker.postMessage(message)
  }

  /** Answered after everything posted before; rejects with ComputedEngineError if the thread ends first. */
  ask(question: Question): Promise<EngineReply> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      this.post({ ...question, id })
    })
  }

  async stop(): Promise<void> {
    this.fail('the server is stopping')
    await this.worker.terminate()
  }

  private fail(detail: string): void {
    if (this.failure) return
    this.failure = new ComputedEngineError(detail)
    for (const { reject } of this.waiting.values()) reject(this.failure)
    this.waiting.clear()
  }
}

/**
 * The formula engine of one room, hosted by one of the pool's worker threads: built there from the
 * doc's state when created, then posted the updates the live doc applies, in order, one batch at a
 * time (the next once the worker has applied the last), so relaying never waits for it. When more
 * gathers meanwhile than a batch may hold, the engine has fallen behind a bulk write: it is dropped
 * from its worker and built again from the whole state once the writes settle, or by the next request,
 * so a values request never waits behind a backlog: at most behind two bounded batches, or one build.
 */
export class ComputedEngine {
  private failure: ComputedEngineError | null = null
  /** Updates applied since the last batch was posted, and their size. */
  private pending: Uint8Array[] = []
  private pendingBytes = 0
  private batchTimer: ReturnType<typeof setTimeout> | null = null
  /** A build or batch the worker has not yet said it handled. */
  private inFlight = false
  /** Set while the engine is dropped after falling behind: when it started, and the rebuild's timer. */
  private behindSince: number | null = null
  private settleTimer: ReturnType<typeof setTimeout> | null = null
  /** Builds and batches posted so far (tests read how the engine followed a bulk write). */
  readonly posted = { builds: 0, batches: 0 }
  private readonly follow = (update: Uint8Array) => {
    if (this.behindSince !== null) {
      this.scheduleRebuild()
      return
    }
    this.pending.push(update)
    this.pendingBytes += update.byteLength
    if (this.pending.length > BACKLOG_MAX_UPDATES || this.pendingBytes > BACKLOG_MAX_BYTES) this.fallBehind()
    else this.batchTimer ??= setTimeout(() => this.flush(false), FOLLOW_BATCH_MS).unref()
  }

  constructor(
    readonly workbookId: string,
    readonly source: EngineSource,
    /** Which of the pool's threads hosts it. */
    readonly slot: number,
    private readonly thread: EngineThread,
  ) {
    this.build()
    // Until it is stopped or replaced; once its thread has ended, posting is a no-op.
    source.doc.on('update', this.follow)
  }

  /** Whether the engine cannot answer any more (a new one must be built). */
  get failed(): boolean {
    return this.failure !== null || this.thread.failure !== null
  }

  /** Whether it fell behind a bulk write and waits to be built again from the whole state. */
  get behind(): boolean {
    return this.behindSince !== null
  }

  /** The worker thread hosting the engine (tests end it to see the pool recover). */
  get worker(): Worker {
    return this.thread.worker
  }

  /**
   * The computed values of a sheet (null: the first in order), reflecting at least every update the
   * live doc applied before this call; resolves null when the workbook has no such sheet. Rejects
   * with ComputedEngineError when the engine cannot answer; a failed build or update fails the engine.
   */
  async sheetValues(sheetId: string | null, ask: ValuesAsk = {}): Promise<Api.ComputedSheet | null> {
    if (this.failure) throw this.failure
    if (this.behindSince !== null) this.build()
    else this.flush(true)
    const reply = await this.thread.ask({ kind: 'values', workbookId: this.workbookId, sheetId, ...ask })
    if (reply.kind === 'values' && reply.ok) return reply.sheet
    const failure = new ComputedEngineError(reply.kind === 'values' ? reply.message : 'the engine answered out of turn')
    this.fail(failure.detail)
    throw failure
  }

  /** Stops following the doc and drops the engine in its worker; later requests reject. */
  stop(): void {
    const running = this.failure === null
    this.fail('the workbook was unloaded')
    if (running) this.thread.post({ kind: 'close', workbookId: this.workbookId })
  }

  /** Builds the engine in its worker from the whole state now; updates from here on follow it. */
  private build(): void {
    this.clearTimers()
    this.behindSince = null
    this.pending = []
    this.pendingBytes = 0
    this.posted.builds++
    this.send({ kind: 'open', workbookId: this.workbookId, state: this.source.fullState() })
  }

  /**
   * Posts the updates gathered since the last batch, in order: when the worker has handled the last
   * build or batch, or at once with `now` (a request, which must see them; the batch is bounded).
   */
  private flush(now: boolean): void {
    if (this.batchTimer) clearTimeout(this.batchTimer)
    this.batchTimer = null
    if (this.pending.length === 0 || (this.inFlight && !now)) return
    const updates = this.pending
    this.pending = []
    this.pendingBytes = 0
    this.posted.batches++
    this.send({ kind: 'updates', workbookId: this.workbookId, updates })
  }

  private send(question: Extract<Question, { kind: 'open' | 'updates' }>): void {
    this.inFlight = true
    const handled = () => {
      this.inFlight = false
      // What gathered while the worker was busy goes next, still gathered for a batch's time at most.
      if (this.pending.length > 0 && this.failure === null && this.behindSince === null) {
        this.batchTimer ??= setTimeout(() => this.flush(false), FOLLOW_BATCH_MS).unref()
      }
    }
    // A thread that ends fails the engine through `failed`; nothing waits on this answer.
    this.thread.ask(question).then(handled, handled)
  }

  /** Drops the engine in its worker (it frees the memory now) and waits for the writes to settle. */
  private fallBehind(): void {
    this.pending = []
    this.pendingBytes = 0
    if (this.batchTimer) clearTimeout(this.batchTimer)
    this.batchTimer = null
    this.behindSince = Date.now()
    this.thread.post({ kind: 'close', workbookId: this.workbookId })
    this.scheduleRebuild()
  }

  private scheduleRebuild(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer)
    const waited = Date.now() - (this.behindSince ?? Date.now())
    this.settleTimer = setTimeout(() => this.build(), Math.max(0, Math.min(SETTLE_MS, SETTLE_MAX_MS - waited))).unref()
  }

  private clearTimers(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer)
    if (this.settleTimer) clearTimeout(this.settleTimer)
    this.batchTimer = null
    this.settleTimer = null
  }

  private fail(detail: string): void {
    if (this.failure) return
    this.failure = new ComputedEngineError(detail)
    this.source.doc.off('update', this.follow)
    this.clearTimers()
    this.behindSince = null
    this.pending = []
    this.pendingBytes = 0
  }
}

/**
 * The formula engines of one server's rooms in a fixed number of worker threads (one by default,
 * `SAMPLAN_ENGINE_WORKERS`), started when the first room loads and kept up. A room's engine is built when
 * the room loads (or by its first request), in the thread hosting the fewest rooms, and dropped when the room unloads. A
 * failed engine is rebuilt by the room's next request; a thread that ended is started again by the
 * next request for any of its rooms, which rebuilds every room it hosted from the live docs.
 */
export class ComputedEnginePool {
  private readonly threads: (EngineThread | undefined)[]
  private readonly engines = new Map<string, ComputedEngine>()
  private stopped = false

  constructor(
    readonly size = 1,
    private readonly log: (msg: string) => void = () => {},
    /** Rooms whose state is smaller are built on their first request, not when they load (tests lower it). */
    readonly prebuildMinBytes = PREBUILD_MIN_BYTES,
  ) {
    this.threads = Array.from({ length: size }, () => undefined)
  }

  /**
   * The computed values of a sheet of the room (null: the first), building the room's engine if it
   * has none; at least every update the live doc applied before the call is reflected. Resolves null
   * when the workbook has no such sheet; rejects with ComputedEngineError when the engine cannot answer.
   */
  sheetValues(workbookId: string, source: EngineSource, sheetId: string | null, ask: ValuesAsk = {}): Promise<Api.ComputedSheet | null> {
    if (this.stopped) return Promise.reject(new ComputedEngineError('the server is stopping'))
    const current = this.engines.get(workbookId)
    if (current && !current.failed && current.source === source) return current.sheetValues(sheetId, ask)
    current?.stop()
    const slot = current?.slot ?? this.leastLoaded()
    const { thread, restarted } = this.threadAt(slot)
    if (current && !restarted) this.log(`room ${workbookId}: formula engine rebuilt`)
    const engine = this.build(workbookId, source, slot, thread)
    // A fresh engine has no earlier answer, so a `since` gets every value.
    const answer = engine.sheetValues(sheetId, ask)
    // After the asking room, so its answer comes first: the rooms the ended thread hosted.
    if (restarted) {
      for (const other of [...this.engines.values()]) {
        if (other.slot === slot && other.failed) this.build(other.workbookId, other.source, slot, thread)
      }
    }
    return answer
  }

  /**
   * A room loaded: for a large workbook (`prebuildMinBytes`), starts the worker threads if they are
   * not up and builds the room's engine, so the first page to ask finds its values computed
   * (the first answer of a server included); a small one is built by its first request. A room then
   * written cell by cell drops its engine and builds it again once the writes settle (ComputedEngine).
   */
  warm(workbookId: string, source: EngineSource): void {
    if (this.stopped) return
    // Right after a load the state is the stored snapshot's bytes: measuring it encodes nothing.
    // A small room starts no thread either: one holds about 100 MiB (its own tsx, domain and
    // HyperFormula), which a server of small rooms nobody asks (the capacity benchmark's 50) should not pay.
    if (source.fullState().byteLength < this.prebuildMinBytes) return
    for (let slot = 0; slot < this.threads.length; slot++) this.threadAt(slot)
    const current = this.engines.get(workbookId)
    if (current && !current.failed && current.source === source) return
    current?.stop()
    const slot = current?.slot ?? this.leastLoaded()
    this.build(workbookId, source, slot, this.threadAt(slot).thread)
  }

  /** The room's engine, if it has one. */
  engine(workbookId: string): ComputedEngine | undefined {
    return this.engines.get(workbookId)
  }

  /** The workbooks each running thread holds an engine for, asked of the threads themselves, by slot. */
  async hosted(): Promise<string[][]> {
    return Promise.all(
      this.threads.map(async (thread) => {
        if (!thread || thread.failure) return []
        const reply = await thread.ask({ kind: 'hosted' })
        return reply.kind === 'hosted' ? reply.workbookIds.sort() : []
      }),
    )
  }

  /** The room unloaded: its engine is dropped (its thread stays up for the others). */
  drop(workbookId: string): void {
    this.engines.get(workbookId)?.stop()
    this.engines.delete(workbookId)
  }

  /** Drops every engine and ends the threads (shutdown, tests); later requests reject. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const engine of this.engines.values()) engine.stop()
    this.engines.clear()
    await Promise.all(this.threads.map((thread) => thread?.stop()))
  }

  private build(workbookId: string, source: EngineSource, slot: number, thread: EngineThread): ComputedEngine {
    const engine = new ComputedEngine(workbookId, source, slot, thread)
    this.engines.set(workbookId, engine)
    return engine
  }

  private threadAt(slot: number): { thread: EngineThread; restarted: boolean } {
    const current = this.threads[slot]
    if (current && !current.failure) return { thread: current, restarted: false }
    const thread = new EngineThread()
    this.threads[slot] = thread
    if (current) this.log(`formula engine worker ${slot + 1} restarted (${current.failure?.detail}); its rooms are rebuilt`)
    return { thread, restarted: current !== undefined }
  }

  /** The slot hosting the fewest rooms, so a long build holds up as few other rooms as the pool allows. */
  private leastLoaded(): number {
    const load = this.threads.map(() => 0)
    for (const engine of this.engines.values()) load[engine.slot] = (load[engine.slot] ?? 0) + 1
    return load.indexOf(Math.min(...load))
  }
}
