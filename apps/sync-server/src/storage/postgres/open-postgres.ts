import type { Storage } from '../open-storage'
import { migratePostgres } from './migrations'
import { PostgresPool, sortFailure } from './pool'
import { PostgresStore } from './postgres-store'
import {
  openPostgresAuditLog,
  openPostgresMemberTable,
  openPostgresSettings,
  openPostgresUserTable,
  openPostgresVersionStore,
} from './postgres-tables'

// Servers starting together seed one after another, so the second finds the first's users and workbook.
const SEED_LOCK = 7_161_615

/**
 * Connects to PostgreSQL at `url` (postgres://…) and brings its schema up to date (migrations.ts).
 * Rejects with StorageUnavailableError when the database cannot be reached.
 */
export async function openPostgresStorage(url: string, log: (msg: string) => void = () => {}): Promise<Storage> {
  const db = new PostgresPool(url, log)
  try {
    const client = await db.pool.connect()
    try {
      await migratePostgres(client)
    } finally {
      client.release()
    }
  } catch (err) {
    await db.end().catch(() => {})
    throw sortFailure(err)
  }
  return {
    kind: 'postgres',
    store: new PostgresStore(db, log),
    users: openPostgresUserTable(db),
    members: openPostgresMemberTable(db),
    settings: openPostgresSettings(db),
    audit: openPostgresAuditLog(db),
    versions: openPostgresVersionStore(db),
    async ping() {
      await db.query('SELECT 1')
    },
    async exclusive(fn) {
      const client = await db.pool.connect().catch((err: unknown) => {
        throw sortFailure(err)
      })
      try {
        await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK])
        return await fn()
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => {})
        client.release()
      }
    },
    close: () => db.end(),
  }
}
