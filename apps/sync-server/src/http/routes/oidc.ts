import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { oidcFailureMessage, type OidcFlow } from '../../auth/oidc'
import { DEACTIVATED_MESSAGE } from '../../auth/users'
import type { AppDeps, Env } from '../context'
import { ApiFailure } from '../failures'
import { startSession } from '../session-cookie'

const FLOW_COOKIE = 'samplan_oidc_flow'
const FLOW_PATH = '/api/oidc'
/** Time a person has at the provider to sign in. */
const FLOW_SECONDS = 600
/** Where the web app reads a refused sign-in's reason (its sign-in page shows it). */
export const SIGN_IN_ERROR_PARAM = 'inloggningsfel'

/** A path of this app to return to: same origin only (no `//host`, no `/\\host`), never the API. */
export function safeReturnPath(wanted: string | undefined): string {
  const unsafe = ['//', '/\\', '/api/'].some((prefix) => wanted?.startsWith(prefix))
  return wanted?.startsWith('/') && !unsafe ? wanted : '/'
}

function isFlow(value: Record<string, string> | null): value is Record<string, string> & OidcFlow {
  return !!value && ['state', 'nonce', 'codeVerifier', 'returnTo'].every((k) => typeof value[k] === 'string')
}

/**
 * Sign-in through the city's identity provider, mounted at `/api/oidc`: `GET /login?returnTo=`
 * sends the browser to the provider (code flow with PKCE; state, nonce and verifier sealed in a
 * short-lived cookie), `GET /callback` checks the answer, finds or creates the user by (issuer,
 * subject), starts the session cookie and returns to the page asked for. A refused answer
 * returns to the sign-in page with the reason.
 */
export function oidcRoutes(deps: AppDeps): Hono<Env> {
  const routes = new Hono<Env>()
  const oidc = () => {
    if (!deps.oidc) throw new ApiFailure('not-found', 'Inloggning via identitetsleverantör är inte konfigurerad på den här servern.')
    return deps.oidc
  }

  routes.get('/login', async (c) => {
    const provider = oidc()
    let started: Awaited<ReturnType<typeof provider.begin>>
    try {
      started = await provider.begin(safeReturnPath(c.req.query('returnTo')))
    } catch (err) {
      console.error(`identity provider discovery failed: ${(err as Error).message}`)
      return c.redirect(`/?${SIGN_IN_ERROR_PARAM}=${encodeURIComponent(oidcFailureMessage.unreachable)}`)
    }
    const sealed = await deps.tokens.seal('oidc-flow', { ...started.flow }, FLOW_SECONDS)
    // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
    setCookie(c, FLOW_COOKIE, sealed, {
      path: FLOW_PATH,
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.secureCookies === true,
      maxAge: FLOW_SECONDS,
    })
    return c.redirect(started.url)
  })

  routes.get('/callback', async (c) => {
    const provider = oidc()
    const refuse = (message: string) => c.redirect(`/?${SIGN_IN_ERROR_PARAM}=${encodeURIComponent(message)}`)
    const flow = await deps.tokens.unseal('oidc-flow', getCookie(c, FLOW_COOKIE))
    deleteCookie(c, FLOW_COOKIE, { path: FLOW_PATH })
    if (!isFlow(flow)) return refuse(oidcFailureMessage['wrong-state'])
    const result = await provider.complete(new URL(c.req.url), flow)
    if (!result.ok) {
      console.error(`sign-in through the identity provider refused (${result.reason}): ${result.detail}`)
      return refuse(oidcFailureMessage[result.reason])
    }
    const signedIn = await deps.users.signInWithProvider(result.identity, deps.oidcDefaultRole ?? null)
    if (!signedIn.ok) {
      if (signedIn.reason === 'deactivated') return refuse(DEACTIVATED_MESSAGE)
      return refuse(
        `${result.identity.name || result.identity.username} har ingen roll i Samplan. Be Samplans administratör om behörighet.`,
      )
    }
    await startSession(c, deps, signedIn.user, 'oidc', result.idToken)
    return c.redirect(flow.returnTo)
  })

  return routes
}
