import type { Role } from '../contract/roles'
import type { ColumnSpec, RowSpec } from '../schema/sheet'
import type { CellRef, WorkbookStatus } from '../model/workbook'
import type { UpdateTarget } from './update-target'

export type { Role } from '../contract/roles'

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
  // [R1] a decided workbook is read-only for everyone, a submitted one for everyone but admins
  if (statusLock(actor, cell.status) !== null) return false
  switch (actor.role) {
    case 'admin':
      return true // [R2]
    case 'ekonom':
      // [R3] everything not locked, and the labels of rows people added
      return cell.column?.editable !== 'locked' || (isLabelColumn(cell.column) && cell.row?.added === true)
    case 'omradeschef':
      // [R4] only the RSU-platser column, only on rows of their own område
      return cell.column?.editable === 'omradeschef' && actor.omrade !== null && cell.row?.omrade === actor.omrade
    case 'lasare':
      return false // [R5]
  }
}

/**
 * Whether `actor` may override a cell of the plan inside a scenario ([SC6]): the cell rules of the
 * plan ([R2]-[R5]) without its status lock, since a what-if of a submitted or decided plan changes
 * nothing the nämnd reads.
 */
export function canOverrideCell(actor: Actor, cell: Omit<CellContext, 'status'>): boolean {
  return canEditCell(actor, { ...cell, status: 'utkast' })
}

/** Why an override is refused ([SC6]): the plan's cell reason, without the status lock. */
export function overrideDenial(actor: Actor, cell: Omit<CellContext, 'status'>): string | null {
  return canOverrideCell(actor, cell) ? null : cellDenial(actor, 'utkast', cell.column, cell.row)
}

/** A label column: locked text (column A of every template sheet). */
function isLabelColumn(column: ColumnSpec): boolean {
  return column.type === 'text'
}

/** Rows, columns, sheets and specs: ekonomer and admins ([R6]), unless the status locks them out ([R1]). */
export function canChangeStructure(actor: Actor, status: WorkbookStatus): boolean {
  return statusLock(actor, status) === null && (actor.role === 'ekonom' || actor.role === 'admin')
}

/**
 * The workflow status that keeps `actor` from changing cells and structure ([R1]), or null:
 * `beslutad` locks everyone out for good; `inskickad` (submitted to the nämnd) locks out
 * everyone but admins, who may send it back to utkast or mark it beslutad. Comments stay
 * open while inskickad ([R9]).
 */
export function statusLock(actor: Pick<Actor, 'role'>, status: WorkbookStatus): 'beslutad' | 'inskickad' | null {
  if (status === 'beslutad') return 'beslutad'
  if (status === 'inskickad' && actor.role !== 'admin') return 'inskickad'
  return null
}

/** Why a submitted workbook refuses a change, and who can reopen it ([R1]). */
export const INSKICKAD_DENIAL =
  'Arbetsboken är inskickad till nämnden och låst för ändringar. En administratör kan skicka tillbaka den till utkast.'

/** Title, status and epoch change only through the server's admin API, never by a client update ([R7]). */
export function canChangeWorkbookMeta(): boolean {
  return false
}

/** What the rights check needs to know of the live workbook. */
export interface RightsView {
  status: WorkbookStatus
  columnSpec(sheetId: string, colId: string): ColumnSpec | undefined
  rowSpec(sheetId: string, rowId: string): RowSpec | undefined
  /** Whether the sheet is currently in the tab order. */
  hasSheet(sheetId: string): boolean
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
  const update: UpdateContext = {
    actor,
    view,
    newColSpecs: new Map(),
    newRowSpecs: new Map(),
    removed: new Set(),
    sheetsIn: new Set(),
    sheetsOut: new Set(),
  }
  for (const t of targets) {
    if (t.kind === 'axis' && t.change === 'delete') for (const id of t.ids) update.removed.add(`${t.sheetId}:${String(id)}`)
    if (t.kind === 'spec' && t.change === 'insert') {
      if (t.axis === 'cols') update.newColSpecs.set(`${t.sheetId}:${t.key}`, t.value as ColumnSpec)
      else update.newRowSpecs.set(`${t.sheetId}:${t.key}`, t.value as RowSpec)
    }
    if (t.kind === 'sheets') for (const id of t.ids) (t.change === 'insert' ? update.sheetsIn : update.sheetsOut).add(String(id))
  }
  for (const t of targets) {
    const denial = denialOf(update, t)
    if (denial !== null) return deny(denial)
  }
  return { ok: true }
}

/**
 * What the rights rules read about one update besides its targets: who acts, the workbook before
 * it, and what the update itself adds or removes. Module functions over it rather than closures:
 * the server judges every update with them.
 */
interface UpdateContext {
  actor: Actor
  view: RightsView
  /** Specs the update creates (a new row's spec), by `sheetId:id`. */
  newColSpecs: Map<string, ColumnSpec>
  newRowSpecs: Map<string, RowSpec>
  /** Rows and columns the update removes, by `sheetId:id`. */
  removed: Set<string>
  /** Sheets the update puts on the tabs and takes off them. */
  sheetsIn: Set<string>
  sheetsOut: Set<string>
}

function denialOf(update: UpdateContext, t: UpdateTarget): string | null {
  const { actor, view } = update
  switch (t.kind) {
    case 'cell': {
      if (isWholeSheet(update, t.cell.sheetId, t.change)) return structureDenialOf(update)
      if (t.change === 'delete' && isOrphan(update, t.cell)) return structureDenialOf(update)
      const { sheetId, rowId, colId } = t.cell
      const column = view.columnSpec(sheetId, colId) ?? update.newColSpecs.get(`${sheetId}:${colId}`)
      const row = view.rowSpec(sheetId, rowId) ?? update.newRowSpecs.get(`${sheetId}:${rowId}`)
      return canEditCell(actor, { status: view.status, column, row }) ? null : cellDenial(actor, view.status, column, row)
    }
    case 'spec': {
      const denied = structureDenialOf(update)
      if (denied !== null || t.axis === 'rows' || isWholeSheet(update, t.sheetId, t.change)) return denied
      const existing = view.columnSpec(t.sheetId, t.key)
      return existing?.editable === 'locked' && actor.role !== 'admin' ? 'Låsta kolumner kan bara ändras av en administratör.' : null
    }
    case 'axis':
    case 'sheet':
    case 'sheets':
    case 'note':
    case 'chart': // [CH9] charts are part of the sheet's structure
      return structureDenialOf(update)
    case 'comment':
      return commentDenial(actor, view, t)
    case 'workbook':
      return 'Arbetsbokens titel och status ändras bara av en administratör via servern.'
    case 'unknown':
      return `okänd del av arbetsboken (${t.root})`
  }
}

function structureDenialOf({ actor, view }: UpdateContext): string | null {
  return canChangeStructure(actor, view.status) ? null : structureDenial(actor, view.status)
}

/**
 * Clearing the cells of a row or column that is gone (or goes in this update) is part of
 * deleting it, a structural right ([R6]), even where the cells themselves are locked.
 */
function isOrphan({ removed, view }: UpdateContext, { sheetId, rowId, colId }: CellRef): boolean {
  return (
    removed.has(`${sheetId}:${rowId}`) ||
    removed.has(`${sheetId}:${colId}`) ||
    !view.hasRow(sheetId, rowId) ||
    !view.hasColumn(sheetId, colId)
  )
}

/**
 * A sheet the update adds to the tabs (new, a copy, or brought back by an undo) brings its
 * contents with it, and one it takes off them takes its contents away: structure ([R6]), even
 * where its columns are locked. A move takes a sheet off and puts it back: no contents this way.
 */
function isWholeSheet({ sheetsIn, sheetsOut, view }: UpdateContext, sheetId: string, change: UpdateTarget['change']): boolean {
  return (sheetsIn.has(sheetId) && !view.hasSheet(sheetId)) || (change === 'delete' && sheetsOut.has(sheetId) && !sheetsIn.has(sheetId))
}

/** [R9] everyone but läsare comments; only the author changes or deletes a comment (admins may delete). */
function commentDenial(actor: Actor, view: RightsView, t: Extract<UpdateTarget, { kind: 'comment' }>): string | null {
  if (view.status === 'beslutad') return 'Arbetsboken är beslutad och skrivskyddad.'
  if (actor.role === 'lasare') return 'Du har läsbehörighet och kan inte kommentera.'
  const existing = view.commentAuthor(t.sheetId, t.commentId)
  if (t.change === 'insert') {
    const author = (t.value as { authorId?: unknown } | undefined)?.authorId
    return author !== actor.id || (existing !== undefined && existing !== actor.id)
      ? 'Du kan bara skriva och ändra dina egna kommentarer.'
      : null
  }
  return existing !== undefined && existing !== actor.id && actor.role !== 'admin' ? 'Du kan bara ta bort dina egna kommentarer.' : null
}

function deny(reason: string): RightsVerdict {
  return { ok: false, reason }
}

function cellDenial(actor: Actor, status: WorkbookStatus, column: ColumnSpec | undefined, row?: RowSpec): string {
  if (status === 'beslutad') return 'Arbetsboken är beslutad och skrivskyddad.'
  // Inskickad is the reason only where the cell would be theirs in utkast.
  if (status === 'inskickad' && canEditCell(actor, { status: 'utkast', column, row })) return INSKICKAD_DENIAL
  if (actor.role === 'lasare') return 'Du har läsbehörighet och kan inte ändra celler.'
  if (actor.role === 'omradeschef') return 'Du kan bara ändra RSU-platser för ditt eget område.'
  if (column?.editable === 'locked') return 'Cellen är låst.'
  return 'Du saknar behörighet att ändra cellen.'
}

function structureDenial(actor: Actor, status: WorkbookStatus): string {
  if (status === 'beslutad') return 'Arbetsboken är beslutad och skrivskyddad.'
  if (status === 'inskickad' && canChangeStructure(actor, 'utkast')) return INSKICKAD_DENIAL
  return actor.role === 'omradeschef' || actor.role === 'lasare'
    ? 'Bara ekonomer kan ändra rader, kolumner och blad.'
    : 'Du saknar behörighet att ändra arbetsbokens struktur.'
}
