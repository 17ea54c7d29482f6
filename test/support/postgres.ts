import { startPostgresCluster, type PostgresCluster } from '@samplan/sync-server/testing'
import { afterAll, beforeAll } from 'vitest'

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
