import {
  canChangeStructure,
  canEditCell,
  mayTakeAction,
  NEXT_STATUS,
  statusLock,
  type Actor,
  type Role,
  type SheetGrid,
  type WorkbookStatus,
} from '@samplan/domain'

/**
 * Which controls the web app offers, read off the shared contract (domain SPEC A1-A3) and the
 * rights rules (R1-R9): a person never sees an action the server would refuse them. The server
 * checks again; these only decide what is shown.
 */

/** Whether the signed-in user may type into a grid position: the domain's rights, and never into headers. */
export function mayEditAt(actor: Actor, status: WorkbookStatus, grid: SheetGrid, row: number, col: number): boolean {
  const rowSpec = grid.rows[row]
  if (!rowSpec || rowSpec.kind === 'header' || rowSpec.kind === 'section') return false
  return canEditCell(actor, { status, column: grid.columns[col], row: rowSpec })
}

/** Writing and answering comments (A1 `comment`, R9): open while inskickad, closed for good once beslutad. */
export function mayComment(role: Role, status: WorkbookStatus): boolean {
  return mayTakeAction(role, 'comment') && statusLock({ role }, status) !== 'beslutad'
}

/** Deleting a comment: its author, while comments are open (R9). */
export function mayDeleteComment(actor: Required<Pick<Actor, 'id' | 'role'>>, authorId: string, status: WorkbookStatus): boolean {
  return authorId === actor.id && mayComment(actor.role, status)
}

/** What the versions dialog offers (A1, A3): a beslutad workbook keeps its versions and takes no new ones. */
export function versionActions(
  role: Role,
  status: WorkbookStatus,
): { save: boolean; restore: boolean; moves: readonly WorkbookStatus[]; rollOver: boolean } {
  const open = status !== 'beslutad'
  return {
    save: open && mayTakeAction(role, 'save-version'),
    restore: open && mayTakeAction(role, 'restore-version'),
    moves: mayTakeAction(role, 'change-status') ? NEXT_STATUS[status] : [],
    // Next year's plan is a new workbook (A1 `create-workbook`): any status, beslutad included.
    rollOver: mayTakeAction(role, 'create-workbook'),
  }
}

/** Importing xlsx adds sheets (A1 `import-xlsx`), a structural change the status can lock (R1, R6). */
export function mayImport(actor: Actor, status: WorkbookStatus): boolean {
  return mayTakeAction(actor.role, 'import-xlsx') && canChangeStructure(actor, status)
}

/** Whether the user can change any cell at all (undo and redo are offered then): not a läsare, not while the status locks them out (R1). */
export function mayEditCells(actor: Actor, status: WorkbookStatus): boolean {
  return actor.role !== 'lasare' && statusLock(actor, status) === null
}

/** Adding, renaming, copying, moving and deleting sheets: structure (R6), which the status can lock (R1). */
export function mayChangeSheets(actor: Actor, status: WorkbookStatus): boolean {
  return canChangeStructure(actor, status)
}

/** An områdeschef edits a handful of cells among many: the grid marks theirs (a view choice, not a right). */
export function highlightsOwnCells(role: Role): boolean {
  return role === 'omradeschef'
}
