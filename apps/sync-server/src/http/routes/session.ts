import { Api } from '@samplan/domain'
import { Hono } from 'hono'
import { ApiFailure } from '../failures'
import { LoginThrottle } from '../../auth/login-throttle'
import { presenceIdentity } from '../../realtime/presence-identity'
import type { User } from '../../auth/users'
import { clientAddress } from '../client-address'
import type { AppDeps, Env } from '../context'
import { readBody } from '../validate'

/** The user as the web app sees them; `color` is the presence colour the server stamps on their cursor and badge. */
function me(user: User): Api.Me {
  return { ...user, color: presenceIdentity(user).color }
}

/**
 * Sign-in and the signed-in user, mounted at `/api`: `POST /login`, `GET /me` (behind
 * `requireUser`), and `GET /health` for probes.
 */
export function sessionRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()
  const loginThrottle = deps.loginThrottle ?? new LoginThrottle()

  routes.get('/health', (c) => c.json({ ok: true, version: deps.version }))

  routes.post('/login', async (c) => {
    const body = await readBody(c, Api.LoginRequest)
    // Checked before the password, so a throttled guess costs no scrypt and reveals nothing.
    const throttle = loginThrottle.begin(body.username, clientAddress(c, deps.trustProxy ?? false))
    if (!throttle.ok) {
      const { retryAfterSeconds } = throttle
      throw new ApiFailure('too-many-attempts', throttle.message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) })
    }
    const user = await deps.users.authenticate(body.username, body.password)
    if (!user) throw new ApiFailure('bad-credentials', 'Fel användarnamn eller lösenord.')
    throttle.attempt.succeeded()
    const { token, expiresAt } = await deps.tokens.issue(user)
    return c.json({ token, expiresAt, user: me(user) } satisfies Api.LoginResponse)
  })

  routes.get('/me', (c) => c.json(me(c.get('user'))))

  return routes
}
