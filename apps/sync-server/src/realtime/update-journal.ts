import type { CellRef, Workbook } from '@samplan/domain'
import type { AuditLog } from '../storage/audit'
import type { Store } from '../storage/store'
import { auditRecords, captureBefore, type CellsBefore } from './cell-changes'

/**
 * What a room writes for each update of its doc before relaying it: the log row, the audit
 * entries of the cells it changed and the client ids it introduced, in one transaction
 * (better-sqlite3 is synchronous, so the write is done when the relay starts).
 */
export class UpdateJournal {
  /** Which user each client id of this workbook belongs to (domain SPEC G3). */
  readonly owners: Map<number, string>
  /** Old side of the audit entries of the update being applied right now. */
  private pendingAudit: CellsBefore | null = null
  /** Client ids the update being applied right now creates, bound to its sender with it. */
  private pendingBind: readonly number[] = []
  private readonly persist: (update: Uint8Array, userId: string | null) => void

  constructor(
    private readonly workbookId: string,
    private readonly workbook: Workbook,
    private readonly store: Store,
    audit: AuditLog,
  ) {
    this.owners = store.clientOwners(workbookId)
    this.persist = store.transaction((update: Uint8Array, userId: string | null) => {
      const seq = this.store.appendUpdate(workbookId, update, userId)
      if (userId !== null && this.pendingBind.length > 0) this.store.bindClientIds(workbookId, this.pendingBind, userId)
      if (!this.pendingAudit) return
      const records = auditRecords(this.workbook, this.pendingAudit, userId)
      if (records.length > 0) audit.record(workbookId, seq, new Date().toISOString(), records)
    })
  }

  /**
   * Runs `apply` (which updates the doc) with the old inputs of `cells` read first, so the
   * update it causes is audited old -> new, and with `bind` bound to its author.
   */
  during(cells: readonly CellRef[], bind: readonly number[], apply: () => void): void {
    this.pendingAudit = captureBefore(this.workbook, cells)
    this.pendingBind = bind
    try {
      apply()
    } finally {
      this.pendingAudit = null
      this.pendingBind = []
    }
  }

  /** Writes one update of the doc, by `userId` (null: nobody's, e.g. seeding). Called from the doc's update event. */
  write(update: Uint8Array, userId: string | null): void {
    this.persist(update, userId)
    if (userId !== null) for (const client of this.pendingBind) this.owners.set(client, userId)
  }

  /** Folds the log into a snapshot of `doc`. */
  compact(doc: Parameters<Store['compact']>[1]): void {
    this.store.compact(this.workbookId, doc)
  }
}
