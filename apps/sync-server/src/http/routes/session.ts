import { Api } from '@samplan/domain'
import { Hono } from 'hono'
import { ApiFailure } from '../failures'
import { LoginThrottle } from '../../auth/login-throttle'
import { presenceIdentity } from '../../realtime/presence-identity'
import { DEACTIVATED_MESSAGE, type User } from '../../auth/users'
import { clientAddress } from '../client-address'
import type { AppDeps, Env } from '../context'
import { endSession, requireCsrfHeader, sessionCookies, startSession } from '../session-cookie'
import { requireUser } from '../middleware'
import { tokenFailureMessage } from '../../auth/tokens'
import { readBody } from '../validate'

/** The user as the web app sees them; `color` is the presence colour the server stamps on their cursor and badge. */
function me(user: User): Api.Me {
  return { ...user, color: presenceIdentity(user).color }
}

/** The web app's address after signing out at the provider: the app's root on this server. */
function appRoot(c: { req: { url: string } }, deps: AppDeps): string {
  return deps.oidc?.appUrl ?? new URL('/', c.req.url).href
}

/**
 * Sign-in and the signed-in user, mounted at `/api`: `POST /login`, `GET /me` (behind
 * `requireUser`), the browser's session under `/session` (methods, refresh, logout, end
 * everywhere), and `GET /health` for probes.
 */
export function sessionRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()
  const loginThrottle = deps.loginThrottle ?? new LoginThrottle()

  // Probes: 503 while the database cannot be reached, so a load balancer sends no one here.
  routes.get('/health', async (c) => {
    const database = await deps.storage.ping().then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    )
    const ok = database === 'ok'
    // Redis down only delays what other servers' clients see (each catches up from the database), so it does not fail the probe.
    const redis = deps.redisStatus?.() ?? 'not-configured'
    return c.json({ ok, version: deps.version, database, databaseKind: deps.storage.kind, redis }, ok ? 200 : 503)
  })

  routes.get('/session/methods', (c) =>
    c.json({
      password: !deps.oidc,
      provider: deps.oidc ? { displayName: deps.oidc.displayName } : null,
    } satisfies Api.SignInMethods),
  )

  // A new bearer token from the session cookie: after a reload, and before the current one expires.
  routes.post('/session/refresh', async (c) => {
    requireCsrfHeader(c)
    const check = await deps.tokens.checkSession(sessionCookies(c).session)
    if (!check.ok) {
      endSession(c)
      throw new ApiFailure('unauthorized', tokenFailureMessage[check.reason])
    }
    const { token, expiresAt } = await deps.tokens.issue(check.user, check.expiresAt)
    return c.json({ token, expiresAt, user: me(check.user), signIn: check.method } satisfies Api.LoginResponse)
  })

  routes.post('/session/logout', async (c) => {
    requireCsrfHeader(c)
    const { session, idToken } = sessionCookies(c)
    const check = await deps.tokens.checkSession(session)
    endSession(c)
    const viaProvider = deps.oidc && check.ok && check.method === 'oidc'
    const endSessionUrl = viaProvider ? await deps.oidc!.endSessionUrl(idToken, appRoot(c, deps)) : null
    return c.json({ endSessionUrl } satisfies Api.SignOutResponse)
  })

  // "Logga ut överallt": every token of the user fails from now on, and their open sockets close at once.
  routes.post('/session/end-everywhere', requireUser(deps.tokens), async (c) => {
    requireCsrfHeader(c)
    const user = c.get('user')
    const { session, idToken } = sessionCookies(c)
    const check = await deps.tokens.checkSession(session)
    await deps.users.endAllSessions(user.id)
    deps.openSessions?.endEverywhere(user.id)
    endSession(c)
    const viaProvider = deps.oidc && check.ok && check.method === 'oidc'
    const endSessionUrl = viaProvider ? await deps.oidc!.endSessionUrl(idToken, appRoot(c, deps)) : null
    return c.json({ endSessionUrl } satisfies Api.SignOutResponse)
  })

  routes.post('/login', async (c) => {
    if (deps.oidc) throw new ApiFailure('forbidden', `Logga in med ${deps.oidc.displayName}.`)
    const body = await readBody(c, Api.LoginRequest)
    // Checked before the password, so a throttled guess costs no scrypt and reveals nothing.
    const throttle = await loginThrottle.begin(body.username, clientAddress(c, deps.trustProxy ?? false))
    if (!throttle.ok) {
      const { retryAfterSeconds } = throttle
      throw new ApiFailure('too-many-attempts', throttle.message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) })
    }
    const user = await deps.users.authenticate(body.username, body.password)
    if (!user) throw new ApiFailure('bad-credentials', 'Fel användarnamn eller lösenord.')
    if (user === 'deactivated') throw new ApiFailure('forbidden', DEACTIVATED_MESSAGE)
    throttle.attempt.succeeded()
    const { token, expiresAt } = await deps.tokens.issue(user)
    await startSession(c, deps, user, 'password')
    return c.json({ token, expiresAt, user: me(user), signIn: 'password' } satisfies Api.LoginResponse)
  })

  routes.get('/me', (c) => c.json(me(c.get('user'))))

  return routes
}
