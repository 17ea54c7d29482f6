import type { Api } from '@samplan/domain'
import { Hono } from 'hono'
import { z } from 'zod'
import { ComputedEngineError } from '../../realtime/computed-engine'
import type { AppDeps, Env } from '../context'
import { ApiFailure } from '../failures'
import { requireWorkbook } from '../middleware'
import { readQuery } from '../validate'

const ComputedQuery = z.object({ sheet: z.string().min(1).max(200).optional() })

/**
 * `GET /api/workbooks/:id/computed?sheet=<sheetId>` (no `sheet`: the first sheet): the computed
 * values of a sheet's formula cells from the server's engine for the room (`Api.ComputedSheet`), so
 * a browser paints numbers before its own engine has built. Whoever may open the workbook may ask.
 */
export function computedRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()

  routes.get('/:id/computed', async (c) => {
    const id = await requireWorkbook(deps, c)
    const { sheet } = readQuery(c, ComputedQuery)
    let values: Api.ComputedSheet | null
    try {
      values = await deps.rooms.computedSheet(id, sheet ?? null)
    } catch (err) {
      if (!(err instanceof ComputedEngineError)) throw err
      console.error(`workbook ${id}: ${err.message}`)
      throw new ApiFailure('unavailable', 'Serverns beräknade värden går inte att hämta just nu; sidan räknar fram dem själv.')
    }
    if (!values) throw new ApiFailure('not-found', sheet ? 'Bladet finns inte i arbetsboken.' : 'Arbetsboken har inga blad.')
    // Values follow every edit: never served from a cache.
    c.header('Cache-Control', 'no-store')
    return c.json(values)
  })

  return routes
}
