import { RoleSchema, type Role } from '@samplan/domain'
import type { UserRow, UserTable } from '../storage/user-table'
import { hashPassword, verifyPassword } from './passwords'

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

/**
 * Users with scrypt-hashed passwords (storage/user-table.ts). This is the identity seam: an
 * OIDC provider (the city's Azure AD) replaces `authenticate` and maps claims to the same
 * `User`, keeping roles and områden in that table.
 */
export function createUserDirectory(table: UserTable): UserDirectory {
  // Verifying against a dummy hash for unknown users keeps response times alike.
  const dummyHash = hashPassword('samplan-dummy')

  return {
    async authenticate(username, password) {
      const row = table.byUsername(username)
      const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash))
      return row && ok ? toUser(row) : null
    },
    get(id) {
      const row = table.byId(id)
      return row ? toUser(row) : undefined
    },
    list: () => table.list().map(toUser),
    async create(user) {
      const id = `u-${crypto.randomUUID().slice(0, 8)}`
      table.insert({
        id,
        username: user.username,
        name: user.name,
        role: user.role,
        omrade: user.omrade,
        passwordHash: await hashPassword(user.password),
      })
      return { id, username: user.username, name: user.name, role: user.role, omrade: user.omrade }
    },
  }
}

function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, name: row.name, role: RoleSchema.parse(row.role), omrade: row.omrade }
}
