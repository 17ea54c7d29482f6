import { randomBytes } from 'node:crypto'
import { sign, verify } from 'hono/jwt'
import type { Settings } from '../storage/settings'
import type { User, UserDirectory } from './users'

export type TokenCheck =
  | { ok: true; user: User; expiresAt: number }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'unknown-user' }

export interface TokenService {
  issue(user: User): Promise<{ token: string; expiresAt: string }>
  check(token: string | null | undefined): Promise<TokenCheck>
}

const ALG = 'HS256'

/**
 * Signed, expiring bearer tokens (HS256 via hono/jwt). The secret comes from
 * SAMPLAN_JWT_SECRET or is generated once and kept in the database, so tokens
 * survive restarts of the embedded server.
 */
export function createTokenService(
  settings: Settings,
  users: UserDirectory,
  options: { ttlSeconds: number; secret?: string; now?: () => number },
): TokenService {
  const secret = options.secret ?? settings.getOrCreate('jwt-secret', () => randomBytes(32).toString('base64url'))
  const now = options.now ?? (() => Date.now())
  return {
    async issue(user) {
      const exp = Math.floor(now() / 1000) + options.ttlSeconds
      const token = await sign({ sub: user.id, role: user.role, exp, iat: Math.floor(now() / 1000) }, secret, ALG)
      return { token, expiresAt: new Date(exp * 1000).toISOString() }
    },
    async check(token) {
      if (!token) return { ok: false, reason: 'missing' }
      let payload: Record<string, unknown>
      try {
        payload = await verify(token, secret, ALG)
      } catch (err) {
        return { ok: false, reason: (err as Error).name === 'JwtTokenExpired' ? 'expired' : 'invalid' }
      }
      const exp = typeof payload.exp === 'number' ? payload.exp : 0
      if (exp * 1000 <= now()) return { ok: false, reason: 'expired' }
      const user = typeof payload.sub === 'string' ? users.get(payload.sub) : undefined
      return user ? { ok: true, user, expiresAt: exp * 1000 } : { ok: false, reason: 'unknown-user' }
    },
  }
}

/** Swedish messages for token failures, shown at sign-in or as a websocket close reason. */
export const tokenFailureMessage: Record<Exclude<TokenCheck, { ok: true }>['reason'], string> = {
  missing: 'Du är inte inloggad.',
  invalid: 'Ogiltig inloggning: logga in igen.',
  expired: 'Inloggningen har gått ut: logga in igen.',
  'unknown-user': 'Användaren finns inte längre.',
}
