import type { UserDirectory, User } from './users'

/** The demo password of every seeded user (README.md lists them). */
export const DEMO_PASSWORD = 'samplan2024'

/** Demo people: one per role, two områdeschefer with their own område of the RSU sheet. */
export const DEMO_USERS: ReadonlyArray<Omit<User, 'id'>> = [
  { username: 'ekonom', name: 'Eva Ekonom', role: 'ekonom', omrade: null },
  { username: 'chef1', name: 'Omar Områdeschef', role: 'omradeschef', omrade: 'Område 1' },
  { username: 'chef2', name: 'Karin Områdeschef', role: 'omradeschef', omrade: 'Område 2' },
  { username: 'lasare', name: 'Lars Läsare', role: 'lasare', omrade: null },
  { username: 'admin', name: 'Anna Admin', role: 'admin', omrade: null },
]

/** Creates the demo users on first start; returns them (existing or new). */
export async function seedDemoUsers(users: UserDirectory): Promise<User[]> {
  const existing = await users.list()
  if (existing.length > 0) return existing
  const created: User[] = []
  for (const user of DEMO_USERS) created.push(await users.create({ ...user, password: DEMO_PASSWORD }))
  return created
}
