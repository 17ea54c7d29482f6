import { spawn } from 'node:child_process'
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqliteStorage } from './open-sqlite'
import { backupSqlite } from './online-backup'
import { DatabaseInUseError } from './owner-lock'
import { PendingLog, pendingLogFile, type PendingRow, readPendingLog } from './pending-log'
import { tempSqliteFiles } from './test-support'
import { AuditIndex } from './audit-index'
import { MAX_PENDING, SqliteStore } from './sqlite-store'
import { StorageUnavailableError } from '../errors'

const files = tempSqliteFiles('samplan-pending-')
afterAll(() => files.removeAll())

const here = dirname(fileURLToPath(import.meta.url))

function row(seq: number, overrides: Partial<PendingRow> = {}): PendingRow {
  return {
    seq,
    workbookId: 'wb',
    update: new Uint8Array([1, 2, seq % 256]),
    userId: 'u-eva',
    at: '2026-12-01T10:00:00.000Z',
    audit: null,
    bind: [],
    ...overrides,
  }
}

/** One cell set as a client would make it, under `client`. */
function cellSet(client: number, value: number): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = client
  doc.getMap('cells:s1').set('r1:c1', value)
  return Y.encodeStateAsUpdate(doc)
}

const AUDITED = (value: number) => [
  { userId: 'u-eva', sheetId: 's1', rowId: 'r1', colId: 'c1', address: 'Blad1!B2', old: null, new: value },
]

async function storageWithWorkbook(file: string, log?: (msg: string) => void) {
  const storage = openSqliteStorage(file, log)
  await storage.store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' }, Y.encodeStateAsUpdate(new Y.Doc()))
  return storage
}

/** Makes the log table refuse every write, as a failing disk would; `DROP_REFUSAL` mends it. */
const REFUSE_MOVES = `CREATE TRIGGER refuse_moves BEFORE INSERT ON updates BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`
const DROP_REFUSAL = 'DROP TRIGGER refuse_moves'

describe('the pending log file', () => {
  it('reads back every record as written: ids, bytes, user, audit text and client ids', () => {
    const file = pendingLogFile(files.file())
    const log = new PendingLog(file)
    const rows = [row(7, { bind: [1234567890, 5], audit: '[{"s":"s1"}]' }), row(8, { userId: null, workbookId: 'vp-2024' })]
    log.append(rows.slice(0, 1))
    log.append(rows.slice(1))
    log.close()
    expect(readPendingLog(file)).toEqual(rows)
  })

  it('stops at a record torn at the end or damaged, keeping the whole ones before it', () => {
    const file = pendingLogFile(files.file())
    const log = new PendingLog(file)
    log.append([row(1)])
    log.append([row(2)])
    log.close()
    const whole = readFileSync(file)
    // A third record the machine stopped writing three bytes short (both records are the same length).
    appendFileSync(file, whole.subarray(0, whole.length / 2 - 3))
    expect(readPendingLog(file).map((r) => r.seq)).toEqual([1, 2])
    // One byte of the second record's body changed: its checksum no longer matches.
    const damaged = Buffer.from(whole)
    damaged[damaged.length - 2] = (damaged[damaged.length - 2] as number) ^ 0xff
    writeFileSync(file, damaged)
    expect(readPendingLog(file).map((r) => r.seq)).toEqual([1])
  })
})

describe('SQLite with a pending log', () => {
  it('fails a turn whose record cannot be written (a full disk) as the database being unavailable, and stores none of it', async () => {
    const storage = openSqliteStorage(':memory:', () => {}, { shared: true })
    const auditIndex = new AuditIndex(storage.db, () => {})
    // Every write to /dev/full fails with ENOSPC.
    const store = new SqliteStore(
      storage.db,
      () => {},
      auditIndex,
      () => {},
      new PendingLog('/dev/full'),
    )
    await store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2026-01-01T00:00:00.000Z' }, Y.encodeStateAsUpdate(new Y.Doc()))
    const turn = await store.takeTurn('wb', 0)
    await turn.append({ update: cellSet(41, 5), userId: 'u-eva', bind: [41], audit: AUDITED(5), at: '2026-12-01T10:00:00.000Z' })
    await expect(turn.commit()).rejects.toThrow(StorageUnavailableError)
    expect(await store.updatesAfter('wb', 0)).toEqual([])
    expect(await store.clientOwners('wb')).toEqual(new Map())
    await storage.close()
  })

  it('commits a turn to the pending log, and every read of the log, its client ids or its audit sees it before it is moved', async () => {
    const file = files.file()
    const storage = await storageWithWorkbook(file)
    const rowsInTable = () => storage.db.prepare('SELECT COUNT(*) FROM updates').pluck().get() as number
    const before = rowsInTable()
    const turn = await storage.store.takeTurn('wb', 0)
    await turn.append({ update: cellSet(41, 5), userId: 'u-eva', bind: [41], audit: AUDITED(5), at: '2026-12-01T10:00:00.000Z' })
    const [seq] = await turn.commit()
    expect(rowsInTable()).toBe(before)
    expect(statSync(pendingLogFile(file)).size).toBeGreaterThan(0)

    expect((await storage.audit.history('wb', {})).map((e) => [e.seq, e.address, e.new])).toEqual([[seq, 'Blad1!B2', 5]])
    expect(rowsInTable()).toBe(before + 1)
    expect(statSync(pendingLogFile(file)).size).toBe(0)
    expect(await storage.store.clientOwners('wb')).toEqual(new Map([[41, 'u-eva']]))
    expect((await storage.store.updatesAfter('wb', 0)).map((e) => e.seq)).toEqual([seq])
    await storage.close()
  })

  it('moves the entries of a server killed before it moved them in when the file is opened again, with their client ids and audit', async () => {
    const file = files.file()
    await (await storageWithWorkbook(file)).close()
    // A server process that commits two turns and is killed at once (SIGKILL: no close, no timer runs).
    const script = join(dirname(file), 'commit-and-die.mts')
    const turns = [
      [41, 5],
      [42, 6],
    ].map(([client, value]) => ({ client, value, update: Buffer.from(cellSet(client as number, value as number)).toString('base64') }))
    writeFileSync(
      script,
      `import { openSqliteStorage } from ${JSON.stringify(join(here, 'open-sqlite.ts'))}
       const storage = openSqliteStorage(${JSON.stringify(file)})
       const seqs = []
       for (const { client, value, update } of ${JSON.stringify(turns)}) {
         const turn = await storage.store.takeTurn('wb', seqs.at(-1) ?? 0)
         await turn.append({ update: Buffer.from(update, 'base64'), userId: 'u-eva', bind: [client],
           audit: [{ userId: 'u-eva', sheetId: 's1', rowId: 'r1', colId: 'c1', address: 'Blad1!B2', old: null, new: value }],
           at: '2026-12-01T10:00:00.000Z' })
         seqs.push(...(await turn.commit()))
       }
       process.stdout.write(JSON.stringify(seqs) + '\\n', () => process.kill(process.pid, 'SIGKILL'))`,
    )
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)))
    expect(signal).toBe('SIGKILL')
    const seqs = JSON.parse(out) as number[]
    expect(readPendingLog(pendingLogFile(file)).map((r) => r.seq)).toEqual(seqs)

    const messages: string[] = []
    const reopened = openSqliteStorage(file, (msg) => messages.push(msg))
    expect(messages.join('\n')).toMatch(/2 log entries from the pending log moved in/)
    expect(reopened.db.prepare('SELECT seq FROM updates WHERE seq > 0 AND workbook_id = ? ORDER BY seq').pluck().all('wb')).toEqual(seqs)
    expect(await reopened.store.clientOwners('wb')).toEqual(
      new Map([
        [41, 'u-eva'],
        [42, 'u-eva'],
      ]),
    )
    expect((await reopened.audit.history('wb', {})).map((e) => e.new)).toEqual([6, 5])
    const doc = await reopened.store.loadDoc('wb')
    expect([5, 6]).toContain(doc.getMap('cells:s1').get('r1:c1'))
    expect(statSync(pendingLogFile(file)).size).toBe(0)
    await reopened.close()
  })

  it('moves nothing from a pending log whose entries do not follow the log (left beside a database put back from a backup), and keeps it aside', async () => {
    const file = files.file()
    const storage = await storageWithWorkbook(file)
    const newest = storage.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM updates').pluck().get() as number
    await storage.close()
    const stale = new PendingLog(pendingLogFile(file))
    stale.append([row(newest + 3, { update: cellSet(41, 5) })])
    stale.close()
    const messages: string[] = []
    const reopened = openSqliteStorage(file, (msg) => messages.push(msg))
    expect(await reopened.store.updatesAfter('wb', 0)).toEqual([])
    const kept = /kept as (\S+)$/.exec(messages.join('\n'))?.[1]
    expect(messages.join('\n')).toMatch(/1 entries that do not follow this database's log; not moved in/)
    expect(kept && readPendingLog(kept).map((r) => r.seq)).toEqual([newest + 3])
    expect(statSync(pendingLogFile(file)).size).toBe(0)
    await reopened.close()
  })

  it('refuses a second server on the same file with a message saying why; the first keeps its file', async () => {
    const file = files.file()
    const first = await storageWithWorkbook(file)
    expect(() => openSqliteStorage(file)).toThrow(DatabaseInUseError)
    expect(() => openSqliteStorage(file)).toThrow(/in use by another Samplan server/)
    const turn = await first.store.takeTurn('wb', 0)
    await turn.append({ update: cellSet(41, 5), userId: 'u-eva', bind: [], audit: [], at: '2026-12-01T10:00:00.000Z' })
    const [seq] = await turn.commit()
    await first.close()
    const next = openSqliteStorage(file)
    expect((await next.store.updatesAfter('wb', 0)).map((e) => e.seq)).toEqual([seq])
    await next.close()
  })

  it('keeps every turn while the database refuses the moves, fails turns past the bound as unavailable, and moves them all once it takes writes again', async () => {
    const file = files.file()
    let heard: (msg: string) => void = () => {}
    const storage = await storageWithWorkbook(file, (msg) => heard(msg))
    const rowsInTable = () => storage.db.prepare('SELECT COUNT(*) FROM updates').pluck().get() as number
    storage.db.exec(REFUSE_MOVES)
    const moveFailed = new Promise<string>((resolve) => {
      heard = (msg) => msg.startsWith('pending log entries not moved yet') && resolve(msg)
    })
    const commitOne = async (afterSeq: number, value: number) => {
      const turn = await storage.store.takeTurn('wb', afterSeq)
      await turn.append({
        update: cellSet(1000 + value, value),
        userId: 'u-eva',
        bind: [1000 + value],
        audit: AUDITED(value),
        at: '2026-12-01T10:00:00.000Z',
      })
      return (await turn.commit())[0] as number
    }

    // The move the 512th entry asks for waits for the next turn of the event loop: none comes in this loop.
    const seqs: number[] = []
    for (let value = 0; value < MAX_PENDING; value++) seqs.push(await commitOne(seqs.at(-1) ?? 0, value))
    expect(seqs).toEqual(Array.from({ length: MAX_PENDING }, (_, i) => i + 1))
    expect(rowsInTable()).toBe(0)
    const pendingBytes = statSync(pendingLogFile(file)).size

    // Past the bound a turn moves the waiting entries first; it cannot, so it fails and stores nothing.
    await expect(commitOne(MAX_PENDING, MAX_PENDING)).rejects.toThrow(StorageUnavailableError)
    expect(statSync(pendingLogFile(file)).size).toBe(pendingBytes)
    // A read cannot see the log whole, so it fails the same way rather than answer without the waiting entries.
    await expect(storage.store.updatesAfter('wb', 0)).rejects.toThrow(StorageUnavailableError)
    // The timer's move fails too, and says so.
    expect(await moveFailed).toMatch(/disk I\/O error/)

    storage.db.exec(DROP_REFUSAL)
    const last = await commitOne(MAX_PENDING, MAX_PENDING)
    expect(last).toBe(MAX_PENDING + 1)
    expect((await storage.store.updatesAfter('wb', 0)).map((e) => e.seq)).toEqual([...seqs, last])
    expect(rowsInTable()).toBe(MAX_PENDING + 1)
    expect(statSync(pendingLogFile(file)).size).toBe(0)
    expect((await storage.store.clientOwners('wb')).size).toBe(MAX_PENDING + 1)
    // Reading the history copies the audit entries that wait; each turn carried one.
    await storage.audit.history('wb', {})
    expect(storage.db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(MAX_PENDING + 1)
    await storage.close()
  })

  it('closes with the entries it cannot move left in the pending log, and moves them in at the next opening', async () => {
    const file = files.file()
    const logged: string[] = []
    const storage = await storageWithWorkbook(file, (msg) => logged.push(msg))
    storage.db.exec(REFUSE_MOVES)
    const turn = await storage.store.takeTurn('wb', 0)
    await turn.append({ update: cellSet(41, 5), userId: 'u-eva', bind: [41], audit: AUDITED(5), at: '2026-12-01T10:00:00.000Z' })
    const [seq] = await turn.commit()
    await storage.close()
    expect(logged).toContainEqual(expect.stringMatching(/^1 log entries stay in the pending log until the next start/))
    expect(readPendingLog(pendingLogFile(file)).map((r) => r.seq)).toEqual([seq])

    // The disk is mended.
    const raw = new Database(file)
    raw.exec(DROP_REFUSAL)
    raw.close()
    const reopened = openSqliteStorage(file)
    expect((await reopened.store.updatesAfter('wb', 0)).map((e) => e.seq)).toEqual([seq])
    expect(await reopened.store.clientOwners('wb')).toEqual(new Map([[41, 'u-eva']]))
    expect((await reopened.audit.history('wb', {})).map((e) => e.new)).toEqual([5])
    await reopened.close()
  })

  it('backs up the entries still pending along with the file', async () => {
    const file = files.file()
    const storage = await storageWithWorkbook(file)
    const turn = await storage.store.takeTurn('wb', 0)
    await turn.append({ update: cellSet(41, 5), userId: 'u-eva', bind: [41], audit: AUDITED(5), at: '2026-12-01T10:00:00.000Z' })
    const [seq] = await turn.commit()
    const target = files.file()
    await backupSqlite(file, target)
    await storage.close()
    const copy = openSqliteStorage(target)
    expect((await copy.store.updatesAfter('wb', 0)).map((e) => e.seq)).toEqual([seq])
    expect(await copy.store.clientOwners('wb')).toEqual(new Map([[41, 'u-eva']]))
    expect((await copy.audit.history('wb', {})).map((e) => e.new)).toEqual([5])
    await copy.close()
  })
})
