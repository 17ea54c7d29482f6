import type Database from 'better-sqlite3'
import { z } from 'zod'
import { hashPassword, verifyPassword } from './passwords'

export const Role = z.enum(['ekonom', 'omradeschef', 'lasare', 'admin'])
export type Role = z.infer<typeof Role>

/** A signed-in person as the rest of the server sees them (no password material). */
export interface User {
  id: string
  username: string
  name: string
  role: Role
  /** The område an områdeschef answers for. */
  omrade: string | null
}

export interface UserDirectory {
  /** Password sign-in; resolves to null on an unknown user or wrong password. */
  authenticate(username: string, password: string): Promise<User | null>
  get(id: string): User | undefined
  list(): User[]
  create(user: Omit<User, 'id'> & { password: string }): Promise<User>
}

interface UserRow {
  id: string
  username: string
  name: string
  role: string
  omrade: string | null
  password_hash: string
}

/**
 * Users with scrypt-hashed passwords in SQLite. This is the identity seam: an
 * OIDC provider (the city's Azure AD) replaces `authenticate` and maps claims
 * to the same `User`, keeping roles and områden in this table.
 */
export function openUserDirectory(db: Database.Database): UserDirectory {
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      omrade TEXT,
      password_hash TEXT NOT NULL
    );
  `)
  const byName = db.prepare('SELECT * FROM users WHERE username = ?')
  const byId = db.prepare('SELECT * FROM users WHERE id = ?')
  const all = db.prepare('SELECT * FROM users ORDER BY username')
  const insert = db.prepare(
    'INSERT INTO users (id, username, name, role, omrade, password_hash) VALUES (?, ?, ?, ?, ?, ?)',
  )
  // Verifying against a dummy hash for unknown users keeps response times alike.
  const dummyHash = hashPassword('samplan-dummy')

  return {
    async authenticate(username, password) {
      const row = byName.get(username) as UserRow | undefined
      const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash))
      return row && ok ? toUser(row) : null
    },
    get(id) {
      const row = byId.get(id) as UserRow | undefined
      return row ? toUser(row) : undefined
    },
    list: () => (all.all() as UserRow[]).map(toUser),
    async create(user) {
      const id = `u-${crypto.randomUUID().slice(0, 8)}`
      insert.run(id, user.username, user.name, user.role, user.omrade, await hashPassword(user.password))
      return { id, username: user.username, name: user.name, role: user.role, omrade: user.omrade }
    },
  }
}

function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, name: row.name, role: Role.parse(row.role), omrade: row.omrade }
}
