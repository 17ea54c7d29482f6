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
import { type AuditIndex, carriedAudit } from './audit-index'
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
 * The workbooks in one SQLite file (WAL). better-sqlite3 is synchronous: each promise is settled
 * when the method returns, so a commit is on disk before the room goes on.
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

  constructor(
    readonly db: Database.Database,
    log: (msg: string) => void,
    /** Copies the audit entries the log rows carry into the audit table. */
    private readonly auditIndex: AuditIndex,
    /** Called after each commit that appends to a workbook (open-sqlite.ts counts them towards a checkpoint). */
    private readonly committed: () => void = () => {},
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
      updatesAfter: async (seq) => this.q.tail.all(id, seq) as StoredUpdate[],
      setAside: async (row) => this.setAside(id, row),
    }
  }

  async commitUpdate(id: string, entry: JournalEntry): Promise<number> {
    const seq = this.commit(id, entry)
    this.committed()
    return seq
  }

  /** One process owns the file, so no lock is needed; entries appended by others (none in a running server) are still handed over. */
  async commitInOrder<T>(id: string, afterSeq: number, decide: (turn: OrderTurn) => Promise<OrderDecision<T>>): Promise<OrderOutcome<T>> {
    const missed = await this.updatesAfter(id, afterSeq)
    const { entry, result } = await decide({ missed, owners: () => this.clientOwners(id) })
    const prev = missed.at(-1)?.seq ?? afterSeq
    const seq = entry ? this.commit(id, entry) : null
    if (seq !== null) this.committed()
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
    const seqs = this.writeAll(id, entries)
    this.committed()
    const last = seqs.at(-1)
    if (last !== undefined) this.noteOwnHead(id, last, version)
    return seqs
  }

  /**
   * The workbook's newest seq if this store wrote it and no other connection wrote to the file since
   * (else undefined), and the file's version now.
   */
  private knownHead(id: string): { head: number | undefined; version: unknown } {
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
    return (this.q.lastSeq.get(id) as { seq: number }).seq
  }

  async updatesAfter(id: string, seq: number): Promise<LogEntry[]> {
    return (this.q.tail.all(id, seq) as StoredUpdate[]).map((r) => ({ seq: r.seq, update: r.data, userId: r.userId }))
  }

  async appendUpdate(id: string, update: Uint8Array, userId: string | null): Promise<number> {
    this.ownHeads.delete(id)
    const seq = Number(this.q.append.run(id, Buffer.from(update), userId, new Date().toISOString(), null).lastInsertRowid)
    this.committed()
    return seq
  }

  async compact(id: string, doc: Y.Doc, uptoSeq?: number): Promise<void> {
    const state = Buffer.from(Y.encodeStateAsUpdate(doc))
    writeTransaction(this.db, () => {
      const upto = uptoSeq ?? (this.q.lastSeq.get(id) as { seq: number }).seq
      this.q.insertSnapshot.run(id, upto, state)
      this.q.pruneSnapshots.run({ wb: id })
    })()
    this.committed()
  }

  async clientOwners(id: string): Promise<Map<number, string>> {
    const rows = this.q.owners.all(id) as Array<{ clientId: number; userId: string }>
    return new Map(rows.map((r) => [r.clientId, r.userId]))
  }

  async bindClientIds(id: string, clientIds: readonly number[], userId: string): Promise<void> {
    writeTransaction(this.db, () => {
      for (const client of clientIds) this.q.bind.run(id, client, userId)
    })()
  }

  async listQuarantine(id: string): Promise<QuarantineEntry[]> {
    return this.q.listQuarantine.all(id) as QuarantineEntry[]
  }

  async stats(id: string): Promise<{ updates: number; snapshotBytes: number; logBytes: number }> {
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
