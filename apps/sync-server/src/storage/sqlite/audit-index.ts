import type Database from 'better-sqlite3'
import { encodeRecordedInput, type AuditRecord } from '../audit'
import { BatchTimer } from './batch-timer'
import { writeTransaction } from './write-transaction'

/**
 * How long committed audit entries may wait in their log rows before they are copied into `audit`
 * in one transaction, and how many may gather meanwhile. A copy costs about 0.4 ms besides its
 * entries (its commit writes every page they landed on, scattered over the by-cell index): measured
 * per entry on a quiet machine, 21 µs in batches of 25, 12 µs in batches of 100, 8 µs in batches of
 * 250 to 1 000; beside a heavy load (500 edits a second over 50 workbooks) fewer, larger copies cost
 * the server less CPU in every comparison, each within its noise (PERFORMANCE.md, Capacity). A
 * reader copies what waits first, so the wait never hides a change; the count bounds the pause one
 * copy makes (8 ms for 1 024 entries over 50 workbooks on a quiet machine), and only above 500 edits
 * a second is it reached before the wait ends.
 */
const INDEX_AFTER_MS = 2000
export const INDEX_AFTER_ENTRIES = 1024

/** An audit entry as its log row carries it (JSON), with the inputs already in the audit table's text form. */
interface CarriedEntry {
  u: string | null
  s: string
  r: string
  c: string
  a: string | null
  o: string | null
  n: string | null
}

/** Thrown (and the commit rolled back) for an audit entry that names no cell: the audit table could not take it later. */
export class InvalidAuditEntryError extends Error {
  override name = 'InvalidAuditEntryError'
  constructor() {
    super('an audit entry names no cell (sheet, row and column ids are required)')
  }
}

/**
 * A log row's audit entries, as the JSON text the row carries (null for none). The row and its
 * entries are one INSERT: the audit table's own rows and its two indexes, written per commit, were
 * half of a commit's cost. They are copied into the table a moment later (AuditIndex).
 */
export function carriedAudit(entries: readonly AuditRecord[]): string | null {
  if (entries.length === 0) return null
  const carried: CarriedEntry[] = entries.map((e) => {
    if (typeof e.sheetId !== 'string' || typeof e.rowId !== 'string' || typeof e.colId !== 'string') throw new InvalidAuditEntryError()
    return {
      u: e.userId,
      s: e.sheetId,
      r: e.rowId,
      c: e.colId,
      a: e.address,
      o: encodeRecordedInput(e.old),
      n: encodeRecordedInput(e.new),
    }
  })
  return JSON.stringify(carried)
}

/**
 * Copies the audit entries the log rows carry into the `audit` table (by cell, by workbook), in
 * seq order, for every log row after the last one copied, in one transaction: a few hundred
 * entries cost about what one commit's own audit rows did. It runs a moment after a commit, and
 * before anything reads or writes the table, so a reader never misses a stored change; a backlog
 * a crash left is copied when the file is opened.
 */
export class AuditIndex {
  private readonly timer = new BatchTimer(() => this.copyDue(), INDEX_AFTER_MS)
  private waiting = 0
  readonly flush: () => void

  constructor(
    db: Database.Database,
    private readonly log: (msg: string) => void,
    /** Brings every committed log row into `updates` first (the store's pending log, sqlite-store.ts). */
    beforeCopy: () => void = () => {},
  ) {
    const upto = db.prepare('SELECT upto_seq FROM audit_indexed WHERE id = 1').pluck()
    const head = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM updates').pluck()
    const copy = db.prepare(
      `INSERT INTO audit (workbook_id, seq, user_id, at, sheet_id, row_id, col_id, address, old_input, new_input)
       SELECT u.workbook_id, u.seq, e.value ->> '$.u', u.created_at, e.value ->> '$.s', e.value ->> '$.r',
              e.value ->> '$.c', e.value ->> '$.a', e.value ->> '$.o', e.value ->> '$.n'
         FROM updates u, json_each(u.audit) e
        WHERE u.seq > @from AND u.seq <= @to AND u.audit IS NOT NULL
        ORDER BY u.seq, e.key`,
    )
    const note = db.prepare('UPDATE audit_indexed SET upto_seq = ? WHERE id = 1')
    const copyWaiting = writeTransaction(db, () => {
      const from = upto.get() as number
      const to = head.get() as number
      if (to <= from) return
      copy.run({ from, to })
      note.run(to)
    })
    this.flush = () => {
      beforeCopy()
      copyWaiting()
      this.waiting = 0
    }
    this.flush()
  }

  /** A commit carried `entries` audit entries: they are copied soon, with whatever else commits meanwhile. */
  schedule(entries: number): void {
    this.waiting += entries
    this.timer.note(this.waiting >= INDEX_AFTER_ENTRIES)
  }

  private copyDue(): void {
    try {
      this.flush()
    } catch (err) {
      // The entries stay in their log rows; the next commit or read copies them, or the next opening.
      this.log(`audit entries not copied yet: ${(err as Error).message}`)
    }
  }

  /** Copies what waits and stops the timer (the file is closing). */
  close(): void {
    this.timer.cancel()
    this.copyDue()
  }
}
