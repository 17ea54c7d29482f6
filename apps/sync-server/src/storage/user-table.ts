/** A user as stored: the role is checked against the contract when read (auth/users.ts). */
export interface UserRow {
  id: string
  username: string
  name: string
  role: string
  omrade: string | null
  /** Empty for people who sign in only through the identity provider. */
  passwordHash: string
  /** The identity provider's issuer and subject of a person who signs in there; null for local accounts. */
  oidcIssuer: string | null
  oidcSubject: string | null
  /** Raised by "Logga ut överallt": tokens carry the generation they were issued under. */
  sessionGeneration: number
  /** When an admin deactivated the person (ISO time); null while they may sign in. */
  deactivatedAt: string | null
}

/** A row to insert: a new user starts at session generation 0, and is local unless an identity is given. */
export type NewUserRow = Omit<UserRow, 'oidcIssuer' | 'oidcSubject' | 'sessionGeneration' | 'deactivatedAt'> &
  Partial<Pick<UserRow, 'oidcIssuer' | 'oidcSubject'>>

/** The people who may sign in. Usernames are unique regardless of case; so is an (issuer, subject) pair. */
export interface UserTable {
  /** Case-insensitive. */
  byUsername(username: string): Promise<UserRow | undefined>
  byId(id: string): Promise<UserRow | undefined>
  byOidcIdentity(issuer: string, subject: string): Promise<UserRow | undefined>
  /** Ordered by username. */
  list(): Promise<UserRow[]>
  insert(row: NewUserRow): Promise<void>
  /** Name, role and område as the identity provider last said; false when there is no such user. */
  updateProfile(id: string, profile: Pick<UserRow, 'name' | 'role' | 'omrade'>): Promise<boolean>
  /** Raises the user's session generation by one, atomically; the new generation, or undefined for an unknown id. */
  bumpSessionGeneration(id: string): Promise<number | undefined>
  /** Deactivates the user at `at`, or reactivates them with null; false when there is no such user. */
  setDeactivatedAt(id: string, at: string | null): Promise<boolean>
  /** Replaces a local account's password hash; false when there is no such user. */
  setPasswordHash(id: string, passwordHash: string): Promise<boolean>
}
