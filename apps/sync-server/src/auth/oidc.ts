import * as client from 'openid-client'
import { mapClaims, type ClaimMapping } from './claim-mapping'
import type { ProviderIdentity } from './users'

/** The city's identity provider as the operator configured it (config.ts reads SAMPLAN_OIDC_*). */
export interface OidcSettings extends ClaimMapping {
  /** The issuer URL; its `/.well-known/openid-configuration` is read on first use. */
  issuer: string
  clientId: string
  clientSecret: string
  /** Shown on the sign-in button: "Logga in med <displayName>". */
  displayName: string
  /** `<public address>/api/oidc/callback`, registered at the provider. */
  redirectUri: string
  scopes: string
  /** Plain-http providers (a provider on 127.0.0.1 in tests); never in production. */
  allowHttp: boolean
}

/** What one sign-in at the provider needs to remember between leaving and coming back (kept in a signed cookie). */
export interface OidcFlow {
  state: string
  nonce: string
  codeVerifier: string
  /** The app path the person asked for (`/w/vp-2024/RSU!F3`). */
  returnTo: string
}

/** Why the provider's answer was refused; each has a Swedish message (`oidcFailureMessage`). */
export type OidcFailureReason =
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'expired'
  | 'bad-signature'
  | 'wrong-nonce'
  | 'wrong-state'
  | 'denied'
  | 'unreachable'
  | 'invalid'

export type OidcCompletion =
  | { ok: true; identity: ProviderIdentity; idToken: string }
  | { ok: false; reason: OidcFailureReason; detail: string }

export interface OidcSignIn {
  readonly displayName: string
  /** The web app's root as the provider reaches it (from the redirect URI): where sign-out returns to. */
  readonly appUrl: string
  /** The provider's authorization URL (code flow with PKCE) and the flow to remember. */
  begin(returnTo: string): Promise<{ url: string; flow: OidcFlow }>
  /** Exchanges the code of the callback for verified ID token claims, mapped to a Samplan identity. */
  complete(callbackUrl: URL, flow: OidcFlow): Promise<OidcCompletion>
  /** The provider's RP-initiated logout address, or null when it offers none. */
  endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | null>
}

export const oidcFailureMessage: Record<OidcFailureReason, string> = {
  'wrong-issuer': 'Inloggningen avvisades: svaret kom från fel identitetsleverantör.',
  'wrong-audience': 'Inloggningen avvisades: svaret var utfärdat för en annan tjänst än Samplan.',
  expired: 'Inloggningen avvisades: svaret från identitetsleverantören har gått ut. Försök igen.',
  'bad-signature': 'Inloggningen avvisades: svarets signatur stämmer inte.',
  'wrong-nonce': 'Inloggningen avvisades: svaret hörde inte till den här inloggningen. Försök igen.',
  'wrong-state': 'Inloggningen avbröts eller tog för lång tid. Försök igen.',
  denied: 'Identitetsleverantören nekade inloggningen.',
  unreachable: 'Identitetsleverantören går inte att nå just nu. Försök igen om en stund.',
  invalid: 'Inloggningen misslyckades: identitetsleverantören svarade med något oväntat.',
}

/** The reason of a failed code exchange, read from openid-client's (and oauth4webapi's) error codes. */
export function failureReason(err: unknown): OidcFailureReason {
  if (!(err instanceof Error)) return 'invalid'
  const code = (err as { code?: unknown }).code
  const cause = err.cause as { claim?: unknown; message?: unknown; code?: unknown } | undefined
  if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError) return 'denied'
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    // openid-client wraps oauth4webapi's error, whose own cause names the claim.
    const claim = cause?.claim ?? (cause as { cause?: { claim?: unknown } } | undefined)?.cause?.claim
    if (claim === 'iss') return 'wrong-issuer'
    if (claim === 'aud' || claim === 'azp') return 'wrong-audience'
    if (claim === 'nonce') return 'wrong-nonce'
    return 'invalid'
  }
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return 'expired'
  if (code === 'OAUTH_KEY_SELECTION_FAILED') return 'bad-signature'
  if (code === 'OAUTH_INVALID_RESPONSE' && /signature/i.test(String(cause?.message ?? ''))) return 'bad-signature'
  if (code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' && /state/i.test(err.message + String(cause?.message ?? ''))) return 'wrong-state'
  if (err.name === 'TypeError' || err.name === 'AbortError' || err.name === 'TimeoutError') return 'unreachable'
  return 'invalid'
}

/** Sign-in through the city's identity provider with openid-client: authorization code flow with PKCE, state and nonce. */
export function createOidcSignIn(settings: OidcSettings): OidcSignIn {
  const options = settings.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined
  // Discovered on first use and kept; a provider that is down is asked again next time.
  let discovered: Promise<client.Configuration> | undefined
  const configuration = () => {
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, options)
      .then((config) => {
        // ID tokens from the token endpoint are trusted on TLS alone unless asked: check their signatures too.
        client.enableNonRepudiationChecks(config)
        return config
      })
      .catch((err: unknown) => {
        discovered = undefined
        throw err
      })
    return discovered
  }

  return {
    displayName: settings.displayName,
    appUrl: new URL('/', settings.redirectUri).href,
    async begin(returnTo) {
      const config = await configuration()
      const flow: OidcFlow = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
        returnTo,
      }
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      })
      return { url: url.href, flow }
    },
    async complete(callbackUrl, flow) {
      let config: client.Configuration
      try {
        config = await configuration()
      } catch (err) {
        return { ok: false, reason: 'unreachable', detail: (err as Error).message }
      }
      // The provider answers at the registered address; behind a proxy the request's own URL may differ.
      const current = new URL(settings.redirectUri)
      current.search = callbackUrl.search
      try {
        const tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        })
        const claims = tokens.claims()
        if (!claims || !tokens.id_token) return { ok: false, reason: 'invalid', detail: 'no ID token' }
        const mapped = mapClaims(claims, settings)
        return {
          ok: true,
          identity: { issuer: claims.iss, subject: claims.sub, ...mapped },
          idToken: tokens.id_token,
        }
      } catch (err) {
        const cause = (err as Error).cause as { message?: string } | undefined
        return { ok: false, reason: failureReason(err), detail: `${(err as Error).message}${cause?.message ? `: ${cause.message}` : ''}` }
      }
    },
    async endSessionUrl(idToken, postLogoutRedirectUri) {
      const config = await configuration().catch(() => undefined)
      if (!config?.serverMetadata().end_session_endpoint) return null
      const params: Record<string, string> = { post_logout_redirect_uri: postLogoutRedirectUri }
      if (idToken) params.id_token_hint = idToken
      return client.buildEndSessionUrl(config, params).href
    },
  }
}
