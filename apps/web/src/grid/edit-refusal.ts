import { canEditCell, statusLock, type Actor, type ColumnSpec, type RowSpec, type WorkbookStatus } from '@samplan/domain'

/** Why a cell refuses what the signed-in user types (SPEC R1-R5, and label rows). */
export type RefusalReason =
  | { kind: 'beslutad' }
  /** Submitted to the nämnd: locked for everyone but admins. */
  | { kind: 'inskickad' }
  | { kind: 'read-only-role' }
  | { kind: 'label-row' }
  | { kind: 'locked-column'; column: string }
  /** An områdeschef outside the RSU-platser column. */
  | { kind: 'outside-own-column'; omrade: string | null }
  /** An områdeschef on RSU-platser of a row that belongs to another område (or none). */
  | { kind: 'other-omrade'; omrade: string | null; rowOmrade: string | null }
  /** The rights refuse the cell for a reason this module does not name (a rule newer than it). */
  | { kind: 'not-allowed' }

/**
 * The reason `actor` may not type into a cell, or null when they may. The domain's
 * `canEditCell` decides (the server checks the same rules); this only names which rule said no.
 */
export function refusalReason(
  actor: Actor,
  status: WorkbookStatus,
  column: ColumnSpec | undefined,
  row: RowSpec | undefined,
): RefusalReason | null {
  const labelRow = !row || row.kind === 'header' || row.kind === 'section'
  if (canEditCell(actor, { status, column, row })) return labelRow ? { kind: 'label-row' } : null
  const lock = statusLock(actor, status)
  if (lock === 'beslutad') return { kind: 'beslutad' }
  if (lock === 'inskickad') return { kind: 'inskickad' }
  if (actor.role === 'lasare') return { kind: 'read-only-role' }
  if (labelRow) return { kind: 'label-row' }
  if (actor.role === 'omradeschef') {
    if (column?.editable !== 'omradeschef') return { kind: 'outside-own-column', omrade: actor.omrade }
    return { kind: 'other-omrade', omrade: actor.omrade, rowOmrade: row?.omrade ?? null }
  }
  return { kind: 'locked-column', column: column?.label ?? '' }
}

/** The words for each reason, in the UI language (apps/web/src/app/i18n.ts). */
export interface RefusalLabels {
  cannotChange: (address: string) => string
  beslutad: string
  inskickad: string
  notAllowed: string
  readOnlyRole: string
  labelRow: string
  lockedColumn: (column: string) => string
  outsideOwnColumn: (omrade: string | null) => string
  otherOmrade: (omrade: string | null, rowOmrade: string | null) => string
}

export function describeRefusal(reason: RefusalReason, labels: RefusalLabels): string {
  switch (reason.kind) {
    case 'beslutad':
      return labels.beslutad
    case 'inskickad':
      return labels.inskickad
    case 'not-allowed':
      return labels.notAllowed
    case 'read-only-role':
      return labels.readOnlyRole
    case 'label-row':
      return labels.labelRow
    case 'locked-column':
      return labels.lockedColumn(reason.column)
    case 'outside-own-column':
      return labels.outsideOwnColumn(reason.omrade)
    case 'other-omrade':
      return labels.otherOmrade(reason.omrade, reason.rowOmrade)
  }
}
