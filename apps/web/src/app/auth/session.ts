import type { Api, Role } from '@samplan/domain'

/** The signed-in user as sign-in returned it; `color` is absent in sessions saved before the server sent one. */
export type SessionUser = Omit<Api.Me, 'color'> & { color?: string }

/**
 * What sign-in (or a renewal) returned. Kept in memory only: the bearer token lives a short
 * while, and after a reload the app trades the httpOnly session cookie for a new one
 * (`/api/session/refresh`), so no script can read a long-lived credential.
 */
export interface Session extends Omit<Api.LoginResponse, 'user'> {
  user: SessionUser
}

/** Earlier versions kept the token in localStorage; it is removed so it cannot be read from there. */
export function forgetStoredSession(): void {
  try {
    localStorage.removeItem('samplan.session')
  } catch {
    // Storage may be off; there is then nothing to forget.
  }
}

/**
 * When to renew a token that expires at `expiresAt`: three quarters into what is left, so a
 * renewal that fails (server briefly away) has time to be tried again before it runs out.
 */
export function renewalDelayMs(expiresAt: string, now = Date.now()): number {
  const left = Date.parse(expiresAt) - now
  return Math.max(1_000, Math.floor(left * 0.75))
}

export const roleLabel: Record<Role, { sv: string; en: string }> = {
  ekonom: { sv: 'Ekonom', en: 'Financial officer' },
  omradeschef: { sv: 'Områdeschef', en: 'Area manager' },
  lasare: { sv: 'Läsare', en: 'Reader' },
  admin: { sv: 'Administratör', en: 'Administrator' },
}
