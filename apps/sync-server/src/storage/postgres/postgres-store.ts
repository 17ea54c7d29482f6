import * as Y from 'yjs'
import { encodeRecordedInput } from '../audit'
import { loadDoc, type SetAside, type StoredSnapshot, type StoredUpdate } from '../doc-loader'
import type {
  HeldTurn,
  JournalEntry,
  LogEntry,
  OrderDecision,
  OrderOutcome,
  OrderTurn,
  QuarantineEntry,
  Store,
  WorkbookRecord,
} from '../store'
import type pg from 'pg'
import { StorageUnavailableError } from '../errors'
import { sortFailure, type PostgresPool } from './pool'

// Advisory lock classes (the second key is the workbook id's hash): appending to a workbook, and
// compacting it. A hash collision only makes two workbooks take turns.
const APPEND_LOCK = 7_161_613
const COMPACT_LOCK = 7_161_614

const WORKBOOK_COLUMNS = 'id, title, created_at AS "createdAt"'

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

  loadDoc(id: string): Promise<Y.Doc> {
    return loadDoc({
      snapshots: async () =>
        (
          await this.db.query<StoredSnapshot>(
            'SELECT id, data, upto_seq AS "uptoSeq" FROM workbook_snapshots WHERE workbook_id = $1 ORDER BY upto_seq DESC, id DESC',
            [id],
          )
        ).rows,
      updatesAfter: async (seq) =>
        (
          await this.db.query<StoredUpdate>(
            'SELECT seq, data, user_id AS "userId" FROM updates WHERE workbook_id = $1 AND seq > $2 ORDER BY seq',
            [id, seq],
          )
        ).rows,
      setAside: (row) => this.setAside(id, row),
    })
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

  async takeTurn(id: string, afterSeq: number): Promise<HeldTurn> {
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
    // One round trip for both (the simple protocol has no parameters, hence the escaped literal).
    await guard(() => client.query(`BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK}, hashtext(${client.escapeLiteral(id)}))`))
    const missed = await guard(() => readAfter(client, id, afterSeq))
    // Written at commit, in one statement: the turn's lock is held for two round trips however many there are.
    const entries: JournalEntry[] = []
    return {
      missed,
      owners: () => guard(() => readOwners(client, id)),
      append: async (entry) => {
        if (released) throw new StorageUnavailableError('the turn has ended')
        entries.push(entry)
      },
      commit: async () => {
        const seqs = entries.length > 0 ? await guard(() => insertEntries(client, id, entries)) : []
        await guard(() => client.query('COMMIT'))
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

async function readAfter(db: Queryable, id: string, seq: number): Promise<LogEntry[]> {
  const { rows } = await db.query<LogEntry>(
    'SELECT seq, data AS "update", user_id AS "userId" FROM updates WHERE workbook_id = $1 AND seq > $2 ORDER BY seq',
    [id, seq],
  )
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

/**
 * Log rows, in order, with their client-id bindings and audit entries, in one statement (one round
 * trip); resolves with their seqs. The seqs are drawn in the entries' order, and under the
 * workbook's lock no one else appends to it meanwhile, so they follow the log's head in that order.
 */
async function insertEntries(client: Queryable, id: string, entries: readonly JournalEntry[]): Promise<number[]> {
  const bound = entries.flatMap((e) => (e.userId === null ? [] : e.bind.map((clientId) => ({ clientId, userId: e.userId as string }))))
  const audit = entries.flatMap((e, i) => e.audit.map((a) => ({ ...a, entry: i + 1, at: e.at })))
  const { rows } = await client.query<{ seq: number }>(
    `WITH input AS MATERIALIZED (
       SELECT nextval(pg_get_serial_sequence('updates', 'seq')) AS seq, t.*
       FROM unnest($2::bytea[], $3::text[], $4::text[]) WITH ORDINALITY AS t(data, user_id, created_at, ord)
     ), entry AS (
       INSERT INTO updates (seq, workbook_id, data, user_id, created_at)
       SELECT seq, $1, data, user_id, created_at FROM input
     ), bound AS (
       INSERT INTO client_ids (workbook_id, client_id, user_id)
       SELECT $1, b.client_id, b.user_id FROM unnest($5::bigint[], $6::text[]) AS b(client_id, user_id)
       ON CONFLICT DO NOTHING
     ), audited AS (
       INSERT INTO audit (workbook_id, seq, at, user_id, sheet_id, row_id, col_id, address, old_input, new_input)
       SELECT $1, input.seq, a.at, a.user_id, a.sheet_id, a.row_id, a.col_id, a.address, a.old_input, a.new_input
       FROM unnest($7::bigint[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
         AS a(ord, at, user_id, sheet_id, row_id, col_id, address, old_input, new_input)
       JOIN input ON input.ord = a.ord
     )
     SELECT seq FROM input ORDER BY ord`,
    [
      id,
      entries.map((e) => Buffer.from(e.update)),
      entries.map((e) => e.userId),
      entries.map((e) => e.at),
      bound.map((b) => b.clientId),
      bound.map((b) => b.userId),
      audit.map((a) => a.entry),
      audit.map((a) => a.at),
      audit.map((a) => a.userId),
      audit.map((a) => a.sheetId),
      audit.map((a) => a.rowId),
      audit.map((a) => a.colId),
      audit.map((a) => a.address),
      audit.map((a) => encodeRecordedInput(a.old)),
      audit.map((a) => encodeRecordedInput(a.new)),
    ],
  )
  return rows.map((r) => r.seq)
}
