import { openAuditLog, type AuditLog } from './audit'
import { openMemberTable, type MemberTable } from './member-table'
import { openSettings, type Settings } from './settings'
import { openStore, type Store } from './store'
import { openUserTable, type UserTable } from './user-table'
import { openVersionStore, type VersionStore } from './versions'

/**
 * Everything the server keeps, one interface per concern. This folder is the only code that
 * speaks SQL: a second database (PostgreSQL for a city's shared server) implements these
 * interfaces and its own migrations, and nothing outside `storage/` changes.
 */
export interface Storage {
  /** Workbooks: the update log, snapshots, client-id owners and the quarantine. */
  store: Store
  users: UserTable
  members: MemberTable
  settings: Settings
  audit: AuditLog
  versions: VersionStore
  close(): void
}

/** Opens the SQLite file (`:memory:` for tests), migrated to the current schema (schema.ts). */
export function openStorage(file: string, log: (msg: string) => void = () => {}): Storage {
  const store = openStore(file, log)
  const { db } = store
  return {
    store,
    users: openUserTable(db),
    members: openMemberTable(db),
    settings: openSettings(db),
    audit: openAuditLog(db),
    versions: openVersionStore(db),
    close: () => store.close(),
  }
}
