import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqliteStorage, type SqliteStorage } from './open-sqlite'
import { tempSqliteFiles, until } from './test-support'
import { CHECKPOINT_EVERY, RESTART_AFTER_FRAMES, WalCheckpointer } from './wal-checkpointer'

const files = tempSqliteFiles('samplan-wal-')
const tempFile = files.file
const opened: SqliteStorage[] = []

afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close()
  files.removeAll()
})

function oneUpdate(n: number): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('m').set('k', 'x'.repeat(2000) + n)
  return Y.encodeStateAsUpdate(doc)
}

describe('SQLite WAL checkpoints off the event loop', () => {
  it('the server connection never checkpoints; a thread of its own copies the WAL into the file every CHECKPOINT_EVERY commits', async () => {
    const file = tempFile()
    const storage = openSqliteStorage(file)
    opened.push(storage)
    expect(storage.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    await storage.store.createWorkbook({ id: 'wb', title: 'WAL', createdAt: new Date().toISOString() }, oneUpdate(0))
    const sizeBefore = statSync(file).size
    // One commit short of the threshold: everything is in the WAL, the file is as it was.
    for (let n = 1; n < CHECKPOINT_EVERY; n++) await storage.store.appendUpdate('wb', oneUpdate(n), 'u-eva')
    expect(statSync(file).size).toBe(sizeBefore)
    await storage.store.appendUpdate('wb', oneUpdate(CHECKPOINT_EVERY), 'u-eva')
    await until(() => statSync(file).size > sizeBefore, 'the checkpoint thread to copy the WAL into the file')
    // Nothing was lost on the way: every entry reads back, in order.
    const entries = await storage.store.updatesAfter('wb', 0)
    expect(entries).toHaveLength(CHECKPOINT_EVERY)
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b))
  })

  it('keeps the WAL bounded under writes that never pause: the log is restarted once it is long', async () => {
    const file = tempFile()
    const storage = openSqliteStorage(file)
    opened.push(storage)
    await storage.store.createWorkbook({ id: 'wb', title: 'WAL', createdAt: new Date().toISOString() }, oneUpdate(0))
    const pageSize = storage.db.pragma('page_size', { simple: true }) as number
    const frameSize = pageSize + 24
    // What one commit adds to the log, before any checkpoint.
    const walBefore = statSync(`${file}-wal`).size
    await storage.store.appendUpdate('wb', oneUpdate(1), 'u-eva')
    const framesPerCommit = (statSync(`${file}-wal`).size - walBefore) / frameSize
    // The log holds what is written between two checkpoints (or the length that has it restarted), and what lands
    // while a busy machine delays a checkpoint or its restart: a few such lengths, however many commits there are.
    const bound = 8 * Math.max(RESTART_AFTER_FRAMES, CHECKPOINT_EVERY * framesPerCommit) * frameSize
    const commits = 24 * CHECKPOINT_EVERY
    let walPeak = 0
    for (let n = 2; n <= commits; n++) {
      await storage.store.appendUpdate('wb', oneUpdate(n), 'u-eva')
      walPeak = Math.max(walPeak, statSync(`${file}-wal`).size)
      // The checkpoint thread's answer is taken between commits, as between a server's updates.
      await new Promise((resolve) => setImmediate(resolve))
    }
    // Without restarts the log would hold every commit's pages: three times the bound.
    expect(commits * framesPerCommit * frameSize).toBeGreaterThanOrEqual(3 * bound)
    const [{ log: frames }] = storage.db.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }]
    expect(frames).toBeLessThan(commits)
    expect(walPeak).toBeLessThan(bound)
    const entries = await storage.store.updatesAfter('wb', 0)
    expect(entries).toHaveLength(commits)
  }, 60_000)

  it('hands checkpointing back to the server connection when its thread cannot run', async () => {
    const messages: string[] = []
    let fellBack = false
    const checkpointer = new WalCheckpointer(
      join(tempFile(), 'missing', 'db.sqlite'),
      () => {
        fellBack = true
      },
      (msg) => messages.push(msg),
    )
    for (let n = 0; n < CHECKPOINT_EVERY; n++) checkpointer.written()
    await until(() => fellBack, 'the fall-back')
    expect(messages.join('\n')).toContain('sqlite checkpoints go back to the server')
    await checkpointer.close()
  })
})
