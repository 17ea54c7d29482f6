import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from './free-port'

const run = promisify(execFile)

/** A private PostgreSQL server for tests: its own directory, port and trust sign-in on 127.0.0.1. */
export interface PostgresCluster {
  readonly port: number
  /** The address of `database` (default the `postgres` database). */
  url(database?: string): string
  /** A new empty database; resolves with its address. */
  createDatabase(): Promise<string>
  /** Stops the server at once (`-m immediate`, as a crash would); `start()` brings it back on the same port and data. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>
}

/** The newest PostgreSQL of Debian's packages (`/usr/lib/postgresql/<n>/bin`), or `SAMPLAN_PG_BIN`. */
function binDir(): string {
  if (process.env.SAMPLAN_PG_BIN) return process.env.SAMPLAN_PG_BIN
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (!newest) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set SAMPLAN_PG_BIN)')
  return join(root, newest, 'bin')
}

/**
 * Starts a private cluster: `initdb` into a temporary directory (as the `postgres` user when run
 * as root, since initdb refuses root), then `pg_ctl start` on a free port, about 2 s in all.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = binDir()
  const dir = mkdtempSync(join(tmpdir(), 'samplan-pg-'))
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const shell = (command: string) =>
    asRoot ? run('su', ['postgres', '-s', '/bin/bash', '-c', command]) : run('/bin/bash', ['-c', command])
  const port = await freePort()
  const data = join(dir, 'data')
  const start = async () => {
    try {
      await shell(`${bin}/pg_ctl -D ${data} -w -l ${dir}/log -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1" start`)
    } catch (err) {
      const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : ''
      throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${log}`)
    }
  }
  let running = false
  await shell(`${bin}/initdb -D ${data} -A trust -U samplan --no-sync >/dev/null`)
  await start()
  running = true
  let databases = 0
  const url = (database = 'postgres') => `postgres://samplan@127.0.0.1:${port}/${database}`
  const cluster: PostgresCluster = {
    port,
    url,
    async createDatabase() {
      const name = `samplan_${++databases}`
      const client = new pg.Client({ connectionString: url() })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${name}`)
      } finally {
        await client.end()
      }
      return url(name)
    },
    async stop() {
      if (!running) return
      await shell(`${bin}/pg_ctl -D ${data} -m immediate -w stop`)
      running = false
    },
    async start() {
      if (running) return
      await start()
      running = true
    },
    async destroy() {
      await cluster.stop().catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return cluster
}
