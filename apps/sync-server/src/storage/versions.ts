import type { Api } from '@samplan/domain'
import type Database from 'better-sqlite3'

export type VersionRecord = Api.VersionRecord

/** Named versions: a full Yjs state per version, kept next to the update log. */
export interface VersionStore {
  create(workbookId: string, name: string, userId: string, state: Uint8Array): VersionRecord
  list(workbookId: string): VersionRecord[]
  state(workbookId: string, versionId: string): Uint8Array | undefined
}

export function openVersionStore(db: Database.Database): VersionStore {
  const insert = db.prepare('INSERT INTO versions (id, workbook_id, name, created_at, created_by, state) VALUES (?, ?, ?, ?, ?, ?)')
  const list = db.prepare(
    `SELECT v.id, v.name, v.created_at AS createdAt, v.created_by AS createdBy, u.name AS createdByName
       FROM versions v LEFT JOIN users u ON u.id = v.created_by
      WHERE v.workbook_id = ? ORDER BY v.created_at, v.rowid`,
  )
  const one = db.prepare('SELECT state FROM versions WHERE workbook_id = ? AND id = ?')
  const byId = db.prepare(
    `SELECT v.id, v.name, v.created_at AS createdAt, v.created_by AS createdBy, u.name AS createdByName
       FROM versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.id = ?`,
  )
  return {
    create(workbookId, name, userId, state) {
      const id = `v-${crypto.randomUUID().slice(0, 8)}`
      insert.run(id, workbookId, name, new Date().toISOString(), userId, Buffer.from(state))
      return byId.get(id) as VersionRecord
    },
    list: (workbookId) => list.all(workbookId) as VersionRecord[],
    state(workbookId, versionId) {
      const row = one.get(workbookId, versionId) as { state: Buffer } | undefined
      return row ? new Uint8Array(row.state) : undefined
    },
  }
}
