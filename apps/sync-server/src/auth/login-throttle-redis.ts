import { z } from 'zod'
import {
  LOGIN_THROTTLE_DEFAULTS,
  LoginThrottle,
  refusal,
  throttleKeys,
  type LoginThrottleOptions,
  type LoginThrottleVerdict,
  type SignInThrottle,
} from './login-throttle'

/** Runs a Lua script on Redis, atomically there (cluster/redis-link.ts); rejects at once while Redis is away. */
export interface ScriptRunner {
  evalScript(script: string, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>
}

const KEY_PREFIX = 'samplan:sign-in:'

// KEYS: the username's and the address's counter. ARGV: the free failures of each, the first
// back-off, its cap, and how long a counter lives after its last failure (all ms). Checks both
// and, unless one is backing off, counts the attempt as a failure in both, in one step: parallel
// guesses on several servers cannot all slip through. Redis's clock, so the servers' clocks do not matter.
const BEGIN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local base, cap, forget = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
for i = 1, 2 do
  local c = redis.call('HMGET', KEYS[i], 'failures', 'last')
  local failures = tonumber(c[1]) or 0
  local free = tonumber(ARGV[i])
  if failures >= free then
    local untilMs = tonumber(c[2]) + math.min(cap, base * 2 ^ math.min(failures - free, 30))
    if untilMs > now then return { i, untilMs - now } end
  end
end
for i = 1, 2 do
  redis.call('HINCRBY', KEYS[i], 'failures', 1)
  redis.call('HSET', KEYS[i], 'last', now)
  redis.call('PEXPIRE', KEYS[i], forget)
end
return { 0, 0 }
`

// A success takes its attempt back: the username starts afresh, the address has one failure fewer.
const SUCCEEDED = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('HGET', KEYS[2], 'failures') or '0') > 0 then redis.call('HINCRBY', KEYS[2], 'failures', -1) end
return 0
`

/** The script's answer: 0 (let through) or which counter refused (1 username, 2 address), and for how many ms. */
const BeginReply = z.tuple([z.number().int().min(0).max(2), z.number().int().min(0)])

/**
 * The sign-in throttle of several servers: the same back-off as LoginThrottle, but the counters
 * live in Redis, so failures spread over the servers count as on one. A counter is forgotten an
 * hour after its last failure (the key's expiry). While Redis cannot be reached each server
 * counts on its own, as one server does, rather than refusing every sign-in.
 */
export class RedisLoginThrottle implements SignInThrottle {
  private readonly options: LoginThrottleOptions
  private readonly local: LoginThrottle

  constructor(
    private readonly redis: ScriptRunner,
    private readonly log: (msg: string) => void,
    options: Partial<LoginThrottleOptions> = {},
  ) {
    this.options = { ...LOGIN_THROTTLE_DEFAULTS, ...options }
    this.local = new LoginThrottle(options)
  }

  async begin(username: string, address: string): Promise<LoginThrottleVerdict> {
    const names = throttleKeys(username, address)
    const keys = [KEY_PREFIX + names.user, KEY_PREFIX + names.address]
    const o = this.options
    let reply: z.infer<typeof BeginReply>
    try {
      reply = BeginReply.parse(
        await this.redis.evalScript(BEGIN, keys, [
          o.usernameFreeFailures,
          o.addressFreeFailures,
          o.baseDelayMs,
          o.maxDelayMs,
          o.forgetAfterMs,
        ]),
      )
    } catch (err) {
      this.log(`sign-in throttle: Redis did not answer (${(err as Error).message}); counting on this server`)
      return this.local.begin(username, address)
    }
    const [refusedBy, waitMs] = reply
    if (refusedBy !== 0) return refusal(refusedBy === 1 ? 'username' : 'address', waitMs)
    let settled = false
    return {
      ok: true,
      attempt: {
        succeeded: () => {
          if (settled) return
          settled = true
          this.redis.evalScript(SUCCEEDED, keys, []).catch((err: Error) => {
            this.log(`sign-in throttle: a success was not recorded (${err.message})`)
          })
        },
      },
    }
  }
}
