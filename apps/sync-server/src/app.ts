import { Hono, type Context, type Next } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { z } from 'zod'
import {
  ColumnSpec,
  compareWorkbooks,
  getWorkbookInfo,
  openWorkbook,
  planRestore,
  resolveCellAddress,
  setWorkbookStatus,
  type Workbook,
  type WorkbookStatus,
} from '@samplan/domain'
import * as Y from 'yjs'
import type { AuditLog } from './audit'
import { WorkbookNotFoundError } from './errors'
import type { RoomRegistry } from './room-registry'
import type { Store } from './store'
import { tokenFailureMessage, type TokenService } from './tokens'
import type { UserDirectory } from './users'
import { requireWorkbookAccess, type Env } from './route-context'
import type { VersionStore } from './versions'
import type { WorkbookAccess } from './workbook-access'
import type { WorkbookService } from './workbooks'
import { registerExportRoutes } from './export/export-routes'
import { DEFAULT_IMPORT_LIMITS } from './export/xlsx-import'
import { requestBodyLimits } from './body-limits'
import { clientAddress } from './client-address'
import { LoginThrottle } from './login-throttle'
import { presenceIdentity } from './presence-identity'

export interface AppDeps {
  store: Store
  workbooks: WorkbookService
  users: UserDirectory
  tokens: TokenService
  access: WorkbookAccess
  audit: AuditLog
  rooms: RoomRegistry
  versions: VersionStore
  /** Folder of the built web app (`apps/web/dist`); absent in API-only tests. */
  webDist?: string
  version: string
  /** Sign-in back-off; one per process. */
  loginThrottle?: LoginThrottle
  /** Take the client address from the last X-Forwarded-For entry (behind one reverse proxy only). */
  trustProxy?: boolean
}


const LoginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
})

const CreateVersionBody = z.object({ name: z.string().trim().min(1).max(200) })

const StatusBody = z.object({
  status: z.enum(['utkast', 'inskickad', 'beslutad']),
  /** Name of the version saved when the workbook is decided, e.g. "Beslutad 2023-12-14, dnr …". */
  versionName: z.string().trim().min(1).max(200).optional(),
})

/** The workflow: a draft is submitted, then decided or sent back; a decision is final. */
const NEXT_STATUS: Record<WorkbookStatus, WorkbookStatus[]> = {
  utkast: ['inskickad'],
  inskickad: ['utkast', 'beslutad'],
  beslutad: [],
}

/** A cell input as the compare reports it: formulas as English A1 text of that state. */
const ComparedInput = z.union([z.number(), z.string(), z.boolean(), z.null()])

/**
 * `GET /api/workbooks/:id/versions/compare`: each difference carries its column's spec, so the
 * web app formats the figures as the grid does (domain SPEC V8).
 */
const CompareResponse = z.object({
  from: z.string(),
  to: z.string(),
  differences: z.array(
    z.object({
      sheetId: z.string(),
      sheetName: z.string(),
      rowId: z.string(),
      colId: z.string(),
      a1: z.string(),
      from: ComparedInput,
      to: ComparedInput,
      // A spec that no longer fits the schema formats like no spec, rather than failing the compare.
      column: ColumnSpec.nullable().catch(null),
    }),
  ),
})
export type CompareResponse = z.infer<typeof CompareResponse>

const CreateWorkbookBody = z.object({
  title: z.string().trim().min(1).max(200),
  template: z.enum(['vp2024', 'empty']).default('empty'),
})

/** The bearer token of a request: `Authorization: Bearer …`, or `?token=` for downloads and sockets. */
export function requestToken(request: Request): string | null {
  const header = request.headers.get('authorization')
  if (header?.startsWith('Bearer ')) return header.slice(7).trim()
  return new URL(request.url).searchParams.get('token')
}

/** Routes only: `server.ts` owns the port, the websocket upgrade and shutdown. */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>()
  const loginThrottle = deps.loginThrottle ?? new LoginThrottle()

  // Before anything else, sign-in included: no route reads a body past its limit.
  app.use('*', requestBodyLimits(DEFAULT_IMPORT_LIMITS.maxFileBytes))

  const requireUser = async (c: Context<Env>, next: Next) => {
    const check = await deps.tokens.check(requestToken(c.req.raw))
    if (!check.ok) return c.json({ error: `token-${check.reason}`, message: tokenFailureMessage[check.reason] }, 401)
    c.set('user', check.user)
    await next()
  }

  const requireWorkbook = (c: Context<Env>) => requireWorkbookAccess(deps, c)

  app.get('/api/health', (c) => c.json({ ok: true, version: deps.version }))

  app.post('/api/login', async (c) => {
    const parsed = LoginBody.safeParse(await readJson(c.req.raw))
    if (!parsed.success) return c.json({ error: 'invalid-request', message: z.prettifyError(parsed.error) }, 400)
    // Checked before the password, so a throttled guess costs no scrypt and reveals nothing.
    const throttle = loginThrottle.begin(parsed.data.username, clientAddress(c, deps.trustProxy ?? false))
    if (!throttle.ok) {
      c.header('Retry-After', String(throttle.retryAfterSeconds))
      return c.json({ error: 'too-many-attempts', message: throttle.message, retryAfterSeconds: throttle.retryAfterSeconds }, 429)
    }
    const user = await deps.users.authenticate(parsed.data.username, parsed.data.password)
    if (!user) return c.json({ error: 'bad-credentials', message: 'Fel användarnamn eller lösenord.' }, 401)
    throttle.attempt.succeeded()
    const { token, expiresAt } = await deps.tokens.issue(user)
    // `color` is the presence colour the server stamps on this user's cursor and badge.
    return c.json({ token, expiresAt, user: { ...user, color: presenceIdentity(user).color } })
  })

  app.use('/api/me', requireUser)
  app.get('/api/me', (c) => c.json({ ...c.get('user'), color: presenceIdentity(c.get('user')).color }))

  app.use('/api/workbooks', requireUser)
  app.use('/api/workbooks/*', requireUser)

  app.get('/api/workbooks', (c) => {
    const visible = deps.access.visibleTo(c.get('user'))
    const workbooks = deps.store.listWorkbooks().filter((w) => visible === 'all' || visible.has(w.id))
    return c.json({ workbooks })
  })

  app.get('/api/workbooks/:id', (c) => {
    const id = requireWorkbook(c)
    // The epoch lets an offline copy find out that it belongs to a replaced document.
    const { epoch, status } = getWorkbookInfo(deps.rooms.get(id).workbook)
    return c.json({ ...deps.store.getWorkbook(id), epoch, status })
  })

  app.get('/api/workbooks/:id/history', (c) => {
    const id = requireWorkbook(c)
    const cell = c.req.query('cell')
    let filter: { sheetId?: string; rowId?: string; colId?: string } = {}
    if (cell) {
      const resolved = resolveCellAddress(deps.rooms.get(id).workbook, cell)
      if (!resolved) {
        return c.json({ error: 'unknown-cell', message: `Cellen ${cell} finns inte. Ange till exempel Budget!C2.` }, 400)
      }
      filter = resolved
    } else {
      filter = { sheetId: c.req.query('sheetId'), rowId: c.req.query('rowId'), colId: c.req.query('colId') }
    }
    const limit = Math.min(Number(c.req.query('limit') ?? 200) || 200, 1000)
    return c.json({ entries: deps.audit.history(id, { ...filter, limit }) })
  })

  const forbidden = (c: Context<Env>, message: string) => c.json({ error: 'forbidden', message }, 403)
  const versionDoc = (workbookId: string, versionId: string): Workbook => {
    const state = deps.versions.state(workbookId, versionId)
    if (!state) throw new HTTPException(404, { message: `Versionen ${versionId} finns inte.` })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    return openWorkbook(doc)
  }

  app.get('/api/workbooks/:id/versions', (c) => c.json({ versions: deps.versions.list(requireWorkbook(c)) }))

  // What would not load (a snapshot or update that fails to apply) is set aside; an administrator looks into it.
  app.get('/api/workbooks/:id/quarantine', (c) => {
    const id = requireWorkbook(c)
    if (c.get('user').role !== 'admin') return forbidden(c, 'Bara en administratör ser vad som har satts åt sidan.')
    deps.rooms.get(id) // loading the workbook is what finds a bad row
    return c.json({ entries: deps.store.listQuarantine(id) })
  })

  app.post('/api/workbooks/:id/versions', async (c) => {
    const id = requireWorkbook(c)
    const user = c.get('user')
    if (user.role !== 'ekonom' && user.role !== 'admin') {
      return forbidden(c, 'Bara ekonomer och administratörer kan spara versioner.')
    }
    const parsed = CreateVersionBody.safeParse(await readJson(c.req.raw))
    if (!parsed.success) return c.json({ error: 'invalid-request', message: z.prettifyError(parsed.error) }, 400)
    const room = deps.rooms.get(id)
    return c.json(deps.versions.create(id, parsed.data.name, user.id, Y.encodeStateAsUpdate(room.doc)), 201)
  })

  app.get('/api/workbooks/:id/versions/compare', (c) => {
    const id = requireWorkbook(c)
    const from = c.req.query('from')
    const to = c.req.query('to') ?? 'current'
    if (!from) return c.json({ error: 'invalid-request', message: 'Ange vilken version som ska jämföras (from=…).' }, 400)
    const older = versionDoc(id, from)
    const newer = to === 'current' ? deps.rooms.get(id).workbook : versionDoc(id, to)
    const body: CompareResponse = CompareResponse.parse({ from, to, differences: compareWorkbooks(older, newer) })
    return c.json(body)
  })

  app.post('/api/workbooks/:id/versions/:versionId/restore', (c) => {
    const id = requireWorkbook(c)
    const user = c.get('user')
    if (user.role !== 'admin') return forbidden(c, 'Bara en administratör kan återställa en version.')
    const room = deps.rooms.get(id)
    if (getWorkbookInfo(room.workbook).status === 'beslutad') {
      return forbidden(c, 'Arbetsboken är beslutad och kan inte återställas.')
    }
    const plan = planRestore(room.workbook, versionDoc(id, c.req.param('versionId')))
    room.changeAsServer(user, plan.summary.cells, plan.apply)
    const { cells: _cells, ...summary } = plan.summary
    return c.json(summary)
  })

  app.post('/api/workbooks/:id/status', async (c) => {
    const id = requireWorkbook(c)
    const user = c.get('user')
    if (user.role !== 'admin') return forbidden(c, 'Bara en administratör kan ändra arbetsbokens status.')
    const parsed = StatusBody.safeParse(await readJson(c.req.raw))
    if (!parsed.success) return c.json({ error: 'invalid-request', message: z.prettifyError(parsed.error) }, 400)
    const room = deps.rooms.get(id)
    const current = getWorkbookInfo(room.workbook).status
    const next = parsed.data.status
    if (!NEXT_STATUS[current].includes(next)) {
      return c.json({ error: 'invalid-transition', message: `Status kan inte gå från ${current} till ${next}.` }, 409)
    }
    room.changeAsServer(user, [], () => setWorkbookStatus(room.workbook, next))
    const version =
      next === 'beslutad'
        ? deps.versions.create(id, parsed.data.versionName ?? `Beslutad ${new Date().toISOString().slice(0, 10)}`, user.id, Y.encodeStateAsUpdate(room.doc))
        : undefined
    return c.json({ status: next, version })
  })

  app.post('/api/workbooks', async (c) => {
    const user = c.get('user')
    if (user.role !== 'ekonom' && user.role !== 'admin') {
      return c.json({ error: 'forbidden', message: 'Bara ekonomer och administratörer kan skapa arbetsböcker.' }, 403)
    }
    const parsed = CreateWorkbookBody.safeParse(await readJson(c.req.raw))
    if (!parsed.success) {
      return c.json({ error: 'invalid-request', message: z.prettifyError(parsed.error) }, 400)
    }
    const record = deps.workbooks.create(parsed.data.title, parsed.data.template)
    deps.access.grant(record.id, user.id)
    return c.json(record, 201)
  })

  registerExportRoutes(app, deps)

  app.all('/api/*', (c) =>
    c.json({ error: 'not-found', message: `Ingen API-resurs på ${c.req.path}.` }, 404),
  )

  if (deps.webDist && existsSync(deps.webDist)) {
    const root = relative(process.cwd(), deps.webDist) || '.'
    app.use('/*', serveStatic({ root }))
    // Client-side routes (e.g. /w/vp-2024) get the app shell.
    app.get('/*', serveStatic({ root, rewriteRequestPath: () => '/index.html' }))
  } else {
    app.get('/', (c) =>
      c.text(
        `Webbappen är inte byggd (${deps.webDist ? join(deps.webDist, 'index.html') : 'ingen sökväg'} saknas). Kör "npm start" från repots rot.`,
        503,
      ),
    )
  }

  app.notFound((c) => c.json({ error: 'not-found', message: `Hittade inte ${c.req.path}.` }, 404))

  app.onError((err, c) => {
    if (err instanceof WorkbookNotFoundError) {
      return c.json({ error: 'workbook-not-found', message: err.message }, 404)
    }
    if (err instanceof HTTPException) {
      return c.json({ error: 'http-error', message: err.message }, err.status)
    }
    console.error(err)
    return c.json({ error: 'internal', message: 'Ett oväntat fel inträffade på servern.' }, 500)
  })

  return app
}

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json()
  } catch {
    throw new HTTPException(400, { message: 'Förfrågan måste vara giltig JSON.' })
  }
}
