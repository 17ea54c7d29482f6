import { decodeRecordedInput, encodeRecordedInput, type AdminAuditEntry, type AuditEntry, type AuditLog } from '../audit'
import type { MemberTable } from '../member-table'
import type { Settings } from '../settings'
import type { UserRow, UserTable } from '../user-table'
import { newVersionId, type VersionRecord, type VersionStore } from '../versions'
import type { PostgresPool } from './pool'

export function openPostgresAuditLog(db: PostgresPool): AuditLog {
  return {
    async record(workbookId, seq, at, entries) {
      await db.transaction(async (client) => {
        for (const e of entries) {
          await client.query(
            `INSERT INTO audit (workbook_id, seq, user_id, at, sheet_id, row_id, col_id, address, old_input, new_input)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [workbookId, seq, e.userId, at, e.sheetId, e.rowId, e.colId, e.address, encodeRecordedInput(e.old), encodeRecordedInput(e.new)],
          )
        }
      })
    },
    async history(workbookId, filter) {
      const { rows } = await db.query<Omit<AuditEntry, 'old' | 'new'> & { old: string | null; new: string | null }>(
        `SELECT a.seq, a.user_id AS "userId", u.name AS "userName", a.at, a.sheet_id AS "sheetId", a.row_id AS "rowId",
                a.col_id AS "colId", a.address, a.old_input AS old, a.new_input AS new
           FROM audit a LEFT JOIN users u ON u.id = a.user_id
          WHERE a.workbook_id = $1
            AND ($2::text IS NULL OR a.sheet_id = $2)
            AND ($3::text IS NULL OR a.row_id = $3)
            AND ($4::text IS NULL OR a.col_id = $4)
          ORDER BY a.id DESC LIMIT $5`,
        [workbookId, filter.sheetId ?? null, filter.rowId ?? null, filter.colId ?? null, filter.limit ?? 200],
      )
      return rows.map((r) => ({ ...r, old: decodeRecordedInput(r.old), new: decodeRecordedInput(r.new) }))
    },
    async recordAdmin(e) {
      await db.query('INSERT INTO admin_audit (at, actor_id, action, target, old_value, new_value) VALUES ($1, $2, $3, $4, $5, $6)', [
        e.at,
        e.actorId,
        e.action,
        e.target,
        e.old,
        e.new,
      ])
    },
    async adminHistory(limit = 200) {
      const { rows } = await db.query<AdminAuditEntry>(
        `SELECT a.id::int AS id, a.at, a.actor_id AS "actorId", u.name AS "actorName", a.action, a.target,
                a.old_value AS old, a.new_value AS new
           FROM admin_audit a LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC LIMIT $1`,
        [limit],
      )
      return rows
    },
  }
}

export function openPostgresMemberTable(db: PostgresPool): MemberTable {
  return {
    async add(workbookId, userId) {
      await db.query('INSERT INTO workbook_members (workbook_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [workbookId, userId])
    },
    async remove(workbookId, userId) {
      const result = await db.query('DELETE FROM workbook_members WHERE workbook_id = $1 AND user_id = $2', [workbookId, userId])
      return (result.rowCount ?? 0) > 0
    },
    async has(workbookId, userId) {
      return (
        (await db.query('SELECT 1 FROM workbook_members WHERE workbook_id = $1 AND user_id = $2', [workbookId, userId])).rows.length > 0
      )
    },
    async workbooksOf(userId) {
      const { rows } = await db.query<{ id: string }>(
        'SELECT workbook_id AS id FROM workbook_members WHERE user_id = $1 ORDER BY workbook_id',
        [userId],
      )
      return rows.map((r) => r.id)
    },
    async usersOf(workbookId) {
      const { rows } = await db.query<{ id: string }>(
        'SELECT user_id AS id FROM workbook_members WHERE workbook_id = $1 ORDER BY user_id',
        [workbookId],
      )
      return rows.map((r) => r.id)
    },
  }
}

export function openPostgresSettings(db: PostgresPool): Settings {
  const get = async (key: string) => (await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value
  return {
    get,
    async getOrCreate(key, create) {
      const existing = await get(key)
      if (existing !== undefined) return existing
      // Servers starting together may both create one: the first stored is everyone's.
      await db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [key, create()])
      return (await get(key)) as string
    },
  }
}

const USER_COLUMNS =
  'id, username, name, role, omrade, password_hash AS "passwordHash", oidc_issuer AS "oidcIssuer", oidc_subject AS "oidcSubject", session_generation AS "sessionGeneration", deactivated_at AS "deactivatedAt"'

export function openPostgresUserTable(db: PostgresPool): UserTable {
  return {
    byUsername: async (username) =>
      (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`, [username])).rows[0],
    byId: async (id) => (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])).rows[0],
    byOidcIdentity: async (issuer, subject) =>
      (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2`, [issuer, subject]))
        .rows[0],
    list: async () => (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY lower(username), username`)).rows,
    async insert(row) {
      await db.query(
        `INSERT INTO users (id, username, name, role, omrade, password_hash, oidc_issuer, oidc_subject)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [row.id, row.username, row.name, row.role, row.omrade, row.passwordHash, row.oidcIssuer ?? null, row.oidcSubject ?? null],
      )
    },
    async updateProfile(id, p) {
      const result = await db.query('UPDATE users SET name = $2, role = $3, omrade = $4 WHERE id = $1', [id, p.name, p.role, p.omrade])
      return (result.rowCount ?? 0) > 0
    },
    async bumpSessionGeneration(id) {
      const { rows } = await db.query<{ generation: number }>(
        'UPDATE users SET session_generation = session_generation + 1 WHERE id = $1 RETURNING session_generation AS generation',
        [id],
      )
      return rows[0]?.generation
    },
    async setDeactivatedAt(id, at) {
      return ((await db.query('UPDATE users SET deactivated_at = $2 WHERE id = $1', [id, at])).rowCount ?? 0) > 0
    },
    async setPasswordHash(id, hash) {
      return ((await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, hash])).rowCount ?? 0) > 0
    },
  }
}

const VERSION_COLUMNS = 'v.id, v.name, v.created_at AS "createdAt", v.created_by AS "createdBy", u.name AS "createdByName"'

export function openPostgresVersionStore(db: PostgresPool): VersionStore {
  return {
    async create(workbookId, name, userId, state) {
      const id = newVersionId()
      await db.query('INSERT INTO versions (id, workbook_id, name, created_at, created_by, state) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        workbookId,
        name,
        new Date().toISOString(),
        userId,
        Buffer.from(state),
      ])
      const { rows } = await db.query<VersionRecord>(
        `SELECT ${VERSION_COLUMNS} FROM versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.id = $1`,
        [id],
      )
      return rows[0] as VersionRecord
    },
    async list(workbookId) {
      const { rows } = await db.query<VersionRecord>(
        `SELECT ${VERSION_COLUMNS} FROM versions v LEFT JOIN users u ON u.id = v.created_by
          WHERE v.workbook_id = $1 ORDER BY v.created_at, v.ord`,
        [workbookId],
      )
      return rows
    },
    async state(workbookId, versionId) {
      const { rows } = await db.query<{ state: Buffer }>('SELECT state FROM versions WHERE workbook_id = $1 AND id = $2', [
        workbookId,
        versionId,
      ])
      return rows[0] ? new Uint8Array(rows[0].state) : undefined
    },
  }
}
