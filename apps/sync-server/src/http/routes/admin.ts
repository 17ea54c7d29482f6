import { Api, initWorkbook, openWorkbook, Origin, type ApiAction, type Role } from '@samplan/domain'
import { Hono, type Context } from 'hono'
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import type { Person, User } from '../../auth/users'
import { isScenarioDocId } from '../../realtime/scenario-docs'
import type { AdminAuditRecord } from '../../storage/audit'
import type { AppDeps, Env } from '../context'
import { ApiFailure } from '../failures'
import { requireAction } from '../middleware'
import { readBody, readQuery } from '../validate'
import { z } from 'zod'

export { RIGHTS_CHANGED_MESSAGE } from '../../auth/open-sessions'

/** How the audit trail shows whether a person may sign in. */
const ACTIVE_TEXT = { true: 'aktiv', false: 'inaktiv' } as const

const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) })

function toPerson(person: Person): Api.AdminPerson {
  return {
    id: person.id,
    username: person.username,
    name: person.name,
    role: person.role,
    omrade: person.omrade,
    active: person.active,
    signIn: person.signIn,
  }
}

/** 16 characters from a CSPRNG, shown to the admin once. */
function generatePassword(): string {
  return randomBytes(12).toString('base64url')
}

/**
 * [A6] Administration, mounted at `/api/admin` behind `requireUser`: people (create, role and
 * område, deactivate), workbook members, new workbooks from the VP template or as a copy, and
 * the audit trail of these actions. Every route is the admin's alone (403 with the reason for
 * anyone else), and every change is written to the audit trail with who, what and old -> new.
 */
export function adminRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()

  const audit = (c: Context<Env>, entry: Omit<AdminAuditRecord, 'at' | 'actorId'>) =>
    deps.audit.recordAdmin({ ...entry, at: new Date().toISOString(), actorId: c.get('user').id })

  async function personOr404(id: string): Promise<Person> {
    const person = await deps.users.person(id)
    if (!person) throw new ApiFailure('not-found', 'Personen finns inte.')
    return person
  }

  async function workbookOr404(id: string): Promise<string> {
    if (isScenarioDocId(id) || !(await deps.store.getWorkbook(id))) throw new ApiFailure('not-found', 'Arbetsboken finns inte.')
    return id
  }

  /** The admin's own action first, before any body is read or id looked up. */
  const only = (action: ApiAction) => async (c: Context<Env>, next: () => Promise<void>) => {
    requireAction(c, action)
    await next()
  }
  routes.use('/people', only('manage-people'))
  routes.use('/people/*', only('manage-people'))
  routes.use('/workbooks/:id/members', only('manage-members'))
  routes.use('/workbooks/:id/members/*', only('manage-members'))
  routes.use('/workbooks', only('administer-workbooks'))
  routes.use('/audit', only('view-admin-audit'))

  routes.get('/people', async (c) => c.json({ people: (await deps.users.people()).map(toPerson) } satisfies Api.AdminPeople))

  routes.post('/people', async (c) => {
    const body = await readBody(c, Api.CreatePersonRequest)
    const people = await deps.users.people()
    if (people.some((p) => p.username.toLowerCase() === body.username.toLowerCase())) {
      throw new ApiFailure('invalid-request', `Användarnamnet ${body.username} är redan upptaget.`)
    }
    const omrade = checkedOmrade(body.role, body.omrade)
    const profile = { username: body.username, name: body.name, role: body.role, omrade }
    let user: User
    let generated: string | null = null
    if (body.signIn === 'password') {
      if (!body.password) generated = generatePassword()
      user = await deps.users.create({ ...profile, password: body.password ?? (generated as string) })
    } else {
      try {
        user = await deps.users.preRegister(profile, body.issuer, body.subject)
      } catch {
        // The only constraint left is the unique (issuer, subject) pair.
        throw new ApiFailure('invalid-request', `Någon har redan identiteten ${body.subject} hos ${body.issuer}.`)
      }
    }
    await audit(c, { action: 'create-person', target: user.username, old: null, new: roleText(user.role, user.omrade) })
    const person = await personOr404(user.id)
    return c.json({ person: toPerson(person), password: generated } satisfies Api.CreatePersonResponse, 201)
  })

  routes.patch('/people/:id', async (c) => {
    const admin = c.get('user')
    const body = await readBody(c, Api.UpdatePersonRequest)
    const person = await personOr404(c.req.param('id'))
    if (person.id === admin.id && ((body.role !== undefined && body.role !== 'admin') || body.active === false)) {
      throw new ApiFailure('forbidden', 'Du kan inte ta bort din egen administratörsbehörighet; be en annan administratör.')
    }
    const role = body.role ?? person.role
    const omrade = checkedOmrade(role, body.omrade !== undefined ? body.omrade : person.omrade)
    const rightsChanged = role !== person.role || omrade !== person.omrade
    if (rightsChanged) {
      await deps.users.changeRole(person.id, role, omrade)
      if (role !== person.role) await audit(c, { action: 'change-role', target: person.username, old: person.role, new: role })
      if (omrade !== person.omrade) await audit(c, { action: 'change-omrade', target: person.username, old: person.omrade, new: omrade })
    }
    if (body.active !== undefined && body.active !== person.active) {
      await deps.users.setActive(person.id, body.active)
      await audit(c, {
        action: body.active ? 'reactivate' : 'deactivate',
        target: person.username,
        old: ACTIVE_TEXT[`${person.active}`],
        new: ACTIVE_TEXT[`${body.active}`],
      })
      if (!body.active) deps.openSessions?.deactivated(person.id)
    }
    // The rooms judge the next update with the new role at once; the reconnect brings it to the page.
    // After a deactivation, so every server closes those sockets with that reason.
    if (rightsChanged) deps.openSessions?.rightsChanged(person.id, { role, omrade }, body.active ?? person.active)
    return c.json(toPerson(await personOr404(person.id)) satisfies Api.AdminPerson)
  })

  async function membersOf(id: string): Promise<Api.WorkbookMembers> {
    const memberIds = new Set(await deps.access.membersOf(id))
    return { members: (await deps.users.people()).filter((p) => memberIds.has(p.id)).map(toPerson) }
  }

  routes.get('/workbooks/:id/members', async (c) => c.json(await membersOf(await workbookOr404(c.req.param('id')))))

  routes.put('/workbooks/:id/members/:userId', async (c) => {
    const id = await workbookOr404(c.req.param('id'))
    const person = await personOr404(c.req.param('userId'))
    if (!(await deps.access.membersOf(id)).includes(person.id)) {
      await deps.access.grant(id, person.id)
      await audit(c, { action: 'add-member', target: id, old: null, new: person.username })
    }
    return c.json(await membersOf(id))
  })

  routes.delete('/workbooks/:id/members/:userId', async (c) => {
    const id = await workbookOr404(c.req.param('id'))
    const person = await personOr404(c.req.param('userId'))
    if (await deps.access.revoke(id, person.id)) {
      await audit(c, { action: 'remove-member', target: id, old: person.username, new: null })
      // Their sockets of this workbook close with the reason; an admin opens every workbook anyway.
      if (person.role !== 'admin') deps.openSessions?.memberRemoved(person.id, id)
    }
    return c.json(await membersOf(id))
  })

  routes.post('/workbooks', async (c) => {
    const admin = c.get('user')
    const body = await readBody(c, Api.AdminCreateWorkbookRequest)
    if (body.from === 'template') {
      const record = await deps.workbooks.create(body.title, 'vp2024')
      await deps.access.grant(record.id, admin.id)
      await audit(c, { action: 'create-workbook', target: record.id, old: 'mallen VP 2024', new: record.title })
      return c.json(record satisfies Api.WorkbookSummary, 201)
    }
    const sourceId = await workbookOr404(body.sourceId)
    const source = await deps.rooms.get(sourceId)
    const record = { id: `wb-${crypto.randomUUID().slice(0, 8)}`, title: body.title, createdAt: new Date().toISOString() }
    await deps.store.createWorkbook(record, copyOfDoc(source.doc, body.title))
    // A copy is shared with the same people as its source.
    for (const member of new Set([...(await deps.access.membersOf(sourceId)), admin.id])) await deps.access.grant(record.id, member)
    await audit(c, { action: 'copy-workbook', target: record.id, old: sourceId, new: record.title })
    return c.json(record satisfies Api.WorkbookSummary, 201)
  })

  routes.get('/audit', async (c) => {
    const { limit } = readQuery(c, AuditQuery)
    return c.json({ entries: await deps.audit.adminHistory(limit) } satisfies Api.AdminAuditResponse)
  })

  return routes
}

/** An områdeschef answers for an område; no one else has one. */
function checkedOmrade(role: Role, omrade: string | null): string | null {
  if (role !== 'omradeschef') return null
  if (!omrade) throw new ApiFailure('invalid-request', 'En områdeschef behöver ett område (till exempel Område 1).')
  return omrade
}

function roleText(role: Role, omrade: string | null): string {
  return omrade ? `${role}, ${omrade}` : role
}

/**
 * The whole state of `source` as a new workbook's first state: a new title and epoch (an offline
 * copy of the source is never taken for the copy), status utkast.
 */
function copyOfDoc(source: Y.Doc, title: string): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
  initWorkbook(openWorkbook(doc), { title }, Origin.Seed)
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}
