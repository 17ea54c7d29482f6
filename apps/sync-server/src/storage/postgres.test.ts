import pg from 'pg'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgresCluster, type PostgresCluster } from '../testing/postgres-cluster'
import { StorageUnavailableError } from './errors'
import { openStorage, type Storage } from './open-storage'
import { POSTGRES_SCHEMA_VERSION } from './postgres/migrations'
import { openPostgresStorage } from './postgres/open-postgres'
import { describeStorageContract } from './storage.contract'

/** One private cluster for the file, a fresh database per test. */
let cluster: PostgresCluster
beforeAll(async () => {
  cluster = await startPostgresCluster()
}, 60_000)
afterAll(async () => {
  await cluster?.destroy()
}, 60_000)

/** A statement on the database at `url`, beside the storage under test. */
async function sql<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(text, values)).rows
  } finally {
    await client.end()
  }
}

describeStorageContract('PostgreSQL', async () => {
  const url = await cluster.createDatabase()
  return {
    storage: await openPostgresStorage(url),
    reopen: () => openPostgresStorage(url),
    async corruptNewestSnapshot(workbookId, bytes) {
      await sql(url, 'UPDATE workbook_snapshots SET data = $1 WHERE id = (SELECT MAX(id) FROM workbook_snapshots WHERE workbook_id = $2)', [
        Buffer.from(bytes),
        workbookId,
      ])
    },
    async snapshotSeqs(workbookId) {
      const rows = await sql<{ upto: string }>(
        url,
        'SELECT upto_seq AS upto FROM workbook_snapshots WHERE workbook_id = $1 ORDER BY upto_seq',
        [workbookId],
      )
      return rows.map((r) => Number(r.upto))
    },
  }
})

describe('PostgreSQL storage: migrations and an unreachable server', () => {
  it('migrates a new database once: servers opening it together run each step once', async () => {
    const url = await cluster.createDatabase()
    const opened = await Promise.all([openPostgresStorage(url), openPostgresStorage(url), openPostgresStorage(url)])
    const versions = await sql<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version')
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1))
    for (const storage of opened) await storage.close()
  })

  it('is chosen by a postgres:// configuration', async () => {
    const storage = await openStorage({ kind: 'postgres', url: await cluster.createDatabase() })
    expect(storage.kind).toBe('postgres')
    await storage.close()
  })

  it('refuses to open, and fails each call once open, with StorageUnavailableError when the server is gone; works again when it is back', async () => {
    const url = await cluster.createDatabase()
    const storage = await openPostgresStorage(url)
    await storage.store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2024-01-01' }, new Uint8Array([0, 0]))
    await cluster.stop()
    try {
      await expect(openPostgresStorage(url)).rejects.toBeInstanceOf(StorageUnavailableError)
      await expect(storage.ping()).rejects.toBeInstanceOf(StorageUnavailableError)
      const commit = storage.store.commitUpdate('wb', { update: new Uint8Array([0, 0]), userId: 'u', bind: [1], audit: [], at: 'x' })
      await expect(commit).rejects.toThrow(/Databasen går inte att nå/)
    } finally {
      await cluster.start()
    }
    await expect(storage.ping()).resolves.toBeUndefined()
    expect((await storage.store.stats('wb')).updates).toBe(0)
    await storage.store.appendUpdate('wb', new Uint8Array([0, 0]), null)
    expect((await storage.store.stats('wb')).updates).toBe(1)
    await storage.close()
  }, 60_000)
})

describe('PostgreSQL as the sequencer of several servers', () => {
  const entry = (value: number) => {
    const doc = new Y.Doc()
    doc.getMap('cells:s').set('r:c', value)
    return { update: Y.encodeStateAsUpdate(doc), userId: 'u1', bind: [], audit: [], at: '2024-01-01T00:00:00.000Z' }
  }

  it('gives two servers appending at once one order: each turn sees every entry appended before it, none after', async () => {
    const url = await cluster.createDatabase()
    const servers = [await openPostgresStorage(url), await openPostgresStorage(url)]
    await servers[0]?.store.createWorkbook(
      { id: 'wb', title: 'T', createdAt: '2024-01-01T00:00:00.000Z' },
      Y.encodeStateAsUpdate(new Y.Doc()),
    )
    // Each server keeps the seq it has applied, as a room does, and takes 20 turns at once with the other.
    const applied = [0, 0]
    const turns = servers.map((storage, i) =>
      (async () => {
        const seen: number[] = []
        for (let k = 0; k < 20; k++) {
          const outcome = await storage?.store.commitInOrder('wb', applied[i] as number, async ({ missed }) => {
            seen.push(...missed.map((m) => m.seq))
            return { entry: entry(k), result: null }
          })
          if (!outcome || outcome.seq === null) throw new Error('no entry appended')
          // The entry follows exactly what this server had applied plus what it was handed.
          expect(outcome.prev).toBe(seen.at(-1) ?? applied[i])
          seen.push(outcome.seq)
          applied[i] = outcome.seq
        }
        return seen
      })(),
    )
    const [a, b] = await Promise.all(turns)
    const log = (await servers[0]?.store.updatesAfter('wb', 0))?.map((e) => e.seq) ?? []
    expect(log).toHaveLength(40)
    // Each server saw a prefix of the one log, in its order, without gaps.
    for (const seen of [a, b]) expect(seen).toEqual(log.slice(0, seen?.length))
    for (const storage of servers) await storage?.close()
  })

  it('gives two servers committing groups at once one order: a group is stored whole, between the groups of the other, never interleaved', async () => {
    const url = await cluster.createDatabase()
    const servers = [await openPostgresStorage(url), await openPostgresStorage(url)] as [Storage, Storage]
    await servers[0].store.createWorkbook(
      { id: 'wb', title: 'T', createdAt: '2024-01-01T00:00:00.000Z' },
      Y.encodeStateAsUpdate(new Y.Doc()),
    )
    const applied = [0, 0]
    const groups = servers.map((storage, i) =>
      (async () => {
        const committed: number[][] = []
        for (let k = 0; k < 10; k++) {
          const turn = await storage.store.takeTurn('wb', applied[i] as number)
          // Each turn starts exactly after what this server applied plus what it was handed.
          const missed = turn.missed.map((m) => m.seq)
          for (let e = 0; e < 3; e++) await turn.append(entry(k * 3 + e))
          const seqs = await turn.commit()
          committed.push(seqs)
          applied[i] = seqs.at(-1) as number
          expect(missed.every((seq) => seq < (seqs[0] as number))).toBe(true)
        }
        return committed
      })(),
    )
    const [a, b] = await Promise.all(groups)
    const log = (await servers[0].store.updatesAfter('wb', 0)).map((e) => e.seq)
    expect(log).toHaveLength(60)
    // Every group is three neighbours in the one log.
    for (const seqs of [...(a ?? []), ...(b ?? [])]) {
      const at = log.indexOf(seqs[0] as number)
      expect(log.slice(at, at + 3)).toEqual(seqs)
    }
    for (const storage of servers) await storage.close()
  })

  it('compacts a workbook once when two servers cross the threshold together, and never while another server compacts it', async () => {
    const url = await cluster.createDatabase()
    const servers = [await openPostgresStorage(url), await openPostgresStorage(url)]
    const [one, two] = servers as [Storage, Storage]
    const doc = new Y.Doc()
    await one.store.createWorkbook({ id: 'wb', title: 'T', createdAt: '2024-01-01T00:00:00.000Z' }, Y.encodeStateAsUpdate(doc))
    for (let k = 0; k < 10; k++) await one.store.commitUpdate('wb', entry(k))
    const head = await one.store.headSeq('wb')
    await Promise.all([one.store.compact('wb', doc, head, 5), two.store.compact('wb', doc, head, 5)])
    const uptos = async () =>
      (await sql<{ upto: number }>(url, 'SELECT upto_seq::int AS upto FROM workbook_snapshots ORDER BY id')).map((r) => r.upto)
    expect(await uptos()).toEqual([0, head])

    // While another server holds the workbook's compaction lock, a compaction leaves it to that one.
    for (let k = 0; k < 10; k++) await one.store.commitUpdate('wb', entry(k))
    const later = await one.store.headSeq('wb')
    const holder = new pg.Client({ connectionString: url })
    await holder.connect()
    await holder.query("SELECT pg_advisory_lock(7161614, hashtext('wb'))")
    await two.store.compact('wb', doc, later, 5)
    expect(await uptos()).toEqual([0, head])
    await holder.query("SELECT pg_advisory_unlock(7161614, hashtext('wb'))")
    await holder.end()
    await two.store.compact('wb', doc, later, 5)
    expect(await uptos()).toEqual([0, head, later])
    for (const storage of servers) await storage.close()
  })
})
