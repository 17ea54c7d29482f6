import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite/open-sqlite'
import { createUserDirectory, withStoredRights, type ProviderIdentity, type User } from './users'

const anna: ProviderIdentity = {
  issuer: 'https://idp.stad.se',
  subject: 'sub-anna',
  username: 'anna@stad.se',
  name: 'Anna Andersson',
  role: 'ekonom',
  omrade: null,
}

describe('people who sign in through the identity provider', () => {
  const opened: SqliteStorage[] = []
  const directory = () => {
    const storage = openSqliteStorage(':memory:')
    opened.push(storage)
    return createUserDirectory(storage.users)
  }
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close()
  })

  it('[A5] creates the user of (issuer, subject) once, and follows the mapped role and område on every sign-in', async () => {
    const users = directory()
    const first = await users.signInWithProvider(anna, null)
    expect(first).toMatchObject({ ok: true, created: true, user: { username: 'anna@stad.se', role: 'ekonom' } })
    const again = await users.signInWithProvider({ ...anna, name: 'Anna A', role: 'omradeschef', omrade: 'Område 2' }, null)
    expect(again).toMatchObject({ ok: true, created: false, user: { name: 'Anna A', role: 'omradeschef', omrade: 'Område 2' } })
    expect(first.ok && again.ok && again.user.id === first.user.id).toBe(true)
    expect(await users.list()).toHaveLength(1)
  })

  it('[A5] keeps the stored role when no group is mapped, and gives a first sign-in the default role or refuses it', async () => {
    const users = directory()
    await users.signInWithProvider(anna, null)
    expect(await users.signInWithProvider({ ...anna, role: null }, null)).toMatchObject({ ok: true, user: { role: 'ekonom' } })
    const olle = { ...anna, subject: 'sub-olle', username: 'olle@stad.se', name: 'Olle', role: null }
    expect(await users.signInWithProvider(olle, null)).toEqual({ ok: false, reason: 'no-role' })
    expect(await users.signInWithProvider(olle, 'lasare')).toMatchObject({ ok: true, created: true, user: { role: 'lasare' } })
  })

  it('gives a provider person whose username a local account holds a username of their own, and no password', async () => {
    const users = directory()
    await users.create({ username: 'anna@stad.se', name: 'Lokal Anna', role: 'lasare', omrade: null, password: 'lösenord-1' })
    const signedIn = await users.signInWithProvider(anna, null)
    expect(signedIn.ok && signedIn.user.username).toBe('anna@stad.se (sub-anna)')
    expect(await users.authenticate('anna@stad.se (sub-anna)', '')).toBeNull()
  })

  it('[A4] ends every session of one user by raising their generation', async () => {
    const users = directory()
    const eva = await users.create({ username: 'eva', name: 'Eva', role: 'ekonom', omrade: null, password: 'lösenord-2' })
    expect((await users.withSessionGeneration(eva.id))?.sessionGeneration).toBe(0)
    expect(await users.endAllSessions(eva.id)).toBe(1)
    expect((await users.withSessionGeneration(eva.id))?.sessionGeneration).toBe(1)
    expect((await users.withPassword('lösenord-2')).map((u) => u.username)).toEqual(['eva'])
  })
})

describe('a user with the rights stored now', () => {
  const lars: User = { id: 'u-lars', username: 'lars', name: 'Lars', role: 'lasare', omrade: null }

  it('takes the stored role and område over those the user was sent with', () => {
    expect(withStoredRights(lars, { role: 'omradeschef', omrade: 'Område 2', active: true })).toEqual({
      ...lars,
      role: 'omradeschef',
      omrade: 'Område 2',
    })
  })

  it('is no one when deactivated, gone, or stored with a role this server does not know', () => {
    expect(withStoredRights(lars, { role: 'ekonom', omrade: null, active: false })).toBeNull()
    expect(withStoredRights(lars, undefined)).toBeNull()
    expect(withStoredRights(lars, { role: 'superuser', omrade: null, active: true })).toBeNull()
  })
})
