import { startPostgresCluster, type PostgresCluster } from '@samplan/sync-server/testing'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll } from 'vitest'
import { withTimeout } from './live-server'

export type { PostgresCluster }

/**
 * A private PostgreSQL cluster for one test file (initdb into a temporary directory, its own
 * port, trust sign-in on 127.0.0.1), started before its tests and removed after them. Read
 * `cluster` inside tests, not at collection time.
 */
export function usePostgres(): { readonly cluster: PostgresCluster } {
  let cluster: PostgresCluster | undefined
  beforeAll(async () => {
    cluster = await startPostgresCluster()
  })
  afterAll(async () => {
    await cluster?.destroy()
  })
  return {
    get cluster() {
      if (!cluster) throw new Error('the PostgreSQL cluster starts in beforeAll')
      return cluster
    },
  }
}

/** A psql session on the cluster's database, to hold a lock while the servers work. */
export class SqlSession {
  private readonly child: ChildProcessWithoutNullStreams
  private output = ''
  private marker = 0

  constructor(databaseUrl: string) {
    this.child = spawn('psql', [databaseUrl, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'])
    this.child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
    this.child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()))
  }

  /** Runs `sql` and resolves with what it printed. */
  run(sql: string): Promise<string> {
    const done = `-- done ${++this.marker} --`
    const start = this.output.length
    this.child.stdin.write(`${sql}\n\\echo '${done}'\n`)
    return withTimeout(
      new Promise<string>((resolve) => {
        const check = () => {
          const at = this.output.indexOf(done, start)
          if (at < 0) return
          this.child.stdout.off('data', check)
          resolve(this.output.slice(start, at).trim())
        }
        this.child.stdout.on('data', check)
        check()
      }),
      15_000,
      `psql: ${sql}`,
    )
  }

  close(): void {
    this.child.stdin.end('\\q\n')
  }
}
