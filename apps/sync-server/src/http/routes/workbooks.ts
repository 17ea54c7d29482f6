import { Api, getWorkbookInfo, workbookPlanYear } from '@samplan/domain'
import { Hono } from 'hono'
import { isScenarioDocId } from '../../realtime/scenario-docs'
import type { AppDeps, Env } from '../context'
import { requireAction, requireWorkbook } from '../middleware'
import { ApiFailure } from '../failures'
import { readBody } from '../validate'

/** The workbooks a user may open, and new ones; mounted at `/api/workbooks` behind `requireUser`. */
export function workbookRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()

  routes.get('/', async (c) => {
    const visible = await deps.access.visibleTo(c.get('user'))
    // Scenarios are stored docs too; they are listed under their workbook (routes/scenarios.ts).
    const workbooks = (await deps.store.listWorkbooks()).filter((w) => !isScenarioDocId(w.id) && (visible === 'all' || visible.has(w.id)))
    return c.json({ workbooks } satisfies Api.WorkbookList)
  })

  routes.post('/', async (c) => {
    const user = requireAction(c, 'create-workbook')
    const body = await readBody(c, Api.CreateWorkbookRequest)
    const record = await deps.workbooks.create(body.title, body.template)
    // The creator is its first member ([A2]).
    await deps.access.grant(record.id, user.id)
    return c.json(record satisfies Api.WorkbookSummary, 201)
  })

  // Next year's plan: a new workbook for the same members; the source stays as it is.
  routes.post('/:id/rollover', async (c) => {
    const id = await requireWorkbook(deps, c)
    const user = requireAction(c, 'create-workbook')
    const body = await readBody(c, Api.RollOverRequest)
    const source = await deps.rooms.get(id)
    if (workbookPlanYear(source.workbook) === undefined) {
      throw new ApiFailure('invalid-request', 'Arbetsboken har inga kolumner med budgetår, så det finns inget år att flytta fram.')
    }
    const record = await deps.workbooks.rollOver(id, source.doc, body.newBudget)
    for (const member of [...(await deps.access.membersOf(id)), user.id]) await deps.access.grant(record.id, member)
    return c.json(record satisfies Api.WorkbookSummary, 201)
  })

  routes.get('/:id', async (c) => {
    const id = await requireWorkbook(deps, c)
    // The epoch lets an offline copy find out that it belongs to a replaced document.
    const { epoch, status } = getWorkbookInfo((await deps.rooms.get(id)).workbook)
    const record = (await deps.store.getWorkbook(id))!
    return c.json({ ...record, epoch, status } satisfies Api.WorkbookInfo)
  })

  return routes
}
