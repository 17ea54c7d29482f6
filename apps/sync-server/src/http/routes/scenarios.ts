import {
  Api,
  canManageScenario,
  compareScenario,
  createScenarioView,
  getWorkbookInfo,
  listSheets,
  scenarioExportWorkbook,
  type Override,
  canSeeScenario,
  describeCell,
  listOverrides,
  overrideKey,
  overrideWriteDenial,
  planInput,
  readScenarioMeta,
  updateScenarioMeta,
  writeOverrides,
  type ScenarioMeta,
  type Workbook,
} from '@samplan/domain'
import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import { Hono } from 'hono'
import * as Y from 'yjs'
import type { User } from '../../auth/users'
import { ScenarioDocs, scenarioDocId } from '../../realtime/scenario-docs'
import type { AuditRecord } from '../../storage/audit'
import type { AppDeps, Env } from '../context'
import { ApiFailure } from '../failures'
import { requireAction, requireWorkbook } from '../middleware'
import { readBody, readQuery } from '../validate'
import { z } from 'zod'

const NOT_FOUND = 'Scenariot finns inte.'
const MANAGE_DENIAL = 'Bara den som skapade scenariot kan byta namn på det, dela det eller ta bort det (en administratör även ett delat).'

/**
 * Scenarios ("what if") of a workbook (domain SPEC SC1-SC8), mounted at `/api/workbooks` behind
 * `requireUser`. A scenario is a stored doc of overrides; the web lays them on the live plan.
 * Overrides are judged by the plan's cell rules without the status lock (SC6) and written with
 * their audit entries; applying back is the browser's own edit of the plan (SC7).
 */
export function scenarioRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()
  const scenarios = new ScenarioDocs(deps.store)

  async function ownerName(id: string): Promise<string> {
    return (await deps.users.get(id))?.name ?? 'Okänd användare'
  }

  async function detail(doc: Y.Doc, meta: ScenarioMeta): Promise<Api.ScenarioDetail> {
    const overrides = listOverrides(doc)
    const { deleted: _deleted, ...shown } = meta
    return { ...shown, ownerName: await ownerName(meta.ownerId), overrideCount: overrides.length, overrides }
  }

  /** The `:scenarioId` scenario if the user may see it ([SC8]); otherwise 404, as for a missing one. */
  async function requireScenario(c: Context<Env>, workbookId: string): Promise<{ doc: Y.Doc; meta: ScenarioMeta }> {
    const doc = await scenarios.get(workbookId, c.req.param('scenarioId') ?? '')
    const meta = doc && readScenarioMeta(doc)
    if (!doc || !meta || !canSeeScenario(c.get('user'), meta)) throw new ApiFailure('not-found', NOT_FOUND)
    return { doc, meta }
  }

  routes.get('/:id/scenarios', async (c) => {
    const id = await requireWorkbook(deps, c)
    const user = c.get('user')
    const listed: Api.ScenarioSummary[] = []
    for (const { meta, overrideCount } of await scenarios.list(id)) {
      if (!canSeeScenario(user, meta)) continue
      const { deleted: _deleted, ...shown } = meta
      listed.push({ ...shown, ownerName: await ownerName(meta.ownerId), overrideCount })
    }
    return c.json({ scenarios: listed } satisfies Api.ScenarioList)
  })

  routes.post('/:id/scenarios', async (c) => {
    const id = await requireWorkbook(deps, c)
    const user = requireAction(c, 'create-scenario')
    const body = await readBody(c, Api.CreateScenarioRequest)
    const meta = await scenarios.create({ workbookId: id, name: body.name, ownerId: user.id, visibility: body.visibility })
    const doc = await scenarios.get(id, meta.id)
    if (!doc) throw new ApiFailure('internal', 'Scenariot kunde inte läsas efter att det skapades.')
    return c.json(await detail(doc, meta), 201)
  })

  // An open scenario asks every few seconds whether it changed: 304 without a body while its doc
  // is the one the browser has (`If-None-Match`), so a colleague's change shows without reopening.
  routes.get('/:id/scenarios/:scenarioId', async (c) => {
    const { doc, meta } = await requireScenario(c, await requireWorkbook(deps, c))
    const etag = scenarioEtag(doc)
    const headers = { etag, 'cache-control': 'no-cache' }
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers)
    return c.json(await detail(doc, meta), 200, headers)
  })

  routes.patch('/:id/scenarios/:scenarioId', async (c) => {
    const id = await requireWorkbook(deps, c)
    const { meta } = await requireScenario(c, id)
    const user = c.get('user')
    if (!canManageScenario(user, meta)) throw new ApiFailure('forbidden', MANAGE_DENIAL)
    const body = await readBody(c, Api.UpdateScenarioRequest)
    await scenarios.change(id, meta.id, user.id, (doc) => {
      updateScenarioMeta(doc, body)
      return { audit: [], result: null }
    })
    const { doc, meta: updated } = await requireScenario(c, id)
    return c.json(await detail(doc, updated))
  })

  routes.delete('/:id/scenarios/:scenarioId', async (c) => {
    const id = await requireWorkbook(deps, c)
    const { meta } = await requireScenario(c, id)
    const user = c.get('user')
    if (!canManageScenario(user, meta)) throw new ApiFailure('forbidden', MANAGE_DENIAL)
    // The stored doc stays (its log is the scenario's audit trail); it is listed nowhere.
    await scenarios.change(id, meta.id, user.id, (doc) => {
      updateScenarioMeta(doc, { deleted: true })
      return { audit: [], result: null }
    })
    return c.body(null, 204)
  })

  routes.post('/:id/scenarios/:scenarioId/overrides', async (c) => {
    const id = await requireWorkbook(deps, c)
    const { meta } = await requireScenario(c, id)
    const user = c.get('user')
    const body = await readBody(c, Api.ScenarioOverridesRequest)
    const plan = (await deps.rooms.get(id)).workbook
    const denial = overrideWriteDenial(plan, user, [...body.set, ...body.remove])
    if (denial !== null) throw new ApiFailure('forbidden', denial)
    await scenarios.change(id, meta.id, user.id, (doc) => {
      const audit = auditOf(plan, doc, user, body)
      writeOverrides(doc, body.set, body.remove)
      return { audit, result: null }
    })
    const { doc, meta: now } = await requireScenario(c, id)
    return c.json(await detail(doc, now))
  })

  // The Konsekvensbeskrivning (pdf) and both sets of live formulas (xlsx) of a comparison ([SC9]).
  routes.get('/:id/scenarios/:scenarioId/export', async (c) => {
    const id = await requireWorkbook(deps, c)
    requireAction(c, 'export')
    const { doc, meta } = await requireScenario(c, id)
    const q = readQuery(c, ScenarioExportQuery)
    const plan = (await deps.rooms.get(id)).workbook
    const title = getWorkbookInfo(plan).title || id
    const { body, fileName } = await exportScenario(plan, listOverrides(doc), meta.name, title, q)
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': q.format === 'pdf' ? 'application/pdf' : XLSX_MIME,
      'content-disposition': attachment(fileName),
      'cache-control': 'no-store',
    })
  })

  routes.get('/:id/scenarios/:scenarioId/history', async (c) => {
    const id = await requireWorkbook(deps, c)
    const { meta } = await requireScenario(c, id)
    const entries = await deps.audit.history(scenarioDocId(id, meta.id), {})
    return c.json({ entries } satisfies Api.HistoryResponse)
  })

  return routes
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The scenario doc's version: its state vector grows with every change, whoever made it and wherever. */
function scenarioEtag(doc: Y.Doc): string {
  return `"${createHash('sha256').update(Y.encodeStateVector(doc)).digest('base64url').slice(0, 22)}"`
}

const ScenarioExportQuery = z.object({
  format: z.enum(['pdf', 'xlsx']),
  locale: z.enum(['sv-SE', 'en']).default('sv-SE'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum anges som åååå-mm-dd.')
    .optional(),
})
type ScenarioExportQuery = z.infer<typeof ScenarioExportQuery>

/** `attachment` with an ASCII fallback and the real (Swedish) name per RFC 6266/5987. */
function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._-]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/**
 * Lays the scenario on the plan, computes both with the grid's engine and writes the file. The
 * exporters (exceljs, pdfmake, HyperFormula) load on the first export, as the workbook export's do.
 */
async function exportScenario(
  plan: Workbook,
  overrides: readonly Override[],
  name: string,
  workbookTitle: string,
  q: ScenarioExportQuery,
): Promise<{ body: Uint8Array; fileName: string }> {
  const [{ createWorkbookMirror }, { buildKonsekvensTable }, { renderBilagaPdf }, { exportWorkbookXlsx }] = await Promise.all([
    import('@samplan/formulas'),
    import('../../export/konsekvens-table'),
    import('../../export/pdf-bilaga'),
    import('../../export/xlsx-export'),
  ])
  const view = createScenarioView(plan, overrides)
  const planMirror = createWorkbookMirror(plan)
  const scenarioMirror = createWorkbookMirror(view.workbook)
  try {
    if (q.format === 'xlsx') {
      const both = scenarioExportWorkbook(plan, view.workbook)
      const mirror = createWorkbookMirror(both)
      try {
        const firstCopy = listSheets(both)[listSheets(plan).length]
        const { buffer } = await exportWorkbookXlsx(both, mirror, {
          title: `${workbookTitle} – ${name}`,
          ...(firstCopy ? { activeSheetId: firstCopy.id } : {}),
        })
        return { body: buffer, fileName: `Scenario ${name}.xlsx` }
      } finally {
        mirror.destroy()
        both.doc.destroy()
      }
    }
    const value = (mirror: typeof planMirror) => (sheetId: string, rowId: string, colId: string) =>
      mirror.getValue(sheetId, rowId, colId).value
    const comparison = compareScenario(plan, view.workbook, overrides, value(planMirror), value(scenarioMirror))
    const table = buildKonsekvensTable(comparison, name, q.locale)
    const date = q.date ?? new Date().toISOString().slice(0, 10)
    const body = await renderBilagaPdf(table, {
      title: `${table.sheet.name}: ${name}`,
      workbookTitle,
      date,
      versionLabel: `Scenario ${name}, ${date}`,
    })
    return { body, fileName: `Konsekvensbeskrivning ${name}.pdf` }
  } finally {
    scenarioMirror.destroy()
    planMirror.destroy()
    view.destroy()
  }
}

/**
 * The audit entries of an override change: per cell, what the scenario showed before (its
 * override, else the plan's input) and after, addressed as the plan names the cell now.
 */
function auditOf(plan: Workbook, doc: Y.Doc, user: User, body: Api.ScenarioOverridesRequest): AuditRecord[] {
  const current = new Map(listOverrides(doc).map((o) => [overrideKey(o), o.input]))
  const shown = (cell: Api.ScenarioCell) => {
    const key = overrideKey(cell)
    return current.has(key) ? (current.get(key) ?? null) : planInput(plan, cell)
  }
  const entry = (cell: Api.ScenarioCell, next: Api.RecordedInput): AuditRecord => {
    const at = describeCell(plan, cell.sheetId, cell.rowId, cell.colId)
    return {
      userId: user.id,
      sheetId: cell.sheetId,
      rowId: cell.rowId,
      colId: cell.colId,
      address: at ? `${at.sheetName}!${at.a1}` : null,
      old: shown(cell),
      new: next,
    }
  }
  return [...body.remove.map((cell) => entry(cell, planInput(plan, cell))), ...body.set.map((o) => entry(o, o.input))]
}
