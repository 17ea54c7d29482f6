import * as Y from 'yjs'
import { encodeRecordedInput } from '../audit'
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
import type pg from 'pg'
import { StorageUnavailableError } from '../errors'
import { sortFailure, type PostgresPool } from './pool'
import { bigintArray, byteaArray, integer, textArray, type Quote } from './sql-literal'

// Advisory lock classes (the second key is the workbook id's hash): appending to a workbook, and
// compacting it. A hash collision only makes two workbooks take turns.
const APPEND_LOCK = 7_161_613
const COMPACT_LOCK = 7_161_614

const WORKBOOK_COLUMNS = 'id, title, created_at AS "createdAt"'
const RIGHTS_OF = 'SELECT id, role, omrade, deactivated_at IS NULL AS active FROM users'

/** The workbooks in PostgreSQL: the same rows and rules as the SQLite store, updates as bytea. */
export class PostgresStore implements Store {
  constructor(
    private readonly db: PostgresPool,
    private readonly log: (msg: string) => void,
  ) {}

  async listWorkbooks(): Promise<WorkbookRecord[]> {
    return (await this.db.query<WorkbookRecord>(`SELECT ${WORKBOOK_COLUMNS} FROM workbooks ORDER BY created_at, id`)).rows
  }

  async getWorkbook(id: string): Promise<WorkbookRecord | undefined> {
    return (await this.db.query<WorkbookRecord>(`SELECT ${WORKBOOK_COLUMNS} FROM workbooks WHERE id = $1`, [id])).rows[0]
  }

  async createWorkbook(record: WorkbookRecord, initialState: Uint8Array): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query('INSERT INTO workbooks (id, title, created_at) VALUES ($1, $2, $3)', [record.id, record.title, record.createdAt])
      await client.query('INSERT INTO workbook_snapshots (workbook_id, upto_seq, data) VALUES ($1, 0, $2)', [
        record.id,
        Buffer.from(initialState),
      ])
    })
  }

  async loadDoc(id: string): Promise<Y.Doc> {
    return (await this.loadDocFrom(id)).doc
  }

  loadDocFrom(id: string): Promise<LoadedDoc> {
    return loadDocFrom(this.docRows(id))
  }

  /**
   * The rows a load reads: the snapshots' ids newest first, and each one's bytes only when the
   * loader reaches it (the newest, and an older one only if the newer does not apply); the log
   * after the snapshot in one query.
   */
  private docRows(id: string): DocRows {
    const db = this.db
    async function* snapshots(listed: ReadonlyArray<{ id: number; uptoSeq: number }>): AsyncGenerator<StoredSnapshot> {
      for (const row of listed) {
        const { rows } = await db.query<{ data: Uint8Array }>('SELECT data FROM workbook_snapshots WHERE id = $1', [row.id])
        const stored = rows[0]
        if (stored) yield { ...row, data: stored.data }
      }
    }
    return {
      snapshots: async () =>
        snapshots(
          (
            await db.query<{ id: number; uptoSeq: number }>(
              'SELECT id, upto_seq AS "uptoSeq" FROM workbook_snapshots WHERE workbook_id = $1 ORDER BY upto_seq DESC, id DESC',
              [id],
            )
          ).rows,
        ),
      updatesAfter: async (seq) =>
        (
          await db.query<StoredUpdate>(
            'SELECT seq, data, user_id AS "userId" FROM updates WHERE workbook_id = $1 AND seq > $2 ORDER BY seq',
            [id, seq],
          )
        ).rows,
      setAside: (row) => this.setAside(id, row),
    }
  }

  private async setAside(workbookId: string, row: SetAside): Promise<void> {
    await this.db.transaction(async (client) => {
      await client.query(
        `INSERT INTO quarantine (workbook_id, kind, seq, user_id, data, reason, quarantined_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [workbookId, row.kind, row.seq, row.userId, Buffer.from(row.data), row.reason, new Date().toISOString()],
      )
      if (row.kind === 'snapshot') await client.query('DELETE FROM workbook_snapshots WHERE id = $1', [row.rowId])
      else await client.query('DELETE FROM updates WHERE seq = $1', [row.rowId])
    })
    this.log(`workbook ${workbookId}: ${row.kind} ${row.seq} quarantined: ${row.reason}`)
  }

  commitUpdate(id: string, entry: JournalEntry): Promise<number> {
    return this.db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [APPEND_LOCK, id])
      return insertEntry(client, id, entry)
    })
  }

  commitInOrder<T>(id: string, afterSeq: number, decide: (turn: OrderTurn) => Promise<OrderDecision<T>>): Promise<OrderOutcome<T>> {
    return this.db.transaction(async (client) => {
      // Held to the commit: whoever appends next reads this entry first, so seqs of a workbook only
      // grow and every reader sees a prefix of its log.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [APPEND_LOCK, id])
      const missed = await readAfter(client, id, afterSeq)
      const { entry, result } = await decide({ missed, owners: () => readOwners(client, id) })
      const prev = missed.at(-1)?.seq ?? afterSeq
      return { result, prev, seq: entry ? await insertEntry(client, id, entry) : null }
    })
  }

  async takeTurn(id: string, afterSeq: number, rightsOf: readonly string[] = []): Promise<HeldTurn> {
    const client = await this.db.connect()
    let released = false
    // Dropping the connection rolls its transaction back and frees the lock; a broken one is never reused.
    const release = (broken?: Error) => {
      if (released) return
      released = true
      client.release(broken)
    }
    const guard = async <R>(work: () => Promise<R>): Promise<R> => {
      if (released) throw new StorageUnavailableError('the turn has ended')
      try {
        return await work()
      } catch (err) {
        release(err as Error)
        throw sortFailure(err)
      }
    }
    const quote: Quote = (text) => client.escapeLiteral(text)
    // The lock is held from here to the commit, and every other server waits for it meanwhile: so
    // taking it and reading what others appended share one round trip, and so do the entries and
    // COMMIT (the simple protocol carries several statements but no parameters, hence literals).
    // The people's rights come last, so they are read once the lock is held.
    const people = rightsOf.length > 0 ? `; ${RIGHTS_OF} WHERE id IN (${rightsOf.map(quote).join(', ')})` : ''
    const opened = await guard(
      async () =>
        (await client.query(
          `BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK}, hashtext(${quote(id)})); ${ENTRIES_AFTER} WHERE workbook_id = ${quote(id)} AND seq > ${integer(afterSeq)} ORDER BY seq${people}`,
        )) as unknown as pg.QueryResult[],
    )
    const missed = (opened[2] as pg.QueryResult<LogEntry>).rows
    const rights = new Map<string, StoredRights>()
    for (const { id: person, ...stored } of (opened[3] as pg.QueryResult<StoredRights & { id: string }> | undefined)?.rows ?? [])
      rights.set(person, stored)
    const entries: JournalEntry[] = []
    return {
      missed,
      rights,
      owners: () => guard(() => readOwners(client, id)),
      append: async (entry) => {
        if (released) throw new StorageUnavailableError('the turn has ended')
        entries.push(entry)
      },
      commit: async () => {
        const seqs = await guard(async () => {
          if (entries.length === 0) {
            await client.query('COMMIT')
            return []
          }
          const results = (await client.query(`${entriesWithLiterals(quote, id, entries)}; COMMIT`)) as unknown as pg.QueryResult[]
          return (results[0] as pg.QueryResult<{ seq: number }>).rows.map((r) => r.seq)
        })
        release()
        return seqs
      },
      abandon: () => release(new Error('turn abandoned')),
    }
  }

  async headSeq(id: string): Promise<number> {
    const { rows } = await this.db.query<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE workbook_id = $1', [id])
    return rows[0]?.seq ?? 0
  }

  async updatesAfter(id: string, seq: number): Promise<LogEntry[]> {
    return readAfter(this.db.pool, id, seq).catch((err: unknown) => {
      throw sortFailure(err)
    })
  }

  appendUpdate(id: string, update: Uint8Array, userId: string | null): Promise<number> {
    return this.commitUpdate(id, { update, userId, bind: [], audit: [], at: new Date().toISOString() })
  }

  async compact(id: string, doc: Y.Doc, uptoSeq?: number, minFold = 1): Promise<void> {
    const state = Buffer.from(Y.encodeStateAsUpdate(doc))
    await this.db.transaction(async (client) => {
      // One server folds a workbook at a time; one that finds the lock taken leaves it to that one.
      const { rows: lock } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS got', [
        COMPACT_LOCK,
        id,
      ])
      if (!lock[0]?.got) return
      const { rows } = await client.query<{ seq: number; newest: number }>(
        `SELECT COALESCE((SELECT MAX(seq) FROM updates WHERE workbook_id = $1), 0) AS seq,
                COALESCE((SELECT MAX(upto_seq) FROM workbook_snapshots WHERE workbook_id = $1), 0) AS newest`,
        [id],
      )
      const upto = uptoSeq ?? rows[0]?.seq ?? 0
      if (upto - (rows[0]?.newest ?? 0) < minFold) return
      await client.query('INSERT INTO workbook_snapshots (workbook_id, upto_seq, data) VALUES ($1, $2, $3)', [id, upto, state])
      // Keep the first snapshot (the workbook as created) and the two newest.
      await client.query(
        `DELETE FROM workbook_snapshots WHERE workbook_id = $1 AND upto_seq > 0 AND id NOT IN
           (SELECT id FROM workbook_snapshots WHERE workbook_id = $1 ORDER BY upto_seq DESC, id DESC LIMIT 2)`,
        [id],
      )
    })
  }

  clientOwners(id: string): Promise<Map<number, string>> {
    return readOwners(this.db.pool, id).catch((err: unknown) => {
      throw sortFailure(err)
    })
  }

  async bindClientIds(id: string, clientIds: readonly number[], userId: string): Promise<void> {
    await this.db.query(
      'INSERT INTO client_ids (workbook_id, client_id, user_id) SELECT $1, unnest($2::bigint[]), $3 ON CONFLICT DO NOTHING',
      [id, clientIds, userId],
    )
  }

  async listQuarantine(id: string): Promise<QuarantineEntry[]> {
    const { rows } = await this.db.query<QuarantineEntry>(
      `SELECT kind, seq, user_id AS "userId", reason, octet_length(data) AS bytes, quarantined_at AS "quarantinedAt"
       FROM quarantine WHERE workbook_id = $1 ORDER BY id DESC`,
      [id],
    )
    return rows
  }

  async stats(id: string): Promise<{ updates: number; snapshotBytes: number; logBytes: number }> {
    const { rows } = await this.db.query<{ n: number; bytes: number; snapshot: number }>(
      `SELECT COUNT(*) AS n, COALESCE(SUM(octet_length(data)), 0)::bigint AS bytes,
              (SELECT COALESCE(octet_length(data), 0) FROM workbook_snapshots WHERE workbook_id = $1
                ORDER BY upto_seq DESC, id DESC LIMIT 1) AS snapshot
         FROM updates WHERE workbook_id = $1`,
      [id],
    )
    const s = rows[0] as { n: number; bytes: number; snapshot: number | null }
    return { updates: s.n, logBytes: s.bytes, snapshotBytes: s.snapshot ?? 0 }
  }
}

type Queryable = Pick<pg.ClientBase, 'query'>

const ENTRIES_AFTER = 'SELECT seq, data AS "update", user_id AS "userId" FROM updates'

async function readAfter(db: Queryable, id: string, seq: number): Promise<LogEntry[]> {
  const { rows } = await db.query<LogEntry>(`${ENTRIES_AFTER} WHERE workbook_id = $1 AND seq > $2 ORDER BY seq`, [id, seq])
  return rows
}

async function readOwners(db: Queryable, id: string): Promise<Map<number, string>> {
  const { rows } = await db.query<{ clientId: number; userId: string }>(
    'SELECT client_id AS "clientId", user_id AS "userId" FROM client_ids WHERE workbook_id = $1',
    [id],
  )
  return new Map(rows.map((r) => [r.clientId, r.userId]))
}

/** The log row, its client-id bindings and audit entries, in one statement: atomic on its own, or part of the caller's transaction. */
async function insertEntry(client: Queryable, id: string, entry: JournalEntry): Promise<number> {
  return (await insertEntries(client, id, [entry]))[0] as number
}

/** The columns of a group of entries, as insertEntries binds them. */
function entryColumns(entries: readonly JournalEntry[]) {
  const bound = entries.flatMap((e) => (e.userId === null ? [] : e.bind.map((clientId) => ({ clientId, userId: e.userId as string }))))
  const audit = entries.flatMap((e, i) => e.audit.map((a) => ({ ...a, entry: i + 1, at: e.at })))
  return {
    data: entries.map((e) => e.update),
    userIds: entries.map((e) => e.userId),
    createdAt: entries.map((e) => e.at),
    boundClients: bound.map((b) => b.clientId),
    boundUsers: bound.map((b) => b.userId),
    auditEntry: audit.map((a) => a.entry),
    auditText: [
      audit.map((a) => a.at),
      audit.map((a) => a.userId),
      audit.map((a) => a.sheetId),
      audit.map((a) => a.rowId),
      audit.map((a) => a.colId),
      audit.map((a) => a.address),
      audit.map((a) => encodeRecordedInput(a.old)),
      audit.map((a) => encodeRecordedInput(a.new)),
    ],
  }
}

/**
 * The statement that appends a group of entries: log rows, in order, with their client-id bindings
 * and audit entries. `v` holds the SQL of each column (parameters or literals), in entryColumns'
 * order after the workbook id. The seqs are drawn in the entries' order, and under the workbook's
 * lock no one else appends to it meanwhile, so they follow the log's head in that order.
 */
function entriesStatement(v: readonly string[]): string {
  return `WITH input AS MATERIALIZED (
       SELECT nextval(pg_get_serial_sequence('updates', 'seq')) AS seq, t.*
       FROM unnest(${v[1]}, ${v[2]}, ${v[3]}) WITH ORDINALITY AS t(data, user_id, created_at, ord)
     ), entry AS (
       INSERT INTO updates (seq, workbook_id, data, user_id, created_at)
       SELECT seq, ${v[0]}, data, user_id, created_at FROM input
     ), bound AS (
       INSERT INTO client_ids (workbook_id, client_id, user_id)
       SELECT ${v[0]}, b.client_id, b.user_id FROM unnest(${v[4]}, ${v[5]}) AS b(client_id, user_id)
       ON CONFLICT DO NOTHING
     ), audited AS (
       INSERT INTO audit (workbook_id, seq, at, user_id, sheet_id, row_id, col_id, address, old_input, new_input)
       SELECT ${v[0]}, input.seq, a.at, a.user_id, a.sheet_id, a.row_id, a.col_id, a.address, a.old_input, a.new_input
       FROM unnest(${v.slice(6, 15).join(', ')})
         AS a(ord, at, user_id, sheet_id, row_id, col_id, address, old_input, new_input)
       JOIN input ON input.ord = a.ord
     )
     SELECT seq FROM input ORDER BY ord`
}

const ENTRIES_WITH_PARAMETERS = entriesStatement([
  '$1',
  '$2::bytea[]',
  '$3::text[]',
  '$4::text[]',
  '$5::bigint[]',
  '$6::text[]',
  '$7::bigint[]',
  ...Array.from({ length: 8 }, (_, i) => `$${8 + i}::text[]`),
])

/** Log rows, in order, with their client-id bindings and audit entries, in one statement (one round trip); resolves with their seqs. */
async function insertEntries(client: Queryable, id: string, entries: readonly JournalEntry[]): Promise<number[]> {
  const c = entryColumns(entries)
  const { rows } = await client.query<{ seq: number }>(ENTRIES_WITH_PARAMETERS, [
    id,
    c.data.map((d) => Buffer.from(d)),
    c.userIds,
    c.createdAt,
    c.boundClients,
    c.boundUsers,
    c.auditEntry,
    ...c.auditText,
  ])
  return rows.map((r) => r.seq)
}

/** The same statement with its values as literals, so it can share a round trip with other statements (the simple protocol). */
function entriesWithLiterals(quote: Quote, id: string, entries: readonly JournalEntry[]): string {
  const c = entryColumns(entries)
  return entriesStatement([
    quote(id),
    byteaArray(c.data),
    textArray(quote, c.userIds),
    textArray(quote, c.createdAt),
    bigintArray(c.boundClients),
    textArray(quote, c.boundUsers),
    bigintArray(c.auditEntry),
    ...c.auditText.map((column) => textArray(quote, column)),
  ])
}
