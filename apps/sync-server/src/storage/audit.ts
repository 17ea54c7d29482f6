import type { Api } from '@samplan/domain'
import type Database from 'better-sqlite3'

/** One cell's change in the audit trail; inputs as JSON, formulas in canonical English A1 of the moment. */
export type AuditEntry = Api.HistoryEntry

export type AuditRecord = Omit<AuditEntry, 'seq' | 'userName' | 'at'>

export interface AuditLog {
  /** Stores the cell changes of the update with log sequence `seq`. */
  record(workbookId: string, seq: number, at: string, entries: readonly AuditRecord[]): void
  history(workbookId: string, filter: { sheetId?: string; rowId?: string; colId?: string; limit?: number }): AuditEntry[]
}

export function openAuditLog(db: Database.Database): AuditLog {
  const insert = db.prepare(
    `INSERT INTO audit (workbook_id, seq, user_id, at, sheet_id, row_id, col_id, address, old_input, new_input)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const select = db.prepare(
    `SELECT a.seq, a.user_id AS userId, u.name AS userName, a.at, a.sheet_id AS sheetId, a.row_id AS rowId,
            a.col_id AS colId, a.address, a.old_input AS old, a.new_input AS new
       FROM audit a LEFT JOIN users u ON u.id = a.user_id
      WHERE a.workbook_id = @workbookId
        AND (@sheetId IS NULL OR a.sheet_id = @sheetId)
        AND (@rowId IS NULL OR a.row_id = @rowId)
        AND (@colId IS NULL OR a.col_id = @colId)
      ORDER BY a.id DESC LIMIT @limit`,
  )
  const recordAll = db.transaction((workbookId: string, seq: number, at: string, entries: readonly AuditRecord[]) => {
    for (const e of entries) {
      insert.run(workbookId, seq, e.userId, at, e.sheetId, e.rowId, e.colId, e.address, json(e.old), json(e.new))
    }
  })
  return {
    record: (workbookId, seq, at, entries) => recordAll(workbookId, seq, at, entries),
    history(workbookId, filter) {
      const rows = select.all({
        workbookId,
        sheetId: filter.sheetId ?? null,
        rowId: filter.rowId ?? null,
        colId: filter.colId ?? null,
        limit: filter.limit ?? 200,
      }) as Array<Omit<AuditEntry, 'old' | 'new'> & { old: string | null; new: string | null }>
      return rows.map((r) => ({ ...r, old: parse(r.old), new: parse(r.new) }))
    },
  }
}

function json(value: Api.RecordedInput | undefined): string | null {
  return value === undefined ? null : JSON.stringify(value)
}

function parse(text: string | null): Api.RecordedInput {
  return text === null ? null : (JSON.parse(text) as Api.RecordedInput)
}
