import { type Api, resolveCellAddress } from '@samplan/domain'
import { Hono } from 'hono'
import { z } from 'zod'
import { ApiFailure } from '../failures'
import type { AppDeps, Env } from '../context'
import { requireWorkbook } from '../middleware'
import { readQuery } from '../validate'

const HistoryQuery = z.object({
  /** `Budget!C2`: a cell by sheet name and A1, as people name it. */
  cell: z.string().max(300).optional(),
  /** Or by stable ids, as the web app's side panel does. */
  sheetId: z.string().max(100).optional(),
  rowId: z.string().max(100).optional(),
  colId: z.string().max(100).optional(),
  limit: z.string().optional(),
})

/** `GET /api/workbooks/:id/history`: who changed which cell, when, old -> new; newest first. */
export function historyRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()

  routes.get('/:id/history', async (c) => {
    const id = await requireWorkbook(deps, c)
    const query = readQuery(c, HistoryQuery)
    let filter: { sheetId?: string; rowId?: string; colId?: string } = query
    if (query.cell) {
      const resolved = resolveCellAddress((await deps.rooms.get(id)).workbook, query.cell)
      if (!resolved) throw new ApiFailure('unknown-cell', `Cellen ${query.cell} finns inte. Ange till exempel Budget!C2.`)
      filter = resolved
    }
    const limit = Math.min(Number(query.limit ?? 200) || 200, 1000)
    const { sheetId, rowId, colId } = filter
    return c.json({ entries: await deps.audit.history(id, { sheetId, rowId, colId, limit }) } satisfies Api.HistoryResponse)
  })

  return routes
}
