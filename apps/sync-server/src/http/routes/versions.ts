import {
  Api,
  canMoveStatus,
  compareWorkbooks,
  getWorkbookInfo,
  openWorkbook,
  planRestore,
  setWorkbookStatus,
  type Workbook,
} from '@samplan/domain'
import { Hono } from 'hono'
import * as Y from 'yjs'
import { ApiFailure } from '../failures'
import type { VersionStore } from '../../storage/versions'
import type { AppDeps, Env } from '../context'
import { requireAction, requireWorkbook } from '../middleware'
import { readBody } from '../validate'

/** A saved version as a workbook of its own (a fresh doc, never the live one). */
async function versionWorkbook(versions: VersionStore, workbookId: string, versionId: string): Promise<Workbook> {
  const state = await versions.state(workbookId, versionId)
  if (!state) throw new ApiFailure('not-found', `Versionen ${versionId} finns inte.`)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return openWorkbook(doc)
}

/**
 * Named versions and the status workflow, mounted at `/api/workbooks` behind `requireUser`.
 * A version is a full Yjs state; restoring one is a new change on top, never a rewrite of history.
 */
export function versionRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()

  routes.get('/:id/versions', async (c) =>
    c.json({ versions: await deps.versions.list(await requireWorkbook(deps, c)) } satisfies Api.VersionList),
  )

  routes.post('/:id/versions', async (c) => {
    const id = await requireWorkbook(deps, c)
    const user = requireAction(c, 'save-version')
    const body = await readBody(c, Api.CreateVersionRequest)
    const state = Y.encodeStateAsUpdate((await deps.rooms.get(id)).doc)
    return c.json((await deps.versions.create(id, body.name, user.id, state)) satisfies Api.VersionRecord, 201)
  })

  routes.get('/:id/versions/compare', async (c) => {
    const id = await requireWorkbook(deps, c)
    const from = c.req.query('from')
    // `to` is a version id, or `current` for the live workbook.
    const to = c.req.query('to') ?? 'current'
    if (!from) throw new ApiFailure('invalid-request', 'Ange vilken version som ska jämföras (from=…).')
    const older = await versionWorkbook(deps.versions, id, from)
    const newer = to === 'current' ? (await deps.rooms.get(id)).workbook : await versionWorkbook(deps.versions, id, to)
    // Parsed, not just typed: a stored column spec that no longer fits its schema is sent as null.
    return c.json(Api.CompareResponse.parse({ from, to, differences: compareWorkbooks(older, newer) }))
  })

  routes.post('/:id/versions/:versionId/restore', async (c) => {
    const id = await requireWorkbook(deps, c)
    const user = requireAction(c, 'restore-version')
    const room = await deps.rooms.get(id)
    if (getWorkbookInfo(room.workbook).status === 'beslutad') {
      throw new ApiFailure('forbidden', 'Arbetsboken är beslutad och kan inte återställas.')
    }
    const version = await versionWorkbook(deps.versions, id, c.req.param('versionId'))
    // Planned against the workbook as it is when the change runs, in turn with the clients' edits.
    const planned = await room.changeAsServer(user, (workbook) => {
      const plan = planRestore(workbook, version)
      return {
        cells: plan.summary.cells,
        apply: () => {
          plan.apply()
          return plan.summary
        },
      }
    })
    const { cells: _cells, ...summary } = planned
    return c.json(summary satisfies Api.RestoreResponse)
  })

  routes.post('/:id/status', async (c) => {
    const id = await requireWorkbook(deps, c)
    const user = requireAction(c, 'change-status')
    const body = await readBody(c, Api.StatusChangeRequest)
    const room = await deps.rooms.get(id)
    const current = getWorkbookInfo(room.workbook).status
    const next = body.status
    if (!canMoveStatus(current, next)) {
      throw new ApiFailure('invalid-transition', `Status kan inte gå från ${current} till ${next}.`) // [A3]
    }
    await room.changeAsServer(user, (workbook) => ({ cells: [], apply: () => setWorkbookStatus(workbook, next) }))
    // A decision is kept as a named version: what the nämnd decided can always be shown again.
    const versionName = body.versionName ?? `Beslutad ${new Date().toISOString().slice(0, 10)}`
    const version = next === 'beslutad' ? await deps.versions.create(id, versionName, user.id, Y.encodeStateAsUpdate(room.doc)) : undefined
    return c.json({ status: next, version } satisfies Api.StatusChangeResponse)
  })

  return routes
}
