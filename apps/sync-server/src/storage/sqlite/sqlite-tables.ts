import type Database from 'better-sqlite3'
import { decodeRecordedInput, type AdminAuditEntry, type AuditEntry, type AuditLog, encodeRecordedInput } from '../audit'
import type { MemberTable } from '../member-table'
import type { AuditIndex } from './audit-index'
import type { Settings } from '../settings'
import type { UserRow, UserTable } from '../user-table'
import { newVersionId, type VersionRecord, type VersionStore } from '../versions'
import { writeTransaction } from './write-transaction'

/** The audit trail; what the log rows carry is copied in (`index`) before the table is read or written. */
export function openSqliteAuditLog(db: Database.Database, index: AuditIndex): AuditLog {
  const insert = db.prepare(
    `INSERT INTO audit (workbook_id, seq, user_id, at, sheet_id, row_id, col_id, address, old_input, new_input)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const select = db.prepare(
    `SELECT a.seq, a.user_id AS userId, u.name AS userName, a.at, a.sheet_id AS sheetId, a.row_id AS rowId,
            a.col_id AS colId, a.address, a.old_input AS old, a.new_input AS new
       FROM audit a LEFT JOIN users u ON u.id = a.user_id
      WHERE a.workbook_id = @workbookId
        AND (@sheetId IS NULL OR a.sheet_id = @sheetId)
        AND (@rowId IS NULL OR a.row_id = @rowId)
        AND (@colId IS NULL OR a.col_id = @colId)
      ORDER BY a.id DESC LIMIT @limit`,
  )
  const recordAll = writeTransaction(db, (workbookId: string, seq: number, at: string, entries: readonly AuditEntryInput[]) => {
    for (const e of entries) {
      insert.run(
        workbookId,
        seq,
        e.userId,
        at,
        e.sheetId,
        e.rowId,
        e.colId,
        e.address,
        encodeRecordedInput(e.old),
        encodeRecordedInput(e.new),
      )
    }
  })
  const insertAdmin = db.prepare(
    'INSERT INTO admin_audit (at, actor_id, action, target, old_value, new_value) VALUES (@at, @actorId, @action, @target, @old, @new)',
  )
  const selectAdmin = db.prepare(
    `SELECT a.id, a.at, a.actor_id AS actorId, u.name AS actorName, a.action, a.target, a.old_value AS old, a.new_value AS new
       FROM admin_audit a LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC LIMIT ?`,
  )
  return {
    record: async (workbookId, seq, at, entries) => {
      index.flush()
      recordAll(workbookId, seq, at, entries)
    },
    recordAdmin: async (entry) => void insertAdmin.run(entry),
    adminHistory: async (limit = 200) => selectAdmin.all(limit) as AdminAuditEntry[],
    async history(workbookId, filter) {
      index.flush()
      const rows = select.all({
        workbookId,
        sheetId: filter.sheetId ?? null,
        rowId: filter.rowId ?? null,
        colId: filter.colId ?? null,
        limit: filter.limit ?? 200,
      }) as Array<Omit<AuditEntry, 'old' | 'new'> & { old: string | null; new: string | null }>
      return rows.map((r) => ({ ...r, old: decodeRecordedInput(r.old), new: decodeRecordedInput(r.new) }))
    },
  }
}

type AuditEntryInput = Parameters<AuditLog['record']>[3][number]

export function openSqliteMemberTable(db: Database.Database): MemberTable {
  const insert = db.prepare('INSERT OR IGNORE INTO workbook_members (workbook_id, user_id) VALUES (?, ?)')
  const remove = db.prepare('DELETE FROM workbook_members WHERE workbook_id = ? AND user_id = ?')
  const member = db.prepare('SELECT 1 FROM workbook_members WHERE workbook_id = ? AND user_id = ?')
  const ofUser = db.prepare('SELECT workbook_id AS id FROM workbook_members WHERE user_id = ? ORDER BY workbook_id')
  const ofWorkbook = db.prepare('SELECT user_id AS id FROM workbook_members WHERE workbook_id = ? ORDER BY user_id')
  return {
    add: async (workbookId, userId) => void insert.run(workbookId, userId),
    remove: async (workbookId, userId) => remove.run(workbookId, userId).changes > 0,
    has: async (workbookId, userId) => member.get(workbookId, userId) !== undefined,
    workbooksOf: async (userId) => (ofUser.all(userId) as Array<{ id: string }>).map((r) => r.id),
    usersOf: async (workbookId) => (ofWorkbook.all(workbookId) as Array<{ id: string }>).map((r) => r.id),
  }
}

export function openSqliteSettings(db: Database.Database): Settings {
  const select = db.prepare('SELECT value FROM settings WHERE key = ?')
  const insert = db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)')
  const get = (key: string) => (select.get(key) as { value: string } | undefined)?.value
  return {
    get: async (key) => get(key),
    async getOrCreate(key, create) {
      const existing = get(key)
      if (existing !== undefined) return existing
      insert.run(key, create())
      return get(key) as string
    },
  }
}

const USER_COLUMNS =
  'id, username, name, role, omrade, password_hash AS passwordHash, oidc_issuer AS oidcIssuer, oidc_subject AS oidcSubject, session_generation AS sessionGeneration, deactivated_at AS deactivatedAt'

export function openSqliteUserTable(db: Database.Database): UserTable {
  const byName = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE username = ?`)
  const byId = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`)
  const byIdentity = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE oidc_issuer = ? AND oidc_subject = ?`)
  const all = db.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`)
  const insert = db.prepare(
    `INSERT INTO users (id, username, name, role, omrade, password_hash, oidc_issuer, oidc_subject)
     VALUES (@id, @username, @name, @role, @omrade, @passwordHash, @oidcIssuer, @oidcSubject)`,
  )
  const profile = db.prepare('UPDATE users SET name = @name, role = @role, omrade = @omrade WHERE id = @id')
  const deactivated = db.prepare('UPDATE users SET deactivated_at = ? WHERE id = ?')
  const password = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?')
  const bump = db.prepare(
    'UPDATE users SET session_generation = session_generation + 1 WHERE id = ? RETURNING session_generation AS generation',
  )
  return {
    byUsername: async (username) => byName.get(username) as UserRow | undefined,
    byId: async (id) => byId.get(id) as UserRow | undefined,
    byOidcIdentity: async (issuer, subject) => byIdentity.get(issuer, subject) as UserRow | undefined,
    list: async () => all.all() as UserRow[],
    insert: async (row) => void insert.run({ oidcIssuer: null, oidcSubject: null, ...row }),
    updateProfile: async (id, p) => profile.run({ id, name: p.name, role: p.role, omrade: p.omrade }).changes > 0,
    bumpSessionGeneration: async (id) => (bump.get(id) as { generation: number } | undefined)?.generation,
    setDeactivatedAt: async (id, at) => deactivated.run(at, id).changes > 0,
    setPasswordHash: async (id, hash) => password.run(hash, id).changes > 0,
  }
}

export function openSqliteVersionStore(db: Database.Database): VersionStore {
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
    async create(workbookId, name, userId, state) {
      const id = newVersionId()
      insert.run(id, workbookId, name, new Date().toISOString(), userId, Buffer.from(state))
      return byId.get(id) as VersionRecord
    },
    list: async (workbookId) => list.all(workbookId) as VersionRecord[],
    async state(workbookId, versionId) {
      const row = one.get(workbookId, versionId) as { state: Buffer } | undefined
      return row ? new Uint8Array(row.state) : undefined
    },
  }
}
