import {
  type Api,
  canChangeStructure,
  getWorkbookInfo,
  ImportTargets,
  INSKICKAD_DENIAL,
  openWorkbook,
  SheetNotFoundError,
  statusLock,
} from '@samplan/domain'
import { Hono } from 'hono'
import * as Y from 'yjs'
import { ApiFailure } from '../failures'
import { applyXlsxImport } from '../../export/xlsx-apply'
import { DEFAULT_IMPORT_LIMITS } from '../../export/import-limits'
import type { ImportedSheet } from '../../export/xlsx-import'
import type { User } from '../../auth/users'
import type { Room } from '../../realtime/room'
import type { AppDeps, Env } from '../context'
import { importBodyLimit, requireAction, requireWorkbook } from '../middleware'

/**
 * A dry run on a copy: a Yjs transaction cannot roll back, so a file that fails half-way (a
 * formula the model rejects) must fail before the live document is touched.
 */
function tryOnCopy(room: Room, sheets: readonly ImportedSheet[]): void {
  const scratch = new Y.Doc()
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(room.doc))
    const copy = openWorkbook(scratch)
    scratch.transact(() => applyXlsxImport(copy, sheets))
  } catch (err) {
    throw new ApiFailure('invalid-request', `Filen kan inte importeras: ${(err as Error).message}`)
  } finally {
    scratch.destroy()
  }
}

/** Importing may add rows and sheets, so the status locks of structure changes apply (R1, R6). */
function requireOpenForImport(room: Room, user: User): void {
  const status = getWorkbookInfo(room.workbook).status
  if (!canChangeStructure(user, status)) {
    throw new ApiFailure(
      'forbidden',
      statusLock(user, status) === 'inskickad' ? INSKICKAD_DENIAL : 'Arbetsboken är beslutad, så inget kan importeras.',
    )
  }
}

/** The `targets` query: JSON of file sheet index -> sheet id, `new` or `skip`. */
function parseTargets(text: string | undefined): ImportTargets {
  if (text === undefined || text === '') return {}
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const parsed = ImportTargets.safeParse(json)
  if (!parsed.success) throw new ApiFailure('invalid-request', 'Valet av blad att importera till kan inte läsas (targets).')
  return parsed.data
}

/**
 * `POST /api/workbooks/:id/import/plan` (body: the xlsx file) previews an import into the
 * workbook's own sheets (domain SPEC IM1-IM10) and writes nothing: the web app applies the plan
 * as one undoable edit that the update gate judges like any other. `POST /api/workbooks/:id/import`
 * adds every worksheet as a new sheet, for a caller that asks for exactly that.
 * Ekonomer and admins only ([A1]).
 */
export function importRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()

  // After sign-in (requireUser runs first): only now may the file be read up to the import cap.
  routes.post('/:id/import', importBodyLimit(DEFAULT_IMPORT_LIMITS.maxFileBytes), async (c) => {
    const id = await requireWorkbook(deps, c)
    const user = requireAction(c, 'import-xlsx')
    const room = await deps.rooms.get(id)
    requireOpenForImport(room, user)
    // exceljs is loaded by the first import, not when the server starts.
    const { readXlsx } = await import('../../export/xlsx-import')
    const read = await readXlsx(new Uint8Array(await c.req.arrayBuffer()))
    // What is wrong with the file (not an xlsx, broken, a zip bomb, too many cells) is in the message.
    if (!read.ok) throw new ApiFailure(read.error.code === 'too-large' ? 'too-large' : 'invalid-request', read.error.message)
    tryOnCopy(room, read.sheets)
    // One server transaction: the import is persisted, relayed and lands whole.
    const created = await room.changeAsServer(user, (workbook) => ({
      cells: [],
      apply: () => applyXlsxImport(workbook, read.sheets).sheets,
    }))
    // Formulas set aside as unsafe (formula-safety.ts), so the importer is told, not only the cell notes.
    const neutralised = read.sheets.flatMap((sheet, i) => sheet.neutralised.map((n) => ({ sheet: created[i]?.name ?? sheet.name, ...n })))
    return c.json({ sheets: created, neutralised } satisfies Api.ImportResult, 201)
  })

  routes.post('/:id/import/plan', importBodyLimit(DEFAULT_IMPORT_LIMITS.maxFileBytes), async (c) => {
    const id = await requireWorkbook(deps, c)
    const user = requireAction(c, 'import-xlsx')
    const targets = parseTargets(c.req.query('targets'))
    const room = await deps.rooms.get(id)
    requireOpenForImport(room, user)
    const { readXlsx } = await import('../../export/xlsx-import')
    const read = await readXlsx(new Uint8Array(await c.req.arrayBuffer()))
    if (!read.ok) throw new ApiFailure(read.error.code === 'too-large' ? 'too-large' : 'invalid-request', read.error.message)
    const { planXlsxImport } = await import('../../export/xlsx-import-plan')
    try {
      return c.json(planXlsxImport(room.workbook, read.sheets, user, targets) satisfies Api.ImportPreview)
    } catch (err) {
      if (err instanceof SheetNotFoundError) {
        throw new ApiFailure(
          'invalid-request',
          'Bladet som valdes att importera till finns inte längre i arbetsboken. Välj ett annat blad.',
        )
      }
      throw err
    }
  })

  return routes
}
