import type { Api } from '@samplan/domain'

/** One cell's change in the audit trail; inputs as JSON, formulas in canonical English A1 of the moment. */
export type AuditEntry = Api.HistoryEntry

export type AuditRecord = Omit<AuditEntry, 'seq' | 'userName' | 'at'>

export interface AuditFilter {
  sheetId?: string
  rowId?: string
  colId?: string
  limit?: number
}

/** One administrative action (people, memberships, workbooks): who did what to whom, old -> new. */
export type AdminAuditEntry = Api.AdminAuditEntry

export type AdminAuditRecord = Omit<AdminAuditEntry, 'id' | 'actorName'>

/** The audit trail; the room writes it with each update (Store.commitUpdate). */
export interface AuditLog {
  /** Stores the cell changes of the update with log sequence `seq`. */
  record(workbookId: string, seq: number, at: string, entries: readonly AuditRecord[]): Promise<void>
  /** Newest first, at most `limit` (default 200). */
  history(workbookId: string, filter: AuditFilter): Promise<AuditEntry[]>
  /** Stores one administrative action. */
  recordAdmin(entry: AdminAuditRecord): Promise<void>
  /** Administrative actions, newest first, at most `limit` (default 200). */
  adminHistory(limit?: number): Promise<AdminAuditEntry[]>
}

/** How an input is kept in the audit's text columns. */
export function encodeRecordedInput(value: Api.RecordedInput | undefined): string | null {
  return value === undefined ? null : JSON.stringify(value)
}

export function decodeRecordedInput(text: string | null): Api.RecordedInput {
  return text === null ? null : (JSON.parse(text) as Api.RecordedInput)
}
