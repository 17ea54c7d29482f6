import type { Context, Hono } from 'hono'
import {
  canChangeStructure,
  findSheetByName,
  INSKICKAD_DENIAL,
  statusLock,
  getWorkbookInfo,
  listSheets,
  openWorkbook,
  type FormulaLocale,
  type Workbook,
} from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import * as Y from 'yjs'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { importBodyLimit } from '../body-limits'
import { requireWorkbookAccess, type Env } from '../route-context'
import { exportSheetCsv } from './csv-export'
import { renderBilagaPdf, type BilagaOrganisation } from './pdf-bilaga'
import { buildSheetTable } from './sheet-table'
import { exportWorkbookXlsx } from './xlsx-export'
import { applyXlsxImport, DEFAULT_IMPORT_LIMITS, readXlsx } from './xlsx-import'


const ExportQuery = z.object({
  format: z.enum(['pdf', 'xlsx', 'csv']),
  sheet: z.string().max(200).optional(),
  bilaga: z.string().trim().max(20).regex(/^[0-9A-Za-z .–-]*$/, 'Bilagans nummer får bara innehålla siffror, bokstäver, punkt och bindestreck.').optional(),
  version: z.string().max(100).optional(),
  dialect: z.enum(['sv', 'rfc4180']).default('sv'),
  locale: z.enum(['sv-SE', 'en']).default('sv-SE'),
  title: z.string().trim().max(200).optional(),
  dnr: z.string().trim().max(100).optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum anges som åååå-mm-dd.').optional(),
})

const MIME = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const

/** `attachment` with an ASCII fallback and the real (Swedish) name per RFC 6266/5987. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9 ._-]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

const today = () => new Date().toISOString().slice(0, 10)

/**
 * Export and import routes (issue #7), mounted by createApp behind its sign-in middleware:
 * GET  /api/workbooks/:id/export?format=pdf|xlsx|csv&sheet=…&bilaga=N&version=…
 * POST /api/workbooks/:id/import (body: the xlsx file)
 * Every role with access to the workbook may export; importing changes structure (ekonom, admin).
 */
export function registerExportRoutes(app: Hono<Env>, deps: AppDeps, organisation?: BilagaOrganisation): void {
  const requireWorkbook = (c: Context<Env>) => requireWorkbookAccess(deps, c)

  app.get('/api/workbooks/:id/export', async (c) => {
    const id = requireWorkbook(c)
    const parsed = ExportQuery.safeParse(c.req.query())
    if (!parsed.success) return c.json({ error: 'invalid-request', message: z.prettifyError(parsed.error) }, 400)
    const q = parsed.data

    let workbook: Workbook
    let versionLabel: string
    let temporary: Y.Doc | undefined
    if (q.version) {
      const state = deps.versions.state(id, q.version)
      const record = deps.versions.list(id).find((v) => v.id === q.version)
      if (!state || !record) return c.json({ error: 'not-found', message: `Versionen ${q.version} finns inte.` }, 404)
      temporary = new Y.Doc()
      Y.applyUpdate(temporary, state)
      workbook = openWorkbook(temporary)
      versionLabel = /version/i.test(record.name) ? record.name : `Version: ${record.name} (${record.createdAt.slice(0, 10)})`
    } else {
      workbook = deps.rooms.get(id).workbook
      const latest = deps.versions.list(id).at(-1)
      versionLabel =
        getWorkbookInfo(workbook).status === 'beslutad' && latest
          ? `Beslutad version ${latest.createdAt.slice(0, 10)}`
          : `Arbetsversion ${today()}`
    }

    const sheets = listSheets(workbook)
    const sheet = q.sheet ? (sheets.find((s) => s.id === q.sheet) ?? findSheetByName(workbook, q.sheet)) : sheets[0]
    if (!sheet) {
      temporary?.destroy()
      return c.json({ error: 'unknown-sheet', message: `Bladet ${q.sheet ?? ''} finns inte i arbetsboken.` }, 404)
    }
    const title = getWorkbookInfo(workbook).title || deps.store.getWorkbook(id)?.title || id
    const mirror = createWorkbookMirror(workbook)
    try {
      let body: Uint8Array | string
      let fileName: string
      if (q.format === 'xlsx') {
        body = (await exportWorkbookXlsx(workbook, mirror, { activeSheetId: sheet.id, title })).buffer
        fileName = `${title}.xlsx`
      } else if (q.format === 'csv') {
        body = exportSheetCsv(buildSheetTable(workbook, mirror, sheet.id, q.dialect === 'sv' ? 'sv-SE' : 'en'), q.dialect)
        fileName = `${sheet.name}.csv`
      } else {
        const locale: FormulaLocale = q.locale
        body = await renderBilagaPdf(buildSheetTable(workbook, mirror, sheet.id, locale), {
          ...(q.bilaga ? { bilaga: q.bilaga } : {}),
          ...(q.title ? { title: q.title } : {}),
          ...(q.dnr ? { dnr: q.dnr } : {}),
          ...(organisation ? { organisation } : {}),
          workbookTitle: title,
          date: q.date ?? today(),
          versionLabel,
        })
        fileName = `${q.bilaga ? `Bilaga ${q.bilaga} ` : ''}${sheet.name}.pdf`
      }
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

  // After sign-in (the /api/workbooks/* middleware): the file may be read up to the import cap.
  app.post('/api/workbooks/:id/import', importBodyLimit(DEFAULT_IMPORT_LIMITS.maxFileBytes), async (c) => {
    const id = requireWorkbook(c)
    const user = c.get('user')
    const room = deps.rooms.get(id)
    const status = getWorkbookInfo(room.workbook).status
    if (!canChangeStructure(user, status)) {
      const message =
        statusLock(user, status) === 'inskickad' && canChangeStructure(user, 'utkast')
          ? INSKICKAD_DENIAL // [R1]
          : 'Bara ekonomer och administratörer kan importera, och inte i en beslutad arbetsbok.'
      return c.json({ error: 'forbidden', message }, 403)
    }
    const file = new Uint8Array(await c.req.arrayBuffer())
    const read = await readXlsx(file)
    if (!read.ok) return c.json({ error: read.error.code, message: read.error.message }, read.error.code === 'too-large' ? 413 : 400)
    // A dry run on a copy first: a Yjs transaction cannot roll back, so a file that fails half-way
    // (a formula the model rejects) must fail before the live document is touched.
    const scratch = new Y.Doc()
    try {
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(room.doc))
      const copy = openWorkbook(scratch)
      scratch.transact(() => applyXlsxImport(copy, read.sheets))
    } catch (err) {
      return c.json({ error: 'broken', message: `Filen kan inte importeras: ${(err as Error).message}` }, 400)
    } finally {
      scratch.destroy()
    }
    let result: ReturnType<typeof applyXlsxImport> | undefined
    // One server transaction: the import is persisted, relayed and lands whole.
    room.changeAsServer(user, [], () => {
      result = applyXlsxImport(room.workbook, read.sheets)
    })
    // Formulas set aside as unsafe (formula-safety.ts), so the importer is told, not only the cell notes.
    const created = result?.sheets ?? []
    const neutralised = read.sheets.flatMap((sheet, i) => sheet.neutralised.map((n) => ({ sheet: created[i]?.name ?? sheet.name, ...n })))
    return c.json({ sheets: created, neutralised }, 201)
  })
}
