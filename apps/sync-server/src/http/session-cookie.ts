import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { SignInMethod } from '../auth/tokens'
import type { User } from '../auth/users'
import type { AppDeps } from './context'
import { ApiFailure } from './failures'

/**
 * The browser's session: an httpOnly, SameSite=Strict cookie that only `/api/session/*` sees.
 * Scripts never read it; the web app trades it for short-lived bearer tokens it keeps in memory
 * (ARCHITECTURE.md, "Sign-in and identity").
 */
export const SESSION_COOKIE = 'samplan_session'
/** The provider's ID token, kept for its sign-out (`id_token_hint`), beside the session. */
export const ID_TOKEN_COOKIE = 'samplan_id_token'
export const SESSION_PATH = '/api/session'
/** Browsers keep cookies up to about 4 KiB, name and attributes included. */
const MAX_ID_TOKEN_COOKIE = 3_500
/**
 * Sent by the web app on every request that reads the session cookie. A cross-site page cannot
 * set it without a CORS preflight, which this server never grants, so a forged request fails
 * even where SameSite is not enforced.
 */
export const CSRF_HEADER = 'x-samplan-session'

function secure(c: Context, deps: Pick<AppDeps, 'secureCookies'>): boolean {
  return deps.secureCookies === true || new URL(c.req.url).protocol === 'https:'
}

/** Starts the browser's session for `user` (after a password or the provider's callback). */
export async function startSession(
  c: Context,
  deps: Pick<AppDeps, 'tokens' | 'secureCookies'>,
  user: User,
  method: SignInMethod,
  idToken?: string,
): Promise<void> {
  const session = await deps.tokens.issueSession(user, method)
  const maxAge = Math.max(1, Math.floor((session.expiresAt - Date.now()) / 1000))
  const common = { path: SESSION_PATH, httpOnly: true, sameSite: 'Strict', secure: secure(c, deps), maxAge } as const
  setCookie(c, SESSION_COOKIE, session.token, common)
  // A token with many groups can outgrow a cookie; sign-out then names the client instead of the token.
  if (idToken && idToken.length <= MAX_ID_TOKEN_COOKIE) setCookie(c, ID_TOKEN_COOKIE, idToken, common)
  else deleteCookie(c, ID_TOKEN_COOKIE, { path: SESSION_PATH })
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: SESSION_PATH })
  deleteCookie(c, ID_TOKEN_COOKIE, { path: SESSION_PATH })
}

export function sessionCookies(c: Context): { session: string | undefined; idToken: string | undefined } {
  return { session: getCookie(c, SESSION_COOKIE), idToken: getCookie(c, ID_TOKEN_COOKIE) }
}

/** Refuses a request that reads the session cookie without the web app's header. */
export function requireCsrfHeader(c: Context): void {
  if (c.req.header(CSRF_HEADER) !== '1') {
    throw new ApiFailure('forbidden', 'Förfrågan saknar Samplans sessionshuvud och avvisades.')
  }
}
