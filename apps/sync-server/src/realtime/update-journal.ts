import type { StateAfter } from '@samplan/domain'
import type * as Y from 'yjs'
import type { HeldTurn, JournalEntry, LogEntry, OrderOutcome, OrderTurn, Store, StoredRights } from '../storage/store'
import { auditRecords, type CellsBefore } from './cell-changes'

/** One change to write: its update, author, new client ids, and the old side of its cells. */
export interface JournalChange {
  update: Uint8Array
  userId: string | null
  bind: readonly number[]
  before: CellsBefore
  /** The workbook as the change leaves it, for the new side of the audit. */
  after: StateAfter
}

/** The workbook's turn as a room holds it (UpdateJournal.takeTurn, Store.takeTurn). */
export interface JournalTurn extends OrderTurn {
  /** The rights of the people asked for when the turn was taken, read once it was held (Store.takeTurn). */
  rights: ReadonlyMap<string, StoredRights>
  /** Adds the change to the turn; its client ids count as bound from now on (read again if the turn fails). */
  append(change: JournalChange): Promise<void>
  /** Stores every appended change at once; resolves with their seqs. Rejects (StorageUnavailableError) with none stored. */
  commit(): Promise<number[]>
  abandon(): void
}

/**
 * What a room writes for each change of its doc before applying and relaying it: the log row,
 * the audit entries of the cells it changed and the client ids it introduced, in one
 * transaction (Store.commitUpdate), so a change is stored whole or not at all.
 */
export class UpdateJournal {
  constructor(
    private readonly workbookId: string,
    private readonly store: Store,
    /** Which user each client id of this workbook belongs to (domain SPEC G3); grows with each commit. */
    readonly owners: Map<number, string>,
  ) {}

  /** Writes the change; rejects (StorageUnavailableError when the database is down) with nothing stored. */
  async commit(change: JournalChange): Promise<number> {
    const seq = await this.store.commitUpdate(this.workbookId, this.entryOf(change))
    this.bound(change)
    return seq
  }

  /**
   * The workbook's turn to append (Store.commitInOrder): `decide` applies the entries other
   * servers appended since `afterSeq` and returns the change to write, if any. Rejects
   * (StorageUnavailableError when the database is down) with nothing of this change stored.
   */
  async commitInOrder<T>(
    afterSeq: number,
    decide: (turn: OrderTurn) => Promise<{ change: JournalChange | null; result: T }>,
  ): Promise<OrderOutcome<T>> {
    let written: JournalChange | null = null
    const outcome = await this.store.commitInOrder(this.workbookId, afterSeq, async (turn) => {
      const { change, result } = await decide(turn)
      written = change
      return { result, entry: change ? this.entryOf(change) : null }
    })
    if (written) this.bound(written)
    return outcome
  }

  /**
   * Takes the workbook's turn (Store.takeTurn): the room judges the updates its sockets have
   * queued one after another, appends each accepted one, and commits them together.
   */
  async takeTurn(afterSeq: number, rightsOf: readonly string[] = []): Promise<JournalTurn> {
    return new HeldJournalTurn(this, await this.store.takeTurn(this.workbookId, afterSeq, rightsOf))
  }

  /** Adds the change to `turn`; its client ids count as bound from now on, so the next update of the turn is judged knowing them. */
  async appendTo(turn: HeldTurn, change: JournalChange): Promise<void> {
    await turn.append(this.entryOf(change))
    this.bound(change)
  }

  /** The user a client id is bound to (domain ClientIdOwners), as far as this room knows. */
  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId)
  }

  /** Replaces the known owners with the database's (after other servers bound ids). */
  replaceOwners(owners: Map<number, string>): void {
    this.owners.clear()
    for (const [client, user] of owners) this.owners.set(client, user)
  }

  private entryOf(change: JournalChange): JournalEntry {
    const { userId } = change
    return {
      update: change.update,
      userId,
      bind: change.bind,
      audit: auditRecords(change.after, change.before, userId),
      at: new Date().toISOString(),
    }
  }

  private bound({ userId, bind }: JournalChange): void {
    if (userId !== null) for (const client of bind) if (!this.owners.has(client)) this.owners.set(client, userId)
  }

  /** Folds the log up to `uptoSeq` (the newest entry `doc` holds) into a snapshot of `doc`, unless one less than `minFold` entries older exists. */
  compact(doc: Y.Doc, uptoSeq: number, minFold: number): Promise<void> {
    return this.store.compact(this.workbookId, doc, uptoSeq, minFold)
  }
}

/** The store's turn with each change turned into its entry (audit, time) as it is appended; a class, since nearly every update takes one. */
class HeldJournalTurn implements JournalTurn {
  constructor(
    private readonly journal: UpdateJournal,
    private readonly held: HeldTurn,
  ) {}

  get missed(): readonly LogEntry[] {
    return this.held.missed
  }

  get rights(): ReadonlyMap<string, StoredRights> {
    return this.held.rights
  }

  owners(): Promise<Map<number, string>> {
    return this.held.owners()
  }

  append(change: JournalChange): Promise<void> {
    return this.journal.appendTo(this.held, change)
  }

  commit(): Promise<number[]> {
    return this.held.commit()
  }

  abandon(): void {
    this.held.abandon()
  }
}
