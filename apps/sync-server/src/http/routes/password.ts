import { Api } from '@samplan/domain'
import { Hono } from 'hono'
import { DEMO_PASSWORD } from '../../auth/demo-users'
import { passwordChangeMessage } from '../../auth/users'
import { presenceIdentity } from '../../realtime/presence-identity'
import type { AppDeps, Env } from '../context'
import { ApiFailure } from '../failures'
import { requestToken, requireUser } from '../middleware'
import { requireCsrfHeader, startSession } from '../session-cookie'
import { readBody } from '../validate'

/**
 * [A7] `POST /api/session/password`: a local account's new password. Every other session of the
 * person ends (the session generation is raised and their sockets close); this browser gets a new
 * session cookie and bearer token, so it stays signed in.
 */
export function passwordRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()
  routes.post('/session/password', requireUser(deps.tokens), async (c) => {
    requireCsrfHeader(c)
    const user = c.get('user')
    const body = await readBody(c, Api.ChangePasswordRequest)
    const result = await deps.users.changePassword(user.id, body.currentPassword, body.newPassword, DEMO_PASSWORD)
    if (!result.ok) {
      throw new ApiFailure(result.reason === 'not-local' ? 'forbidden' : 'invalid-request', passwordChangeMessage[result.reason])
    }
    // The asking browser's sockets (opened with this request's token) stay; it renews its token from the new cookie.
    deps.openSessions?.endEverywhere(user.id, requestToken(c.req.raw) ?? undefined)
    await startSession(c, deps, user, 'password')
    const { token, expiresAt } = await deps.tokens.issue(user)
    return c.json({
      token,
      expiresAt,
      user: { ...user, color: presenceIdentity(user).color },
      signIn: 'password',
    } satisfies Api.LoginResponse)
  })
  return routes
}
