import { type Api, canChangeStructure, getWorkbookInfo, INSKICKAD_DENIAL, openWorkbook, statusLock } from '@samplan/domain'
import { Hono } from 'hono'
import * as Y from 'yjs'
import { ApiFailure } from '../failures'
import { applyXlsxImport } from '../../export/xlsx-apply'
import { DEFAULT_IMPORT_LIMITS } from '../../export/import-limits'
import type { ImportedSheet } from '../../export/xlsx-import'
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

/**
 * `POST /api/workbooks/:id/import` (body: the xlsx file): each worksheet becomes a new sheet.
 * Ekonomer and admins only ([A1]); importing adds sheets, so the status locks of structure
 * changes apply too (R1, R6).
 */
export function importRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()

  // After sign-in (requireUser runs first): only now may the file be read up to the import cap.
  routes.post('/:id/import', importBodyLimit(DEFAULT_IMPORT_LIMITS.maxFileBytes), async (c) => {
    const id = requireWorkbook(deps, c)
    const user = requireAction(c, 'import-xlsx')
    const room = deps.rooms.get(id)
    const status = getWorkbookInfo(room.workbook).status
    if (!canChangeStructure(user, status)) {
      throw new ApiFailure(
        'forbidden',
        statusLock(user, status) === 'inskickad' ? INSKICKAD_DENIAL : 'Arbetsboken är beslutad, så inget kan importeras.',
      )
    }
    // exceljs is loaded by the first import, not when the server starts.
    const { readXlsx } = await import('../../export/xlsx-import')
    const read = await readXlsx(new Uint8Array(await c.req.arrayBuffer()))
    // What is wrong with the file (not an xlsx, broken, a zip bomb, too many cells) is in the message.
    if (!read.ok) throw new ApiFailure(read.error.code === 'too-large' ? 'too-large' : 'invalid-request', read.error.message)
    tryOnCopy(room, read.sheets)
    let created: Api.ImportResult['sheets'] = []
    // One server transaction: the import is persisted, relayed and lands whole.
    room.changeAsServer(user, [], () => {
      created = applyXlsxImport(room.workbook, read.sheets).sheets
    })
    // Formulas set aside as unsafe (formula-safety.ts), so the importer is told, not only the cell notes.
    const neutralised = read.sheets.flatMap((sheet, i) => sheet.neutralised.map((n) => ({ sheet: created[i]?.name ?? sheet.name, ...n })))
    return c.json({ sheets: created, neutralised } satisfies Api.ImportResult, 201)
  })

  return routes
}
