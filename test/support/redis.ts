import { startRedisServer, type RedisServer } from '@samplan/sync-server/testing'
import { afterAll, beforeAll } from 'vitest'

export type { RedisServer }

/** A private `redis-server` (no persistence, a free port) for one test file, stopped after its tests. */
export function useRedis(): { readonly redis: RedisServer } {
  let redis: RedisServer | undefined
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(async () => {
    await redis?.stop()
  })
  return {
    get redis() {
      if (!redis) throw new Error('redis-server starts in beforeAll')
      return redis
    },
  }
}
