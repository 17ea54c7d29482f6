import pg from 'pg'
import { StorageUnavailableError } from '../errors'

/**
 * How long a query may wait for a connection before the database counts as unreachable. pg applies it
 * both to connecting and to waiting for a pooled connection, and under a burst every pooled connection
 * may be waiting for a workbook's turn: a short wait there refused edits as "database unreachable"
 * although nothing was wrong. A stopped or restarting database refuses connections at once, so only
 * a server that swallows packets is noticed this late.
 */
const CONNECT_TIMEOUT_MS = 15_000
/** A statement that runs longer than this is abandoned (and what it wrote rolled back). */
const STATEMENT_TIMEOUT_MS = 15_000

const INT8_OID = 20

/**
 * The connection pool, with the database's failures sorted: losing the server (refused or cut
 * connections, shutdown, no connection in time) becomes StorageUnavailableError; anything else
 * (a broken statement) is a bug and stays as it is.
 */
export class PostgresPool {
  readonly pool: pg.Pool

  constructor(url: string, log: (msg: string) => void) {
    this.pool = new pg.Pool({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      // Rooms hold one connection each during their turn; more rooms than this wait for one.
      max: 20,
      // Sequence numbers are BIGINT; they stay far below 2^53.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    })
    // An idle connection that the server drops must not take the process down; the pool replaces it.
    this.pool.on('error', (err) => log(`database connection lost: ${err.message}`))
  }

  async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values)
    } catch (err) {
      throw sortFailure(err)
    }
  }

  /** One connection for several statements in a row; the caller releases it (with the error that broke it, to drop it). */
  async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect()
    } catch (err) {
      throw sortFailure(err)
    }
  }

  /** Runs `fn` in one transaction on one connection: all of it is committed or none of it. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (err) {
      throw sortFailure(err)
    }
    let broken: Error | undefined
    try {
      await client.query('BEGIN')
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      broken = err as Error
      await client.query('ROLLBACK').catch(() => {})
      throw sortFailure(err)
    } finally {
      // A connection that failed mid-transaction is dropped, never reused.
      client.release(broken)
    }
  }

  async end(): Promise<void> {
    await this.pool.end()
  }
}

// SQLSTATE classes of a lost or unavailable server: connection exception, insufficient
// resources, operator intervention (shutdown, cannot connect now); at connect also invalid
// authorization and an unknown database, so the message says which.
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '28', '3D'])

/** StorageUnavailableError for a lost server; any other error as it is. */
export function sortFailure(err: unknown): Error {
  if (err instanceof StorageUnavailableError) return err
  // Errors from the socket (ECONNREFUSED, a cut connection, a connect timeout) are not DatabaseErrors.
  if (!(err instanceof pg.DatabaseError)) return new StorageUnavailableError((err as Error).message)
  if (UNAVAILABLE_CLASSES.has((err.code ?? '').slice(0, 2))) return new StorageUnavailableError(err.message)
  return err
}
