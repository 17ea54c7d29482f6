import type Database from 'better-sqlite3'

/** A user as stored: the role is checked against the contract when read (auth/users.ts). */
export interface UserRow {
  id: string
  username: string
  name: string
  role: string
  omrade: string | null
  passwordHash: string
}

/** The people who may sign in. Usernames are unique regardless of case. */
export interface UserTable {
  byUsername(username: string): UserRow | undefined
  byId(id: string): UserRow | undefined
  /** Ordered by username. */
  list(): UserRow[]
  insert(row: UserRow): void
}

const COLUMNS = 'id, username, name, role, omrade, password_hash AS passwordHash'

export function openUserTable(db: Database.Database): UserTable {
  const byName = db.prepare(`SELECT ${COLUMNS} FROM users WHERE username = ?`)
  const byId = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`)
  const all = db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY username`)
  const insert = db.prepare(
    'INSERT INTO users (id, username, name, role, omrade, password_hash) VALUES (@id, @username, @name, @role, @omrade, @passwordHash)',
  )
  return {
    byUsername: (username) => byName.get(username) as UserRow | undefined,
    byId: (id) => byId.get(id) as UserRow | undefined,
    list: () => all.all() as UserRow[],
    insert: (row) => void insert.run(row),
  }
}
