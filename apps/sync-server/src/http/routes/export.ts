import { findSheetByName, getWorkbookInfo, listSheets, openWorkbook, type SheetInfo, type Workbook } from '@samplan/domain'
import type { WorkbookMirror } from '@samplan/formulas'
import { Hono } from 'hono'
import * as Y from 'yjs'
import { z } from 'zod'
import { ApiFailure } from '../failures'
import type { BilagaOrganisation } from '../../export/pdf-bilaga'
import type { AppDeps, Env } from '../context'
import { requireAction, requireWorkbook } from '../middleware'
import { readQuery } from '../validate'

const ExportQuery = z.object({
  format: z.enum(['pdf', 'xlsx', 'csv']),
  sheet: z.string().max(200).optional(),
  bilaga: z
    .string()
    .trim()
    .max(20)
    .regex(/^[0-9A-Za-z .–-]*$/, 'Bilagans nummer får bara innehålla siffror, bokstäver, punkt och bindestreck.')
    .optional(),
  version: z.string().max(100).optional(),
  dialect: z.enum(['sv', 'rfc4180']).default('sv'),
  locale: z.enum(['sv-SE', 'en']).default('sv-SE'),
  title: z.string().trim().max(200).optional(),
  dnr: z.string().trim().max(100).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum anges som åååå-mm-dd.')
    .optional(),
})
type ExportQuery = z.infer<typeof ExportQuery>

const MIME = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const

/** `attachment` with an ASCII fallback and the real (Swedish) name per RFC 6266/5987. */
function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._-]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

const today = () => new Date().toISOString().slice(0, 10)

/** What is exported: the live workbook or a saved version, and how the bilaga's footer names it. */
interface ExportSource {
  workbook: Workbook
  versionLabel: string
  /** The version's own doc, freed after the export; the live doc is never destroyed here. */
  temporary?: Y.Doc
}

async function exportSource(deps: AppDeps, id: string, versionId: string | undefined): Promise<ExportSource> {
  if (versionId) {
    const state = await deps.versions.state(id, versionId)
    const record = (await deps.versions.list(id)).find((v) => v.id === versionId)
    if (!state || !record) throw new ApiFailure('not-found', `Versionen ${versionId} finns inte.`)
    const temporary = new Y.Doc()
    Y.applyUpdate(temporary, state)
    const versionLabel = /version/i.test(record.name) ? record.name : `Version: ${record.name} (${record.createdAt.slice(0, 10)})`
    return { workbook: openWorkbook(temporary), versionLabel, temporary }
  }
  const workbook = (await deps.rooms.get(id)).workbook
  const latest = (await deps.versions.list(id)).at(-1)
  const decided = getWorkbookInfo(workbook).status === 'beslutad' && latest
  return { workbook, versionLabel: decided ? `Beslutad version ${latest.createdAt.slice(0, 10)}` : `Arbetsversion ${today()}` }
}

/**
 * The exporters pull in exceljs, pdfmake and HyperFormula (about a second to load): they are
 * loaded by the first export, so the server starts, and the other routes' tests run, without them.
 */
async function exporters() {
  const [formulas, csv, pdf, table, xlsx, charts] = await Promise.all([
    import('@samplan/formulas'),
    import('../../export/csv-export'),
    import('../../export/pdf-bilaga'),
    import('../../export/sheet-table'),
    import('../../export/xlsx-export'),
    import('../../export/chart-svg'),
  ])
  return { ...formulas, ...csv, ...pdf, ...table, ...xlsx, ...charts }
}
type Exporters = Awaited<ReturnType<typeof exporters>>

interface Rendering {
  workbook: Workbook
  mirror: WorkbookMirror
  sheet: SheetInfo
  title: string
  versionLabel: string
}

/** The file's bytes and name in the asked format. */
async function render(
  x: Exporters,
  q: ExportQuery,
  r: Rendering,
  organisation?: BilagaOrganisation,
): Promise<{ body: Uint8Array | string; fileName: string }> {
  if (q.format === 'xlsx') {
    const { buffer } = await x.exportWorkbookXlsx(r.workbook, r.mirror, { activeSheetId: r.sheet.id, title: r.title })
    return { body: buffer, fileName: `${r.title}.xlsx` }
  }
  if (q.format === 'csv') {
    const table = x.buildSheetTable(r.workbook, r.mirror, r.sheet.id, q.dialect === 'sv' ? 'sv-SE' : 'en')
    return { body: x.exportSheetCsv(table, q.dialect), fileName: `${r.sheet.name}.csv` }
  }
  const body = await x.renderBilagaPdf(x.buildSheetTable(r.workbook, r.mirror, r.sheet.id, q.locale, { markUnplanned: true }), {
    ...(q.bilaga ? { bilaga: q.bilaga } : {}),
    ...(q.title ? { title: q.title } : {}),
    ...(q.dnr ? { dnr: q.dnr } : {}),
    ...(organisation ? { organisation } : {}),
    workbookTitle: r.title,
    charts: x.renderSheetCharts(r.workbook, r.mirror, r.sheet.id, q.locale),
    date: q.date ?? today(),
    versionLabel: r.versionLabel,
  })
  return { body, fileName: `${q.bilaga ? `Bilaga ${q.bilaga} ` : ''}${r.sheet.name}.pdf` }
}

/**
 * `GET /api/workbooks/:id/export?format=pdf|xlsx|csv&sheet=…&bilaga=N&version=…` (EXPORTS.md),
 * mounted behind `requireUser`. Every member may export, läsare included ([A1]). Computed by the
 * same engine as the grid, so a bilaga shows exactly what the board sees.
 */
export function exportRoutes(deps: AppDeps, organisation?: BilagaOrganisation): Hono<Env> {
  const routes = new Hono<Env>()

  routes.get('/:id/export', async (c) => {
    const id = await requireWorkbook(deps, c)
    requireAction(c, 'export')
    const q = readQuery(c, ExportQuery)
    const x = await exporters()
    const { workbook, versionLabel, temporary } = await exportSource(deps, id, q.version)
    const mirror = x.createWorkbookMirror(workbook)
    try {
      const sheets = listSheets(workbook)
      const sheet = q.sheet ? (sheets.find((s) => s.id === q.sheet) ?? findSheetByName(workbook, q.sheet)) : sheets[0]
      if (!sheet) throw new ApiFailure('unknown-sheet', `Bladet ${q.sheet ?? ''} finns inte i arbetsboken.`)
      const title = getWorkbookInfo(workbook).title || (await deps.store.getWorkbook(id))?.title || id
      const { body, fileName } = await render(x, q, { workbook, mirror, sheet, title, versionLabel }, organisation)
      return c.body(body as Uint8Array<ArrayBuffer> | string, 200, {
        'content-type': MIME[q.format],
        'content-disposition': contentDisposition(fileName),
        'cache-control': 'no-store',
      })
    } finally {
      mirror.destroy()
      temporary?.destroy()
    }
  })

  return routes
}
