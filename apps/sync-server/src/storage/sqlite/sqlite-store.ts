import type Database from 'better-sqlite3'
import * as Y from 'yjs'
import { loadDocFrom, type DocRows, type LoadedDoc, type SetAside, type StoredSnapshot, type StoredUpdate } from '../doc-loader'
import type {
  HeldTurn,
  JournalEntry,
  LogEntry,
  OrderDecision,
  OrderOutcome,
  OrderTurn,
  QuarantineEntry,
  Store,
  StoredRights,
  WorkbookRecord,
} from '../store'
import { StorageUnavailableError } from '../errors'
import { type AuditIndex, carriedAudit } from './audit-index'
import { BatchTimer } from './batch-timer'
import type { PendingLog, PendingRow } from './pending-log'
import { EMPTY_UPDATE } from './schema'
import { writeTransaction } from './write-transaction'

function statements(db: Database.Database) {
  return {
    list: db.prepare('SELECT id, title, created_at AS createdAt FROM workbooks ORDER BY created_at'),
    get: db.prepare('SELECT id, title, created_at AS createdAt FROM workbooks WHERE id = ?'),
    insertWorkbook: db.prepare('INSERT INTO workbooks (id, title, created_at) VALUES (?, ?, ?)'),
    newestSnapshotBytes: db.prepare(
      'SELECT LENGTH(data) AS bytes FROM workbook_snapshots WHERE workbook_id = ? ORDER BY upto_seq DESC, id DESC LIMIT 1',
    ),
    // A load reads the newest snapshot's bytes, and an older one's only if the newest does not apply.
    snapshotRows: db.prepare(
      'SELECT id, upto_seq AS uptoSeq FROM workbook_snapshots WHERE workbook_id = ? ORDER BY upto_seq DESC, id DESC',
    ),
    snapshotData: db.prepare('SELECT data FROM workbook_snapshots WHERE id = ?'),
    insertSnapshot: db.prepare('INSERT INTO workbook_snapshots (workbook_id, upto_seq, data) VALUES (?, ?, ?)'),
    // Keep the first snapshot (the workbook as created) and the two newest.
    pruneSnapshots: db.prepare(
      `DELETE FROM workbook_snapshots WHERE workbook_id = @wb AND upto_seq > 0 AND id NOT IN
         (SELECT id FROM workbook_snapshots WHERE workbook_id = @wb ORDER BY upto_seq DESC, id DESC LIMIT 2)`,
    ),
    deleteSnapshot: db.prepare('DELETE FROM workbook_snapshots WHERE id = ?'),
    tail: db.prepare('SELECT seq, data, user_id AS userId FROM updates WHERE workbook_id = ? AND seq > ? ORDER BY seq'),
    append: db.prepare('INSERT INTO updates (workbook_id, data, user_id, created_at, audit) VALUES (?, ?, ?, ?, ?)'),
    appendAt: db.prepare('INSERT INTO updates (seq, workbook_id, data, user_id, created_at, audit) VALUES (?, ?, ?, ?, ?, ?)'),
    newestSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) FROM updates').pluck(),
    // A log row is never deleted, so its seq (the newest plus one when written) is never used twice.
    emptyUpdate: db.prepare('UPDATE updates SET data = ? WHERE seq = ?'),
    lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE workbook_id = ?'),
    // Changes only when another connection commits to the file (never for this connection's own commits).
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
    stats: db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM updates WHERE workbook_id = ?'),
    owners: db.prepare('SELECT client_id AS clientId, user_id AS userId FROM client_ids WHERE workbook_id = ?'),
    rightsOf: db.prepare('SELECT role, omrade, deactivated_at IS NULL AS active FROM users WHERE id = ?'),
    bind: db.prepare('INSERT OR IGNORE INTO client_ids (workbook_id, client_id, user_id) VALUES (?, ?, ?)'),
    quarantine: db.prepare(
      `INSERT INTO quarantine (workbook_id, kind, seq, user_id, data, reason, quarantined_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    listQuarantine: db.prepare(
      `SELECT kind, seq, user_id AS userId, reason, LENGTH(data) AS bytes, quarantined_at AS quarantinedAt
       FROM quarantine WHERE workbook_id = ? ORDER BY id DESC`,
    ),
  }
}

/**
 * Pending log entries wait this long, or until this many gather, before they are moved into the
 * `updates` table in one transaction (see `PendingLog`). Anything that reads the log, its client
 * ids or its audit entries moves them first, so the wait never hides an entry.
 */
const MOVE_AFTER_MS = 1000
export const MOVE_AFTER_ENTRIES = 512
/** Past this many entries waiting (their moves failed), a turn moves them itself first, and fails if it cannot. */
export const MAX_PENDING = 4 * MOVE_AFTER_ENTRIES

/** What went wrong, for the server's log: a move's failure carries the database's own message. */
function failureDetail(err: unknown): string {
  return err instanceof StorageUnavailableError ? err.detail : (err as Error).message
}

/**
 * The workbooks in one SQLite file (WAL). better-sqlite3 is synchronous: each promise is settled
 * when the method returns, so a commit is on disk before the room goes on. When this server owns
 * the file (`pendingLog` given), a turn's commit is one record appended to the pending log, moved
 * into the file's `updates` table with others a moment later; otherwise it is a SQLite transaction.
 */
export class SqliteStore implements Store {
  private readonly q: ReturnType<typeof statements>
  /** Moves a row that failed to load to the quarantine, in one transaction. */
  private readonly setAside: (workbookId: string, row: SetAside) => void
  /** Appends one entry with its bindings and audit rows; the caller holds the transaction. */
  private readonly write: (workbookId: string, entry: JournalEntry) => number
  private readonly commit: (workbookId: string, entry: JournalEntry) => number
  private readonly writeAll: (workbookId: string, entries: readonly JournalEntry[]) => number[]
  /**
   * The newest seq this store wrote for each workbook, valid while no other connection has written
   * to the file since (`PRAGMA data_version`): a turn that starts there has nothing to hand over,
   * so it reads nothing.
   */
  private readonly ownHeads = new Map<string, number>()
  private ownHeadsVersion: unknown = null
  /** Entries committed to the pending log and not yet in `updates`, in seq order. */
  private pending: PendingRow[] = []
  /** Audit entries those carry (the audit index is told once they are moved). */
  private pendingAudit = 0
  /** The newest seq of the log, pending entries included; null when it is to be read from the file again. */
  private head: number | null = null
  private readonly moveTimer = new BatchTimer(() => this.moveDue(), MOVE_AFTER_MS)
  private readonly moveRows: (rows: readonly PendingRow[]) => void

  constructor(
    readonly db: Database.Database,
    private readonly log: (msg: string) => void,
    /** Copies the audit entries the log rows carry into the audit table. */
    private readonly auditIndex: AuditIndex,
    /** Called after each commit that appends to a workbook, with the entries it wrote (open-sqlite.ts counts them towards a checkpoint). */
    private readonly committed: (entries: number) => void = () => {},
    /** Where turns are committed when this server owns the file; null: each turn is a SQLite transaction. */
    private readonly pendingLog: PendingLog | null = null,
  ) {
    const q = statements(db)
    this.q = q
    this.setAside = writeTransaction(db, (workbookId: string, row: SetAside) => {
      this.ownHeads.delete(workbookId)
      // A log row set aside takes its audit entries with it unless they are copied first.
      this.auditIndex.flush()
      q.quarantine.run(workbookId, row.kind, row.seq, row.userId, Buffer.from(row.data), row.reason, new Date().toISOString())
      if (row.kind === 'snapshot') q.deleteSnapshot.run(row.rowId)
      else q.emptyUpdate.run(Buffer.from(EMPTY_UPDATE), row.rowId)
      log(`workbook ${workbookId}: ${row.kind} ${row.seq} quarantined: ${row.reason}`)
    })
    this.write = (workbookId: string, entry: JournalEntry) => {
      // Known again only once a turn's whole transaction is stored (takeTurn).
      this.ownHeads.delete(workbookId)
      this.head = null
      const audit = carriedAudit(entry.audit)
      const seq = Number(q.append.run(workbookId, Buffer.from(entry.update), entry.userId, entry.at, audit).lastInsertRowid)
      if (entry.userId !== null) for (const client of entry.bind) q.bind.run(workbookId, client, entry.userId)
      if (audit !== null) this.auditIndex.schedule(entry.audit.length)
      return seq
    }
    this.commit = writeTransaction(db, this.write)
    this.writeAll = writeTransaction(db, (workbookId: string, entries: readonly JournalEntry[]) =>
      entries.map((entry) => this.write(workbookId, entry)),
    )
    this.moveRows = writeTransaction(db, (rows: readonly PendingRow[]) => {
      for (const row of rows) {
        q.appendAt.run(row.seq, row.workbookId, Buffer.from(row.update), row.userId, row.at, row.audit)
        if (row.userId !== null) for (const client of row.bind) q.bind.run(row.workbookId, client, row.userId)
      }
    })
  }

  /**
   * Moves the pending log's entries into `updates` (with their client ids) in one transaction and
   * empties the pending log. Called before anything reads the log; not inside another transaction,
   * whose rollback would take the moved rows with it after the pending log was emptied.
   */
  movePending(): void {
    const rows = this.pending
    if (rows.length === 0 || this.db.inTransaction) return
    try {
      this.moveRows(rows)
    } catch (err) {
      throw new StorageUnavailableError(`log entries could not be moved into the database: ${(err as Error).message}`)
    }
    // The timer stays set until the entries are moved: one that failed here is tried again when it fires.
    this.moveTimer.cancel()
    this.pending = []
    this.pendingLog?.clear()
    const audit = this.pendingAudit
    this.pendingAudit = 0
    if (audit > 0) this.auditIndex.schedule(audit)
    this.committed(rows.length)
  }

  /**
   * At opening: the entries a stopped or killed server left in the pending log that `updates` lacks
   * are moved in, with their client ids and audit entries, and the pending log is emptied (a torn
   * record at its end with it). They follow the newest row without a gap, as every entry since the
   * last move does; entries that do not (a pending log left beside a database put back from a
   * backup) are not this file's and are moved nowhere: the caller keeps them aside.
   */
  recoverPending(rows: readonly PendingRow[]): { moved: number; unmatched: number } {
    const newest = this.q.newestSeq.get() as number
    const after = rows.filter((row) => row.seq > newest)
    const follows = after.every((row, i) => row.seq === newest + 1 + i)
    this.pending = follows ? after : []
    this.movePending()
    this.pendingLog?.clear()
    if (follows && after.length > 0) this.auditIndex.flush()
    return { moved: follows ? after.length : 0, unmatched: follows ? 0 : after.length }
  }

  /** Moves what waits and closes the pending log (the file is closing). Entries that cannot be moved stay in the pending log, moved in at the next opening. */
  close(): void {
    this.moveTimer.cancel()
    try {
      this.movePending()
    } catch (err) {
      this.log(`${this.pending.length} log entries stay in the pending log until the next start: ${failureDetail(err)}`)
    }
    this.pendingLog?.close()
  }

  private moveDue(): void {
    try {
      this.movePending()
    } catch (err) {
      // The entries stay in the pending log; the next move or read tries again, the timer after the usual wait.
      this.log(`pending log entries not moved yet: ${failureDetail(err)}`)
      this.moveTimer.note(false)
    }
  }

  async listWorkbooks(): Promise<WorkbookRecord[]> {
    return this.q.list.all() as WorkbookRecord[]
  }

  async getWorkbook(id: string): Promise<WorkbookRecord | undefined> {
    return this.q.get.get(id) as WorkbookRecord | undefined
  }

  async createWorkbook(record: WorkbookRecord, initialState: Uint8Array): Promise<void> {
    writeTransaction(this.db, () => {
      this.q.insertWorkbook.run(record.id, record.title, record.createdAt)
      this.q.insertSnapshot.run(record.id, 0, Buffer.from(initialState))
    })()
  }

  async loadDoc(id: string): Promise<Y.Doc> {
    return (await this.loadDocFrom(id)).doc
  }

  loadDocFrom(id: string): Promise<LoadedDoc> {
    return loadDocFrom(this.docRows(id))
  }

  private docRows(id: string): DocRows {
    const { snapshotRows, snapshotData } = this.q
    function* snapshots(): Generator<StoredSnapshot> {
      for (const row of snapshotRows.all(id) as Array<{ id: number; uptoSeq: number }>) {
        const stored = snapshotData.get(row.id) as { data: Uint8Array } | undefined
        if (stored) yield { ...row, data: stored.data }
      }
    }
    return {
      snapshots: async () => snapshots(),
      updatesAfter: async (seq) => {
        this.movePending()
        return this.q.tail.all(id, seq) as StoredUpdate[]
      },
      setAside: async (row) => this.setAside(id, row),
    }
  }

  async commitUpdate(id: string, entry: JournalEntry): Promise<number> {
    this.movePending()
    const seq = this.commit(id, entry)
    this.committed(1)
    return seq
  }

  /** One process owns the file, so no lock is needed; entries appended by others (none in a running server) are still handed over. */
  async commitInOrder<T>(id: string, afterSeq: number, decide: (turn: OrderTurn) => Promise<OrderDecision<T>>): Promise<OrderOutcome<T>> {
    const missed = await this.updatesAfter(id, afterSeq)
    const { entry, result } = await decide({ missed, owners: () => this.clientOwners(id) })
    const prev = missed.at(-1)?.seq ?? afterSeq
    this.movePending()
    const seq = entry ? this.commit(id, entry) : null
    if (seq !== null) this.committed(1)
    return { result, prev, seq }
  }

  async takeTurn(id: string, afterSeq: number, rightsOf: readonly string[] = []): Promise<HeldTurn> {
    const known = this.knownHead(id)
    const missed = known.head === afterSeq ? [] : await this.updatesAfter(id, afterSeq)
    const rights = new Map<string, StoredRights>()
    for (const person of rightsOf) {
      const row = this.q.rightsOf.get(person) as { role: string; omrade: string | null; active: number } | undefined
      if (row) rights.set(person, { role: row.role, omrade: row.omrade, active: row.active === 1 })
    }
    return new SqliteTurn(this, id, missed, known.version, rights)
  }

  /** Stores a turn's entries in one transaction (no savepoint per entry): all or none; their seqs, in order. */
  commitTurn(id: string, entries: readonly JournalEntry[], version: unknown): number[] {
    if (entries.length === 0) return []
    const seqs = this.pendingLog ? this.commitPending(id, entries) : this.writeAndCount(id, entries)
    const last = seqs.at(-1)
    if (last !== undefined) this.noteOwnHead(id, last, version)
    return seqs
  }

  /** A turn's entries in one SQLite transaction (a file opened as shared). */
  private writeAndCount(id: string, entries: readonly JournalEntry[]): number[] {
    const seqs = this.writeAll(id, entries)
    this.committed(seqs.length)
    return seqs
  }

  /** A turn's entries, numbered after the log's newest, appended to the pending log as one record: all or none. */
  private commitPending(id: string, entries: readonly JournalEntry[]): number[] {
    if (this.pending.length >= MAX_PENDING) this.movePending()
    let head = this.head ?? (this.q.newestSeq.get() as number)
    const rows = entries.map((entry) => ({
      seq: ++head,
      workbookId: id,
      update: entry.update,
      userId: entry.userId,
      at: entry.at,
      audit: carriedAudit(entry.audit),
      bind: entry.bind,
    }))
    ;(this.pendingLog as PendingLog).append(rows)
    this.head = head
    for (const row of rows) this.pending.push(row)
    for (const entry of entries) this.pendingAudit += entry.audit.length
    this.moveTimer.note(this.pending.length >= MOVE_AFTER_ENTRIES)
    return rows.map((row) => row.seq)
  }

  /**
   * The workbook's newest seq if this store wrote it and no other connection wrote to the file since
   * (else undefined), and the file's version now. A store with a pending log holds the owner lock,
   * so no other connection writes: it reads no version (a read transaction, with its locks, per turn).
   */
  private knownHead(id: string): { head: number | undefined; version: unknown } {
    if (this.pendingLog) return { head: this.ownHeads.get(id), version: null }
    const version = this.q.dataVersion.get()
    if (version !== this.ownHeadsVersion) {
      this.ownHeads.clear()
      return { head: undefined, version }
    }
    return { head: this.ownHeads.get(id), version }
  }

  /**
   * After a turn's transaction is stored: `seq` is the workbook's newest entry as of `version`, read
   * when the turn began (this connection's commits leave it as it was, so a write by another
   * connection since then shows at the next check and nothing is trusted).
   */
  private noteOwnHead(id: string, seq: number, version: unknown): void {
    if (version !== this.ownHeadsVersion) {
      this.ownHeads.clear()
      this.ownHeadsVersion = version
    }
    this.ownHeads.set(id, seq)
  }

  async headSeq(id: string): Promise<number> {
    this.movePending()
    return (this.q.lastSeq.get(id) as { seq: number }).seq
  }

  async updatesAfter(id: string, seq: number): Promise<LogEntry[]> {
    this.movePending()
    return (this.q.tail.all(id, seq) as StoredUpdate[]).map((r) => ({ seq: r.seq, update: r.data, userId: r.userId }))
  }

  async appendUpdate(id: string, update: Uint8Array, userId: string | null): Promise<number> {
    this.movePending()
    this.ownHeads.delete(id)
    this.head = null
    const seq = Number(this.q.append.run(id, Buffer.from(update), userId, new Date().toISOString(), null).lastInsertRowid)
    this.committed(1)
    return seq
  }

  async compact(id: string, doc: Y.Doc, uptoSeq?: number): Promise<void> {
    this.movePending()
    const state = Buffer.from(Y.encodeStateAsUpdate(doc))
    writeTransaction(this.db, () => {
      const upto = uptoSeq ?? (this.q.lastSeq.get(id) as { seq: number }).seq
      this.q.insertSnapshot.run(id, upto, state)
      this.q.pruneSnapshots.run({ wb: id })
    })()
    this.committed(1)
  }

  async clientOwners(id: string): Promise<Map<number, string>> {
    this.movePending()
    const rows = this.q.owners.all(id) as Array<{ clientId: number; userId: string }>
    return new Map(rows.map((r) => [r.clientId, r.userId]))
  }

  async bindClientIds(id: string, clientIds: readonly number[], userId: string): Promise<void> {
    // After the pending entries' own bindings, so the first to bind an id keeps it, as in the log's order.
    this.movePending()
    writeTransaction(this.db, () => {
      for (const client of clientIds) this.q.bind.run(id, client, userId)
    })()
  }

  async listQuarantine(id: string): Promise<QuarantineEntry[]> {
    return this.q.listQuarantine.all(id) as QuarantineEntry[]
  }

  async stats(id: string): Promise<{ updates: number; snapshotBytes: number; logBytes: number }> {
    this.movePending()
    const s = this.q.stats.get(id) as { n: number; bytes: number }
    const newest = this.q.newestSnapshotBytes.get(id) as { bytes: number } | undefined
    return { updates: s.n, logBytes: s.bytes, snapshotBytes: newest?.bytes ?? 0 }
  }
}

/**
 * A workbook's turn on SQLite: the entries wait in memory and are written in one transaction at the
 * commit (one process owns the file, so nothing else appends meanwhile). A class rather than an
 * object of closures: a turn is taken for nearly every update.
 */
class SqliteTurn implements HeldTurn {
  private entries: JournalEntry[] = []

  constructor(
    private readonly store: SqliteStore,
    private readonly id: string,
    readonly missed: readonly LogEntry[],
    /** The file's data version when the turn began (SqliteStore.knownHead). */
    private readonly version: unknown,
    readonly rights: ReadonlyMap<string, StoredRights>,
  ) {}

  owners(): Promise<Map<number, string>> {
    return this.store.clientOwners(this.id)
  }

  async append(entry: JournalEntry): Promise<void> {
    this.entries.push(entry)
  }

  async commit(): Promise<number[]> {
    return this.store.commitTurn(this.id, this.entries, this.version)
  }

  abandon(): void {
    this.entries = []
  }
}
