import type { Api } from '@samplan/domain'
import { Hono } from 'hono'
import type { AppDeps, Env } from '../context'
import { requireAction, requireWorkbook } from '../middleware'

/**
 * `GET /api/workbooks/:id/quarantine`: what would not load (a snapshot or update that fails to
 * apply) is set aside rather than lost; an administrator looks into it.
 */
export function quarantineRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()

  routes.get('/:id/quarantine', async (c) => {
    const id = await requireWorkbook(deps, c)
    requireAction(c, 'view-quarantine')
    await deps.rooms.get(id) // loading the workbook is what finds a bad row
    return c.json({ entries: await deps.store.listQuarantine(id) } satisfies Api.QuarantineResponse)
  })

  return routes
}
