import type { AuditLog } from './audit'
import type { MemberTable } from './member-table'
import { openPostgresStorage } from './postgres/open-postgres'
import type { Settings } from './settings'
import { openSqliteStorage } from './sqlite/open-sqlite'
import type { Store } from './store'
import type { UserTable } from './user-table'
import type { VersionStore } from './versions'

/**
 * Everything the server keeps, one interface per concern, every call a promise. This folder is
 * the only code that speaks SQL; SQLite (sqlite/, one process) and PostgreSQL (postgres/, shared
 * by several servers) implement the same interfaces, each with its own versioned migrations,
 * and one contract suite (storage.contract.ts) runs against both.
 */
export interface Storage {
  readonly kind: 'sqlite' | 'postgres'
  /** Workbooks: the update log, snapshots, client-id owners and the quarantine. */
  store: Store
  users: UserTable
  members: MemberTable
  settings: Settings
  audit: AuditLog
  versions: VersionStore
  /** Resolves when the database answers; rejects with StorageUnavailableError when it does not. */
  ping(): Promise<void>
  /** Runs `fn` while no other server sharing the database runs one (first-start seeding). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** Where the server keeps its data (config.ts reads it from the environment). */
export type StorageConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }

/** Opens (and migrates) the configured database. */
export async function openStorage(config: StorageConfig, log: (msg: string) => void = () => {}): Promise<Storage> {
  if (config.kind === 'sqlite') return openSqliteStorage(config.file, log)
  return openPostgresStorage(config.url, log)
}
