import type { ColumnSpec, RowSpec } from '../schema/sheet'
import type { WorkbookStatus } from '../model/workbook'
import type { UpdateTarget } from './update-effects'

/** The four roles of the board's workbook. */
export type Role = 'ekonom' | 'omradeschef' | 'lasare' | 'admin'

/** Who is acting, as far as rights are concerned. */
export interface Actor {
  /** User id: decides whose comments are whose ([R9]). */
  id?: string
  role: Role
  /** The område an områdeschef answers for (null for other roles). */
  omrade: string | null
}

/** Context of one cell, as read from the workbook. */
export interface CellContext {
  status: WorkbookStatus
  column: ColumnSpec | undefined
  row: RowSpec | undefined
}

/**
 * Whether `actor` may change a cell ([R1]-[R5] in SPEC.md). The same function
 * greys out cells in the grid and guards every update on the server.
 */
export function canEditCell(actor: Actor, cell: CellContext): boolean {
  if (cell.status === 'beslutad') return false // [R1] a decided workbook is read-only for everyone
  switch (actor.role) {
    case 'admin':
      return true // [R2]
    case 'ekonom':
      // [R3] everything not locked, and the labels of rows people added
      return cell.column?.editable !== 'locked' || (isLabelColumn(cell.column) && cell.row?.added === true)
    case 'omradeschef':
      // [R4] only the RSU-platser column, only on rows of their own område
      return (
        cell.column?.editable === 'omradeschef' &&
        actor.omrade !== null &&
        cell.row?.omrade === actor.omrade
      )
    case 'lasare':
      return false // [R5]
  }
}

/** A label column: locked text (column A of every template sheet). */
function isLabelColumn(column: ColumnSpec): boolean {
  return column.type === 'text'
}

/** Rows, columns, sheets and specs: ekonomer and admins, unless the workbook is beslutad ([R6]). */
export function canChangeStructure(actor: Actor, status: WorkbookStatus): boolean {
  return status !== 'beslutad' && (actor.role === 'ekonom' || actor.role === 'admin')
}

/** Title, status and epoch change only through the server's admin API, never by a client update ([R7]). */
export function canChangeWorkbookMeta(): boolean {
  return false
}

/** What the rights check needs to know of the live workbook. */
export interface RightsView {
  status: WorkbookStatus
  columnSpec(sheetId: string, colId: string): ColumnSpec | undefined
  rowSpec(sheetId: string, rowId: string): RowSpec | undefined
  /** Whether the row/column id is currently part of the sheet. */
  hasRow(sheetId: string, rowId: string): boolean
  hasColumn(sheetId: string, colId: string): boolean
  /** The author of an existing comment. */
  commentAuthor(sheetId: string, commentId: string): string | undefined
}

export type RightsVerdict = { ok: true } | { ok: false; reason: string }

/**
 * Checks every target of an update against the actor's rights. Specs the same
 * update creates (a new row's spec) count, so an ekonom can insert a row and
 * fill it in one change. Unknown roots fail closed ([R8]).
 */
export function checkUpdateTargets(actor: Actor, view: RightsView, targets: readonly UpdateTarget[]): RightsVerdict {
  const newColSpecs = new Map<string, ColumnSpec>()
  const newRowSpecs = new Map<string, RowSpec>()
  const removed = new Set<string>()
  for (const t of targets) {
    const [kind, sheetId] = splitRoot(t.root)
    if (t.change === 'delete' && (kind === 'rows' || kind === 'cols')) {
      for (const id of t.values ?? []) removed.add(`${sheetId}:${String(id)}`)
    }
    if (t.change !== 'insert' || t.key === null) continue
    if (kind === 'colspec') newColSpecs.set(`${sheetId}:${t.key}`, t.value as ColumnSpec)
    if (kind === 'rowspec') newRowSpecs.set(`${sheetId}:${t.key}`, t.value as RowSpec)
  }
  // Clearing the cells of a row or column that is gone (or goes in this update) is part of
  // deleting it, a structural right ([R6]), even where the cells themselves are locked.
  const isOrphan = (sheetId: string, rowId: string, colId: string) =>
    removed.has(`${sheetId}:${rowId}`) ||
    removed.has(`${sheetId}:${colId}`) ||
    !view.hasRow(sheetId, rowId) ||
    !view.hasColumn(sheetId, colId)
  for (const t of targets) {
    const [kind, sheetId] = splitRoot(t.root)
    switch (kind) {
      case 'cells': {
        if (t.key === null || sheetId === null) return deny('en cell utan adress')
        const sep = t.key.indexOf(':')
        const rowId = t.key.slice(0, sep)
        const colId = t.key.slice(sep + 1)
        if (t.change === 'delete' && isOrphan(sheetId, rowId, colId)) {
          if (!canChangeStructure(actor, view.status)) return deny(structureDenial(actor, view.status))
          break
        }
        const column = view.columnSpec(sheetId, colId) ?? newColSpecs.get(`${sheetId}:${colId}`)
        const row = view.rowSpec(sheetId, rowId) ?? newRowSpecs.get(`${sheetId}:${rowId}`)
        if (!canEditCell(actor, { status: view.status, column, row })) {
          return deny(cellDenial(actor, view.status, column))
        }
        break
      }
      case 'colspec': {
        if (!canChangeStructure(actor, view.status)) return deny(structureDenial(actor, view.status))
        const existing = t.key !== null && sheetId !== null ? view.columnSpec(sheetId, t.key) : undefined
        if (existing?.editable === 'locked' && actor.role !== 'admin') {
          return deny('Låsta kolumner kan bara ändras av en administratör.')
        }
        break
      }
      case 'sheets':
      case 'sheet':
      case 'rows':
      case 'cols':
      case 'rowspec':
      case 'notes':
        if (!canChangeStructure(actor, view.status)) return deny(structureDenial(actor, view.status))
        break
      case 'comments': {
        // [R9] everyone but läsare comments; only the author changes or deletes a comment (admins may delete).
        if (view.status === 'beslutad') return deny('Arbetsboken är beslutad och skrivskyddad.')
        if (actor.role === 'lasare') return deny('Du har läsbehörighet och kan inte kommentera.')
        if (t.key === null || sheetId === null) return deny('en kommentar utan id')
        const existing = view.commentAuthor(sheetId, t.key)
        if (t.change === 'insert') {
          const author = (t.value as { authorId?: unknown } | undefined)?.authorId
          if (author !== actor.id || (existing !== undefined && existing !== actor.id)) {
            return deny('Du kan bara skriva och ändra dina egna kommentarer.')
          }
        } else if (existing !== undefined && existing !== actor.id && actor.role !== 'admin') {
          return deny('Du kan bara ta bort dina egna kommentarer.')
        }
        break
      }
      case 'workbook':
        return deny('Arbetsbokens titel och status ändras bara av en administratör via servern.')
      default:
        return deny(`okänd del av arbetsboken (${t.root})`)
    }
  }
  return { ok: true }
}

function splitRoot(root: string): [string, string | null] {
  const i = root.indexOf(':')
  return i < 0 ? [root, null] : [root.slice(0, i), root.slice(i + 1)]
}

function deny(reason: string): RightsVerdict {
  return { ok: false, reason }
}

function cellDenial(actor: Actor, status: WorkbookStatus, column: ColumnSpec | undefined): string {
  if (status === 'beslutad') return 'Arbetsboken är beslutad och skrivskyddad.'
  if (actor.role === 'lasare') return 'Du har läsbehörighet och kan inte ändra celler.'
  if (actor.role === 'omradeschef') return 'Du kan bara ändra RSU-platser för ditt eget område.'
  if (column?.editable === 'locked') return 'Cellen är låst.'
  return 'Du saknar behörighet att ändra cellen.'
}

function structureDenial(actor: Actor, status: WorkbookStatus): string {
  if (status === 'beslutad') return 'Arbetsboken är beslutad och skrivskyddad.'
  return actor.role === 'omradeschef' || actor.role === 'lasare'
    ? 'Bara ekonomer kan ändra rader, kolumner och blad.'
    : 'Du saknar behörighet att ändra arbetsbokens struktur.'
}
