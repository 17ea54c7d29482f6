import { randomBytes } from 'node:crypto'
import { sign, verify } from 'hono/jwt'
import type { Settings } from '../storage/settings'
import { DEACTIVATED_MESSAGE, type User, type UserDirectory } from './users'

export type TokenCheck =
  | { ok: true; user: User; expiresAt: number }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'unknown-user' | 'ended' | 'deactivated' }

/** How a session began: the city's identity provider or a local password. */
export type SignInMethod = 'oidc' | 'password'

export interface SessionCheck {
  ok: true
  user: User
  method: SignInMethod
  /** When the session ends (ms); renewals never outlive it. */
  expiresAt: number
}

export interface TokenService {
  /** A short-lived bearer token for the API and the sync socket; never valid past `notAfter` (ms), the end of its session. */
  issue(user: User, notAfter?: number): Promise<{ token: string; expiresAt: string }>
  check(token: string | null | undefined): Promise<TokenCheck>
  /** The session behind the browser's httpOnly cookie: it renews bearer tokens until it ends. */
  issueSession(user: User, method: SignInMethod): Promise<{ token: string; expiresAt: number }>
  checkSession(token: string | null | undefined): Promise<SessionCheck | Extract<TokenCheck, { ok: false }>>
  /** Signs a short-lived value of `kind` for a cookie (the sign-in flow at the provider), so the browser cannot alter it. */
  seal(kind: string, value: Record<string, string>, ttlSeconds: number): Promise<string>
  /** The sealed value, or null when it is missing, altered, of another kind or expired. */
  unseal(kind: string, token: string | undefined): Promise<Record<string, string> | null>
}

const ALG = 'HS256'
/** Which of the two a token is, so a session cookie is never taken as a bearer token nor the reverse. */
const ACCESS = 'access'
const SESSION = 'session'

/**
 * Signed, expiring tokens (HS256 via hono/jwt). The secret comes from SAMPLAN_JWT_SECRET or is
 * generated once and kept in the database, so tokens survive restarts of the embedded server.
 * Every token carries the user's session generation (`gen`): "Logga ut överallt" raises it, and
 * from then on every token issued before fails with `ended`.
 */
export function createTokenService(
  settings: Settings,
  users: UserDirectory,
  options: { ttlSeconds: number; sessionTtlSeconds?: number; secret?: string; now?: () => number },
): TokenService {
  // Read once; a failed read (database down) is tried again by the next call, not remembered.
  let stored: Promise<string> | undefined
  const secret = (): Promise<string> => {
    if (options.secret) return Promise.resolve(options.secret)
    stored ??= settings
      .getOrCreate('jwt-secret', () => randomBytes(32).toString('base64url'))
      .catch((err: unknown) => {
        stored = undefined
        throw err
      })
    return stored
  }
  const now = options.now ?? (() => Date.now())
  const sessionTtlSeconds = options.sessionTtlSeconds ?? Math.max(options.ttlSeconds, 8 * 3600)

  async function signFor(user: User, typ: string, ttlSeconds: number, extra: Record<string, unknown> = {}) {
    const found = await users.withSessionGeneration(user.id)
    const iat = Math.floor(now() / 1000)
    const exp = iat + ttlSeconds
    // A random id: two sign-ins in the same second are still two tokens (one can be spared, the other ended).
    const payload = { sub: user.id, role: user.role, gen: found?.sessionGeneration ?? 0, typ, ...extra, iat, exp, jti: randomBytes(12).toString('base64url') }
    return { token: await sign(payload, await secret(), ALG), exp, payload }
  }

  async function read(token: string | null | undefined, typ: string) {
    if (!token) return { ok: false, reason: 'missing' } as const
    let payload: Record<string, unknown>
    try {
      payload = await verify(token, await secret(), ALG)
    } catch (err) {
      return { ok: false, reason: (err as Error).name === 'JwtTokenExpired' ? 'expired' : 'invalid' } as const
    }
    // Tokens from before the two kinds were told apart are bearer tokens.
    if ((payload.typ ?? ACCESS) !== typ) return { ok: false, reason: 'invalid' } as const
    const exp = typeof payload.exp === 'number' ? payload.exp : 0
    if (exp * 1000 <= now()) return { ok: false, reason: 'expired' } as const
    const found = typeof payload.sub === 'string' ? await users.withSessionGeneration(payload.sub) : undefined
    if (!found) return { ok: false, reason: 'unknown-user' } as const
    if (!found.active) return { ok: false, reason: 'deactivated' } as const
    if ((typeof payload.gen === 'number' ? payload.gen : 0) !== found.sessionGeneration) return { ok: false, reason: 'ended' } as const
    return { ok: true, user: found.user, expiresAt: exp * 1000, payload } as const
  }

  return {
    async issue(user, notAfter) {
      const left = notAfter === undefined ? options.ttlSeconds : Math.floor((notAfter - now()) / 1000)
      const { token, exp } = await signFor(user, ACCESS, Math.max(1, Math.min(options.ttlSeconds, left)))
      return { token, expiresAt: new Date(exp * 1000).toISOString() }
    },
    async check(token) {
      const result = await read(token, ACCESS)
      return result.ok ? { ok: true, user: result.user, expiresAt: result.expiresAt } : result
    },
    async issueSession(user, method) {
      const { token, exp } = await signFor(user, SESSION, sessionTtlSeconds, { via: method })
      return { token, expiresAt: exp * 1000 }
    },
    async seal(kind, value, ttlSeconds) {
      const iat = Math.floor(now() / 1000)
      return sign({ typ: `sealed:${kind}`, value, iat, exp: iat + ttlSeconds }, await secret(), ALG)
    },
    async unseal(kind, token) {
      if (!token) return null
      try {
        const payload = await verify(token, await secret(), ALG)
        if (payload.typ !== `sealed:${kind}` || typeof payload.exp !== 'number' || payload.exp * 1000 <= now()) return null
        return payload.value as Record<string, string>
      } catch {
        return null
      }
    },
    async checkSession(token) {
      const result = await read(token, SESSION)
      if (!result.ok) return result
      const method: SignInMethod = result.payload.via === 'oidc' ? 'oidc' : 'password'
      return { ok: true, user: result.user, method, expiresAt: result.expiresAt }
    },
  }
}

/** Swedish messages for token failures, shown at sign-in or as a websocket close reason. */
export const tokenFailureMessage: Record<Exclude<TokenCheck, { ok: true }>['reason'], string> = {
  missing: 'Du är inte inloggad.',
  invalid: 'Ogiltig inloggning: logga in igen.',
  expired: 'Inloggningen har gått ut: logga in igen.',
  'unknown-user': 'Användaren finns inte längre.',
  ended: 'Du har loggats ut på alla enheter: logga in igen.',
  deactivated: DEACTIVATED_MESSAGE,
}
