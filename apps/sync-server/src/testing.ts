/** Test support other workspaces may use (`@samplan/sync-server/testing`): private database servers. */
export { startPostgresCluster, type PostgresCluster } from './testing/postgres-cluster'
export { startRedisServer, type RedisServer } from './testing/redis-server'
export { freePort } from './testing/free-port'
