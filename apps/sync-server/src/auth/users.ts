import { RoleSchema, type Role } from '@samplan/domain'
import type { UserRow, UserTable } from '../storage/user-table'
import type { StoredRights } from '../storage/store'
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

/** A person as the city's identity provider vouched for them, with the role and område its claims map to. */
export interface ProviderIdentity {
  issuer: string
  subject: string
  /** Preferred username (or e-mail) from the claims; made unique here if another user holds it. */
  username: string
  name: string
  /** Null when the claims map to no role: the stored role then decides (or the default for a first sign-in). */
  role: Role | null
  omrade: string | null
}

export type ProviderSignIn = { ok: true; user: User; created: boolean } | { ok: false; reason: 'no-role' | 'deactivated' }

/** A user as the administration sees them: whether they may sign in, and how. */
export interface Person extends User {
  active: boolean
  signIn: 'password' | 'oidc'
}

/** Why a password change is refused ([A7]); the messages are `passwordChangeMessage`'s. */
export type PasswordChange =
  | { ok: true; sessionGeneration: number }
  | { ok: false; reason: 'wrong-current' | 'same-as-current' | 'demo' | 'not-local' }

/** Swedish reasons for a refused password change. */
export const passwordChangeMessage: Record<Extract<PasswordChange, { ok: false }>['reason'], string> = {
  'wrong-current': 'Det nuvarande lösenordet stämmer inte.',
  'same-as-current': 'Det nya lösenordet måste skilja sig från det nuvarande.',
  demo: 'Demolösenordet kan inte användas: välj ett eget.',
  'not-local': 'Du loggar in med stadens konto; lösenordet byts där.',
}

/** Why a deactivated person is refused, at sign-in and for every token they still hold. */
export const DEACTIVATED_MESSAGE = 'Ditt konto är inaktiverat. Kontakta Samplans administratör.'

export interface UserDirectory {
  /** Password sign-in; resolves to null on an unknown user or wrong password, 'deactivated' for a deactivated account ([A6]). */
  authenticate(username: string, password: string): Promise<User | null | 'deactivated'>
  get(id: string): Promise<User | undefined>
  /** The user and the session generation their tokens must carry (tokens.ts). */
  withSessionGeneration(id: string): Promise<{ user: User; sessionGeneration: number; active: boolean } | undefined>
  list(): Promise<User[]>
  create(user: Omit<User, 'id'> & { password: string }): Promise<User>
  /**
   * Sign-in through the identity provider: the user of (issuer, subject), created on the first
   * sign-in. Mapped claims overwrite the stored role and område on every sign-in (the provider is
   * the truth); without a mapped role the stored one stays, and a new user gets `defaultRole` or,
   * when that is null, is refused with `no-role`.
   */
  signInWithProvider(identity: ProviderIdentity, defaultRole: Role | null): Promise<ProviderSignIn>
  /** Ends every session of the user ("Logga ut överallt"); the new generation, or undefined for an unknown id. */
  endAllSessions(id: string): Promise<number | undefined>
  /** Users who still sign in with `password` (the production check for the demo password). */
  withPassword(password: string): Promise<User[]>
  /** Everyone, active or not, ordered by username ([A6]). */
  people(): Promise<Person[]>
  person(id: string): Promise<Person | undefined>
  /** A person who will sign in through the identity provider as (issuer, subject) ([A6]). */
  preRegister(user: Omit<User, 'id'>, issuer: string, subject: string): Promise<User>
  /** A new role and område; undefined for an unknown id. */
  changeRole(id: string, role: Role, omrade: string | null): Promise<User | undefined>
  /**
   * Deactivates (every token of theirs ends: the session generation is raised) or reactivates a
   * person; false for an unknown id.
   */
  setActive(id: string, active: boolean): Promise<boolean>
  /** A local account's new password ([A7]), refused when the current one is wrong or the new one is the demo or current one. */
  changePassword(id: string, current: string, next: string, demoPassword: string): Promise<PasswordChange>
}

/**
 * Users of the database (storage/user-table.ts), signing in with a scrypt-hashed password or
 * through the city's identity provider (auth/oidc.ts maps its claims to a `ProviderIdentity`).
 * This is the identity seam: whichever way a person signs in, the rest of the server sees the
 * same `User`.
 */
export function createUserDirectory(table: UserTable): UserDirectory {
  // Verifying against a dummy hash for unknown users keeps response times alike.
  const dummyHash = hashPassword('samplan-dummy')

  async function freeUsername(wanted: string, subject: string): Promise<string> {
    if (!(await table.byUsername(wanted))) return wanted
    return `${wanted} (${subject.slice(0, 12)})`
  }

  return {
    async authenticate(username, password) {
      const row = await table.byUsername(username)
      const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash))
      if (!row || !ok) return null
      // Said only to someone who knows the password, so it reveals nothing to a guesser.
      return row.deactivatedAt ? 'deactivated' : toUser(row)
    },
    async get(id) {
      const row = await table.byId(id)
      return row ? toUser(row) : undefined
    },
    async withSessionGeneration(id) {
      const row = await table.byId(id)
      return row ? { user: toUser(row), sessionGeneration: row.sessionGeneration, active: !row.deactivatedAt } : undefined
    },
    list: async () => (await table.list()).map(toUser),
    async create(user) {
      const id = newUserId()
      await table.insert({
        id,
        username: user.username,
        name: user.name,
        role: user.role,
        omrade: user.omrade,
        passwordHash: await hashPassword(user.password),
      })
      return { id, username: user.username, name: user.name, role: user.role, omrade: user.omrade }
    },
    async signInWithProvider(identity, defaultRole) {
      const known = await table.byOidcIdentity(identity.issuer, identity.subject)
      if (known) {
        if (known.deactivatedAt) return { ok: false, reason: 'deactivated' }
        const role = identity.role ?? RoleSchema.parse(known.role)
        const omrade = identity.role ? identity.omrade : (identity.omrade ?? known.omrade)
        const profile = { name: identity.name || known.name, role, omrade }
        await table.updateProfile(known.id, profile)
        return { ok: true, user: { ...toUser(known), ...profile }, created: false }
      }
      const role = identity.role ?? defaultRole
      if (!role) return { ok: false, reason: 'no-role' }
      const row = {
        id: newUserId(),
        username: await freeUsername(identity.username, identity.subject),
        name: identity.name || identity.username,
        role,
        omrade: identity.omrade,
        // No password: this person signs in only through the provider (verifyPassword refuses '').
        passwordHash: '',
        oidcIssuer: identity.issuer,
        oidcSubject: identity.subject,
      }
      await table.insert(row)
      return { ok: true, user: toUser(row), created: true }
    },
    endAllSessions: (id) => table.bumpSessionGeneration(id),
    async withPassword(password) {
      const found: User[] = []
      for (const row of await table.list()) {
        if (row.passwordHash && (await verifyPassword(password, row.passwordHash))) found.push(toUser(row))
      }
      return found
    },
    people: async () => (await table.list()).map(toPerson),
    async person(id) {
      const row = await table.byId(id)
      return row ? toPerson(row) : undefined
    },
    async preRegister(user, issuer, subject) {
      const row = { ...user, id: newUserId(), passwordHash: '', oidcIssuer: issuer, oidcSubject: subject }
      await table.insert(row)
      return toUser(row)
    },
    async changeRole(id, role, omrade) {
      const row = await table.byId(id)
      if (!row || !(await table.updateProfile(id, { name: row.name, role, omrade }))) return undefined
      return { ...toUser(row), role, omrade }
    },
    async setActive(id, active) {
      if (!(await table.setDeactivatedAt(id, active ? null : new Date().toISOString()))) return false
      if (!active) await table.bumpSessionGeneration(id)
      return true
    },
    async changePassword(id, current, next, demoPassword) {
      const row = await table.byId(id)
      if (!row?.passwordHash) return { ok: false, reason: 'not-local' }
      if (!(await verifyPassword(current, row.passwordHash))) return { ok: false, reason: 'wrong-current' }
      if (next === current) return { ok: false, reason: 'same-as-current' }
      if (next === demoPassword) return { ok: false, reason: 'demo' }
      await table.setPasswordHash(id, await hashPassword(next))
      const sessionGeneration = (await table.bumpSessionGeneration(id)) ?? row.sessionGeneration
      return { ok: true, sessionGeneration }
    },
  }
}

function toPerson(row: UserRow): Person {
  return { ...toUser(row), active: !row.deactivatedAt, signIn: row.oidcIssuer ? 'oidc' : 'password' }
}

function newUserId(): string {
  return `u-${crypto.randomUUID().slice(0, 8)}`
}

function toUser(row: Pick<UserRow, 'id' | 'username' | 'name' | 'role' | 'omrade'>): User {
  return { id: row.id, username: row.username, name: row.name, role: RoleSchema.parse(row.role), omrade: row.omrade }
}

/**
 * The user as they may act now, with the role and område as stored (read in the turn that judges
 * their update); null when they are deactivated or gone, or the stored role is not one this server knows.
 */
export function withStoredRights(user: User, stored: StoredRights | undefined): User | null {
  if (!stored?.active) return null
  const role = RoleSchema.safeParse(stored.role)
  return role.success ? { ...user, role: role.data, omrade: stored.omrade } : null
}
