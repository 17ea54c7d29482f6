import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

/** Test support: SQLite database files, each in a fresh temporary directory, removed together. */
export function tempSqliteFiles(prefix: string): { file(): string; removeAll(): void } {
  const dirs: string[] = []
  return {
    file() {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(dir)
      return join(dir, 'db.sqlite')
    },
    removeAll() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
    },
  }
}

/**
 * Test support: another connection, on a thread of its own as the checkpoint thread is, takes the
 * file's write lock and keeps it for `ms`; resolves once it holds it, with when it let go.
 */
export async function holdWriteLock(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads')
     const Database = require(workerData.driver)
     const db = new Database(workerData.file, { fileMustExist: true })
     db.exec('BEGIN IMMEDIATE')
     parentPort.postMessage('held')
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms)
     db.exec('COMMIT')
     db.close()`,
    { eval: true, workerData: { file, ms, driver: createRequire(import.meta.url).resolve('better-sqlite3') } },
  )
  const released = new Promise<void>((resolve, reject) => {
    worker.once('error', reject)
    worker.once('exit', () => resolve())
  })
  await Promise.race([new Promise((resolve) => worker.once('message', resolve)), released])
  return { released }
}

/** Test support: resolves once `check` holds, looked at again on every turn of the event loop; rejects after `ms` (a failure, not a wait). */
export async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = performance.now() + ms
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}
