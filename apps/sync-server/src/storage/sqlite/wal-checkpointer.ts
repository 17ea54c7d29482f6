import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * Log entries written between two checkpoints. Committed one per transaction, a one-cell edit
 * writes two pages (the log row and its index), so the log reaches about RESTART_AFTER_FRAMES by
 * each checkpoint; moved from the pending log in batches, they share pages and write fewer. A checkpoint copies each page once,
 * however often it was written since the last, and fsyncs both files: fewer of them cost less CPU
 * per commit, and none of it is on the event loop.
 */
export const CHECKPOINT_EVERY = 512

/**
 * WAL frames (pages) past which the checkpoint thread also restarts the log. SQLite writes the WAL
 * from its start again only when a write begins after a checkpoint copied all of it; under steady
 * writes a commit lands during every PASSIVE checkpoint, so the log was never restarted and grew
 * about a page per changed page per commit (measured: 106 MB after 4 000 commits at 200 a second).
 */
export const RESTART_AFTER_FRAMES = 1000

/**
 * The checkpointing connection, run on a thread of its own (eval'd: it needs nothing but
 * better-sqlite3, whose path it is handed). PASSIVE never waits for the server's connection and
 * never makes it wait: it copies what it can and leaves the rest for the next round. Once the log
 * is long, RESTART copies the few pages written meanwhile and has the next write start the log
 * afresh; a commit of the server's arriving during that waits for it, and the RESTART waits here for
 * a commit under way. Measured over 4 000 commits at 200 and at 1 000 a second: the log stayed at
 * 7 MB (74-106 MB without restarts); the slowest commit took 2.3-4.8 ms (3.2-4.6 ms without), one
 * in a thousand 3.9 ms (1.1-1.4 ms without).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
// A RESTART waits here (on this thread) up to 50 ms for a commit or read under way, holding new commits meanwhile; PASSIVE never waits.
const db = new Database(workerData.file, { fileMustExist: true, timeout: 50 })
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    let [row] = db.pragma('wal_checkpoint(PASSIVE)')
    if (row.busy === 0 && row.log >= workerData.restartAfterFrames) [row] = db.pragma('wal_checkpoint(RESTART)')
    parentPort.postMessage({ ok: true, row })
  } catch (err) {
    parentPort.postMessage({ ok: false, error: err.message })
  }
})
`

/**
 * Moves SQLite's WAL checkpoints off the event loop. With WAL, every few hundred commits SQLite
 * copies the log into the database file and fsyncs both, inside whichever commit crossed the
 * threshold: measured, one commit in 55-85 then held the server's only thread for 2-55 ms,
 * and every edit behind it waited. The server's connection turns the automatic checkpoint off and
 * calls `written()` after each commit; every CHECKPOINT_EVERY log entries a second connection on a
 * worker thread runs a PASSIVE checkpoint, which neither waits for the server's writes nor holds
 * them up, and restarts the log once it is RESTART_AFTER_FRAMES long. If the worker cannot run, the
 * connection checkpoints itself again as before.
 */
export class WalCheckpointer {
  /** Started at the first checkpoint, so a database that is only read (or a short test) never starts a thread. */
  private worker: Worker | null = null
  private closed: Promise<void> = Promise.resolve()
  private commits = 0
  private running = false
  private stopped = false

  constructor(
    private readonly file: string,
    /** Hands checkpointing back to the server's connection (the worker failed). */
    private readonly fallBack: () => void,
    private readonly log: (msg: string) => void,
  ) {}

  /** After each commit of the server's connection, with the log entries it wrote: every CHECKPOINT_EVERY, a checkpoint unless one is running. */
  written(entries = 1): void {
    this.commits += entries
    if (this.stopped || this.commits < CHECKPOINT_EVERY || this.running) return
    this.commits = 0
    this.running = true
    this.worker ??= this.start()
    this.worker.postMessage('checkpoint')
  }

  /** Ends the thread (before the server's connection closes, so that one, the last, checkpoints what is left). */
  async close(): Promise<void> {
    if (this.stopped) return this.closed
    this.stopped = true
    this.worker?.postMessage('close')
    await this.closed
  }

  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.file, driver, restartAfterFrames: RESTART_AFTER_FRAMES },
    })
    // A server with nothing to do exits; the checkpoint thread never keeps it up.
    worker.unref()
    worker.on('message', (reply: { ok: boolean; error?: string }) => {
      this.running = false
      if (!reply.ok) this.log(`sqlite checkpoint failed: ${reply.error}`)
    })
    worker.on('error', (err) => this.fail(err.message))
    this.closed = new Promise((resolve) => worker.once('exit', () => resolve()))
    worker.once('exit', () => this.fail('the checkpoint thread exited'))
    return worker
  }

  private fail(reason: string): void {
    if (this.stopped) return
    this.stopped = true
    this.log(`sqlite checkpoints go back to the server's connection: ${reason}`)
    this.fallBack()
  }
}
