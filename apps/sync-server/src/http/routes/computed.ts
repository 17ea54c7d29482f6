import { type Api, getCellInput, getSheetGrid, isFormula, listSheets, openWorkbook, sameStateVector } from '@samplan/domain'
import { Hono } from 'hono'
import * as Y from 'yjs'
import { z } from 'zod'
import { ComputedEngineError } from '../../realtime/computed-engine'
import type { ValuesAsk } from '../../realtime/computed-engine-messages'
import type { AppDeps, Env } from '../context'
import { ApiFailure } from '../failures'
import { requireWorkbook } from '../middleware'
import { readQuery } from '../validate'

const ComputedQuery = z.object({
  sheet: z.string().min(1).max(200).optional(),
  /** The state of an earlier answer (base64 of a state vector): only what changed since, if the server still holds it. */
  since: z.string().min(1).max(20_000).optional(),
})
/** A screen's rows: a tall window at the grid's smallest row height, and no more (the rest comes with the document). */
const FirstScreenQuery = z.object({ rows: z.coerce.number().int().min(1).max(200).default(60) })

/**
 * `GET /api/workbooks/:id/computed?sheet=<sheetId>` (no `sheet`: the first sheet): the computed
 * values of a sheet's formula cells from the server's engine for the room (`Api.ComputedSheet`), so
 * a browser paints numbers before its own engine has built. Whoever may open the workbook may ask.
 * `GET /api/workbooks/:id/first-screen?rows=<n>`: the first sheet's first rows as a cold open paints them
 * before its document has arrived (`Api.FirstScreen`).
 */
export function computedRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()

  async function sheetValues(id: string, sheet: string | null, ask: ValuesAsk): Promise<Api.ComputedSheet | null> {
    try {
      return await deps.rooms.computedSheet(id, sheet, ask)
    } catch (err) {
      if (!(err instanceof ComputedEngineError)) throw err
      console.error(`workbook ${id}: ${err.message}`)
      throw new ApiFailure('unavailable', 'Serverns beräknade värden går inte att hämta just nu; sidan räknar fram dem själv.')
    }
  }

  routes.get('/:id/computed', async (c) => {
    const id = await requireWorkbook(deps, c)
    const { sheet, since } = readQuery(c, ComputedQuery)
    const values = await sheetValues(id, sheet ?? null, { since })
    if (!values) throw new ApiFailure('not-found', sheet ? 'Bladet finns inte i arbetsboken.' : 'Arbetsboken har inga blad.')
    // Values follow every edit: never served from a cache.
    c.header('Cache-Control', 'no-store')
    return c.json(values)
  })

  routes.get('/:id/first-screen', async (c) => {
    const id = await requireWorkbook(deps, c)
    const { rows } = readQuery(c, FirstScreenQuery)
    // Only the rows shown: the engine need not read out the whole sheet for them.
    const values = await sheetValues(id, null, { firstRows: rows })
    // Asking for values loads the room: its live doc is what the layout and inputs are read from.
    const doc = deps.rooms.peek(id)?.doc
    if (!values || !doc) throw new ApiFailure('not-found', 'Arbetsboken har inga blad.')
    const screen = firstScreen(doc, values, rows)
    if (!screen) throw new ApiFailure('not-found', 'Arbetsboken har inga blad.')
    c.header('Cache-Control', 'no-store')
    return c.json(screen)
  })

  return routes
}

/**
 * The first sheet's first `rowLimit` rows of `doc`, with `values`' numbers for their formula cells when the engine
 * computed them at exactly the doc's state (an edit accepted while the engine answered leaves them out).
 */
export function firstScreen(doc: Y.Doc, values: Api.ComputedSheet, rowLimit: number): Api.FirstScreen | null {
  const workbook = openWorkbook(doc)
  const sheet = listSheets(workbook)[0]
  if (!sheet || sheet.id !== values.sheetId) return null
  const grid = getSheetGrid(workbook, sheet.id)
  const rowIds = grid.rowIds.slice(0, rowLimit)
  const inputs = rowIds.map((rowId) => grid.colIds.map((colId) => getCellInput(workbook, sheet.id, rowId, colId) ?? null))
  const stateVector = Y.encodeStateVector(doc)
  const current = sameStateVector(Y.decodeStateVector(stateVector), Y.decodeStateVector(Buffer.from(values.stateVector, 'base64')))
  const shown: Api.FirstScreen['values'] = []
  if (current) {
    // The engine's rows and columns are the doc's at that state; matched by id all the same.
    const rowAt = new Map(rowIds.map((rowId, i) => [rowId, i]))
    const colAt = new Map(grid.colIds.map((colId, i) => [colId, i]))
    for (const [r, col, value] of values.cells) {
      const row = rowAt.get(values.rows[r] ?? '')
      const column = colAt.get(values.cols[col] ?? '')
      if (row !== undefined && column !== undefined && isFormula(inputs[row]?.[column])) shown.push([row, column, value])
    }
  }
  return {
    sheetId: sheet.id,
    name: sheet.name,
    frozenRows: grid.sheet.frozenRows,
    rowCount: grid.rowIds.length,
    stateVector: Buffer.from(stateVector).toString('base64'),
    columns: grid.columns,
    rows: grid.rows.slice(0, rowLimit),
    inputs,
    values: shown,
  }
}
