import type { Api } from '@samplan/domain'
import type * as Y from 'yjs'
import type { AuditRecord } from './audit'
import type { LoadedDoc } from './doc-loader'

export type WorkbookRecord = Api.WorkbookSummary

/** A stored snapshot or update that could not be applied, kept for an administrator. */
export type QuarantineEntry = Api.QuarantineEntry

/** Snapshot after this many appended updates, so a cold load replays a short tail. */
export const COMPACT_EVERY = 2000

/** One accepted change of a workbook as the room writes it: all of it or none of it is stored. */
export interface JournalEntry {
  /** The Yjs update (the server's own encoding of what the change did). */
  update: Uint8Array
  /** Who made it; null for nobody's (seeding). */
  userId: string | null
  /** Client ids the change introduces, bound to `userId` with it (never rebinding an owned id). */
  bind: readonly number[]
  /** Its cell changes, old -> new. */
  audit: readonly AuditRecord[]
  /** ISO time of the audit entries. */
  at: string
}

/** One accepted entry of a workbook's update log. */
export interface LogEntry {
  seq: number
  update: Uint8Array
  userId: string | null
}

/** A person's rights as stored when a turn was taken (the role as a storage string: auth/users.ts checks it). */
export interface StoredRights {
  role: string
  omrade: string | null
  active: boolean
}

/** What a server sees in its turn to append to a workbook (Store.commitInOrder). */
export interface OrderTurn {
  /** Entries after the caller's seq, in log order: accepted by whoever appended them, to be applied before judging. */
  missed: readonly LogEntry[]
  /** The workbook's client-id owners as of this turn (read in the same transaction). */
  owners(): Promise<Map<number, string>>
}

/** The caller's decision in its turn: an entry to append (or none) and what to hand back. */
export interface OrderDecision<T> {
  entry: JournalEntry | null
  result: T
}

/** How a turn ended: the appended entry's seq (null when none) and the seq it follows. */
export interface OrderOutcome<T> {
  result: T
  seq: number | null
  /** The log's newest seq before this entry (what a peer must have applied to apply it directly). */
  prev: number
}

/**
 * A workbook's turn held for a group of entries (Store.takeTurn): no one else appends to the
 * workbook until it is committed or given up, and its entries are stored together, in the order
 * appended, or not at all. So a server with several updates queued writes them in one turn.
 */
export interface HeldTurn extends OrderTurn {
  /**
   * The rights of the people asked for (`rightsOf` of Store.takeTurn), read once the turn was
   * held: any change committed before the turn began is in them. People not found are absent.
   */
  rights: ReadonlyMap<string, StoredRights>
  /** Adds an entry (its audit and bindings with it); nothing of the turn is durable before `commit`. */
  append(entry: JournalEntry): Promise<void>
  /** Stores every appended entry at once and ends the turn; resolves with their seqs, in order. */
  commit(): Promise<number[]>
  /** Ends the turn with nothing of it stored. */
  abandon(): void
}

/**
 * The workbooks: an append-only log of Yjs updates per workbook plus compacted snapshots, the
 * owners of client ids, and the quarantine. Every method resolves once the database has it (an
 * update is durable before the room relays it) and rejects with StorageUnavailableError when
 * the database cannot be reached.
 */
export interface Store {
  listWorkbooks(): Promise<WorkbookRecord[]>
  getWorkbook(id: string): Promise<WorkbookRecord | undefined>
  createWorkbook(record: WorkbookRecord, initialState: Uint8Array): Promise<void>
  /**
   * Rebuilds the document from the newest snapshot that applies cleanly and the updates after
   * it. A snapshot or update that fails to apply (throws, or leaves structs or deletes waiting
   * for something missing) is moved to the quarantine and the load goes on without it.
   */
  loadDoc(id: string): Promise<Y.Doc>
  /**
   * loadDoc, also telling what the document was built from (its stored bytes when it is exactly a
   * snapshot, and how many log rows followed it), so a room sends a fresh client stored bytes and
   * counts the tail towards its next snapshot. Only the bytes of the snapshot that applies are read.
   */
  loadDocFrom(id: string): Promise<LoadedDoc>
  /** Writes an update, its audit entries and its client-id bindings in one transaction; resolves with its log sequence. */
  commitUpdate(id: string, entry: JournalEntry): Promise<number>
  /**
   * The workbook's turn: while no one else may append to it (PostgreSQL: an advisory lock held
   * to the commit), hands `decide` the entries after `afterSeq`, then appends its entry with the
   * next seq, its audit and bindings, in one transaction. So every server applies a workbook's
   * entries in one order and judges each against the state that order gives.
   */
  commitInOrder<T>(id: string, afterSeq: number, decide: (turn: OrderTurn) => Promise<OrderDecision<T>>): Promise<OrderOutcome<T>>
  /**
   * Takes the workbook's turn as commitInOrder does (PostgreSQL: the advisory lock, held to the
   * commit) and hands over the entries after `afterSeq`, but lets the caller append several
   * entries before it commits them in one transaction. The caller commits soon: every other server
   * waits to append meanwhile. Any method rejects with StorageUnavailableError, the turn then
   * ended with nothing stored. The rights of the people in `rightsOf` are read in the same round
   * trip, after the turn is held (for updates judged as someone another server vouched for).
   */
  takeTurn(id: string, afterSeq: number, rightsOf?: readonly string[]): Promise<HeldTurn>
  /** The newest seq of the workbook's log (0 when empty). */
  headSeq(id: string): Promise<number>
  /** The log entries after `seq`, in order. */
  updatesAfter(id: string, seq: number): Promise<LogEntry[]>
  /** Appends a bare update (no audit, no bindings); resolves with its log sequence. */
  appendUpdate(id: string, update: Uint8Array, userId: string | null): Promise<number>
  /**
   * Folds the log into a new snapshot of `doc` (encoded when called); the log rows stay
   * (audit and history need them), and so do the first and the previous snapshot. The caller
   * appends nothing to the workbook until it resolves (the room's queue). `uptoSeq` is the
   * newest entry `doc` holds (default: the log's newest). PostgreSQL folds under a per-workbook
   * lock that only one server holds, and skips when a snapshot less than `minFold` entries
   * older exists, so servers crossing the threshold together write one snapshot.
   */
  compact(id: string, doc: Y.Doc, uptoSeq?: number, minFold?: number): Promise<void>
  /** Which user each client id of the workbook is bound to. */
  clientOwners(id: string): Promise<Map<number, string>>
  /** Binds client ids to the user whose connection created them (never rebinds). */
  bindClientIds(id: string, clientIds: readonly number[], userId: string): Promise<void>
  /** What was set aside while loading, newest first. */
  listQuarantine(id: string): Promise<QuarantineEntry[]>
  stats(id: string): Promise<{ updates: number; snapshotBytes: number; logBytes: number }>
}
