/** How failed sign-ins slow down further attempts. */
export interface LoginThrottleOptions {
  /** Failures of one username allowed before it backs off. */
  usernameFreeFailures: number
  /** Failures from one address (any usernames) allowed before it backs off; higher, since an office may share one address. */
  addressFreeFailures: number
  /** Back-off after the first failure over the allowance; it doubles with every further failure. */
  baseDelayMs: number
  maxDelayMs: number
  /** A counter is forgotten after this long without failures. */
  forgetAfterMs: number
  /** Counters kept at most (the oldest are dropped), so guessed usernames cannot fill memory. */
  maxEntries: number
  now: () => number
}

export const LOGIN_THROTTLE_DEFAULTS: Readonly<LoginThrottleOptions> = {
  usernameFreeFailures: 5,
  addressFreeFailures: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxEntries: 10_000,
  now: () => Date.now(),
}

/** One attempt let through; it counts as a failure until `succeeded` says otherwise. */
export interface LoginAttempt {
  succeeded(): void
}

export type LoginThrottleVerdict =
  | { ok: true; attempt: LoginAttempt }
  | { ok: false; scope: 'username' | 'address'; retryAfterSeconds: number; message: string }

interface Counter {
  failures: number
  lastFailureAt: number
}

/** What the sign-in route asks: the in-memory throttle answers at once, the Redis-backed one (several servers) after a round trip. */
export interface SignInThrottle {
  begin(username: string, address: string): LoginThrottleVerdict | Promise<LoginThrottleVerdict>
}

/** The counters' names for a username (case and surrounding spaces do not make a new one) and an address. */
export function throttleKeys(username: string, address: string): { user: string; address: string } {
  return { user: `u:${username.trim().toLocaleLowerCase('sv-SE')}`, address: `a:${address}` }
}

/** A refusal for `retryAfterMs` more milliseconds, in whole seconds (at least one). */
export function refusal(scope: 'username' | 'address', retryAfterMs: number): LoginThrottleVerdict {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  return { ok: false, scope, retryAfterSeconds, message: throttleMessage(retryAfterSeconds) }
}

/** The Swedish refusal: how long to wait, in words a user reads at a glance. */
export function throttleMessage(retryAfterSeconds: number): string {
  const wait =
    retryAfterSeconds < 120
      ? `${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'sekund' : 'sekunder'}`
      : `${Math.ceil(retryAfterSeconds / 60)} minuter`
  return `För många misslyckade inloggningar. Vänta ${wait} och försök igen.`
}

/**
 * Exponential back-off of sign-in per username and per client address, in memory (one
 * process; several servers count in Redis, login-throttle-redis.ts). An attempt is counted as a failure when it starts, before the slow password check,
 * so parallel guesses cannot all slip through; a success takes it back (the username's counter
 * is cleared). Throttled attempts are refused without checking the password and do not extend
 * the back-off, so the user waits out exactly what `Retry-After` says.
 */
export class LoginThrottle implements SignInThrottle {
  private readonly options: LoginThrottleOptions
  private readonly counters = new Map<string, Counter>()

  constructor(options: Partial<LoginThrottleOptions> = {}) {
    this.options = { ...LOGIN_THROTTLE_DEFAULTS, ...options }
  }

  begin(username: string, address: string): LoginThrottleVerdict {
    const now = this.options.now()
    const { user: userKey, address: addressKey } = throttleKeys(username, address)
    for (const [key, scope, free] of [
      [userKey, 'username', this.options.usernameFreeFailures],
      [addressKey, 'address', this.options.addressFreeFailures],
    ] as const) {
      const until = this.blockedUntil(key, free, now)
      if (until > now) return refusal(scope, until - now)
    }
    this.fail(userKey, now)
    this.fail(addressKey, now)
    let settled = false
    return {
      ok: true,
      attempt: {
        succeeded: () => {
          if (settled) return
          settled = true
          this.counters.delete(userKey)
          const counter = this.counters.get(addressKey)
          if (counter) counter.failures = Math.max(0, counter.failures - 1)
        },
      },
    }
  }

  /** Counters held right now (for tests of the memory bound). */
  get size(): number {
    return this.counters.size
  }

  private blockedUntil(key: string, free: number, now: number): number {
    const counter = this.counters.get(key)
    if (!counter) return 0
    const until = counter.failures >= free ? counter.lastFailureAt + this.delay(counter.failures - free) : 0
    if (until <= now && now - counter.lastFailureAt > this.options.forgetAfterMs) {
      this.counters.delete(key)
      return 0
    }
    return until
  }

  /** Back-off after `over` + 1 failures beyond the allowance: base, 2 × base, 4 × base, … up to the cap. */
  private delay(over: number): number {
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(over, 30))
  }

  private fail(key: string, now: number): void {
    const counter = this.counters.get(key) ?? { failures: 0, lastFailureAt: now }
    counter.failures++
    counter.lastFailureAt = now
    // Re-inserting keeps the map in order of last failure, so the oldest counter is dropped first.
    this.counters.delete(key)
    this.counters.set(key, counter)
    if (this.counters.size > this.options.maxEntries) {
      const oldest = this.counters.keys().next().value
      if (oldest !== undefined) this.counters.delete(oldest)
    }
  }
}
