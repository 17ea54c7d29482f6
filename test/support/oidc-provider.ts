/**
 * Identity providers for the sign-in tests, on 127.0.0.1:
 * - `startOidcProvider`: a real OpenID provider (the `oidc-provider` package) with a sign-in page,
 *   accounts chosen by the test, code flow with PKCE, and RP-initiated logout;
 * - `startTokenForge`: a provider whose token endpoint answers with an ID token the test shapes
 *   (wrong issuer, audience, expiry, nonce or signature), signed by a key the test makes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import Provider, { type Configuration } from 'oidc-provider'

/** The claims of a person at the provider, beside their subject (the login name typed on its page). */
export type AccountClaims = Record<string, unknown>

export interface TestOidcProvider {
  issuer: string
  clientId: string
  clientSecret: string
  /** How many times the provider's end_session endpoint signed someone out. */
  signOuts: () => number
  close(): Promise<void>
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return (server.address() as AddressInfo).port
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/**
 * A real OpenID provider for `redirectUri` (Samplan's `/api/oidc/callback`). Any login name with
 * an entry in `accounts` signs in with any password; its claims go into the ID token.
 */
export async function startOidcProvider(options: {
  redirectUri: string
  postLogoutRedirectUri: string
  accounts: Record<string, AccountClaims>
}): Promise<TestOidcProvider> {
  const clientId = 'samplan'
  const clientSecret = 'samplan-test-client-secret-of-enough-length'
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined
  const server = createServer((req, res) => handler?.(req, res))
  const port = await listen(server)
  const issuer = `http://127.0.0.1:${port}`
  let signOuts = 0
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups', 'omrade'] },
    // Claims in the ID token itself, as Entra ID and ADFS put groups there.
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile', 'email', 'groups'],
    async findAccount(_ctx, id) {
      const claims = options.accounts[id]
      if (!claims) return undefined
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) }
    },
    // The city has already consented for its people: no consent page.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session?.accountId })
      grant.addOIDCScope('openid profile email groups')
      await grant.save()
      return grant
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = `<!DOCTYPE html><html><body><h1>Logga ut från testleverantören?</h1>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></body></html>`
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = '<!DOCTYPE html><html><body>Utloggad</body></html>'
        },
      },
    },
    pkce: { required: () => true },
    cookies: { keys: ['test-provider-cookie-key'] },
  }
  const provider = new Provider(issuer, configuration)
  provider.on('end_session.success', () => signOuts++)
  handler = provider.callback()
  return { issuer, clientId, clientSecret, signOuts: () => signOuts, close: () => closeServer(server) }
}

type Signing = 'provider' | 'stranger' | 'tampered'

export interface TokenForge {
  issuer: string
  clientId: string
  clientSecret: string
  /**
   * The ID token the next code exchange answers with: `shape` receives the claims a correct
   * token would have (issuer, audience, the nonce of the authorization request, a live expiry)
   * and returns the claims to sign; `signWith: 'stranger'` signs with a key the provider does not
   * publish, `'tampered'` signs the correct claims and then swaps in the shaped ones.
   */
  answerNext(shape: (claims: Record<string, unknown>) => Record<string, unknown>, signWith?: Signing): void
  close(): Promise<void>
}

/** A minimal provider whose ID tokens the test shapes; its keys are made by the test. */
export async function startTokenForge(): Promise<TokenForge> {
  const clientId = 'samplan'
  const clientSecret = 'forge-client-secret'
  const key = await generateKeyPair('RS256')
  const stranger = await generateKeyPair('RS256')
  const jwk: JWK = { ...(await exportJWK(key.publicKey)), kid: 'forge-1', alg: 'RS256', use: 'sig' }
  let next: { shape: (claims: Record<string, unknown>) => Record<string, unknown>; signWith: Signing } | undefined
  // The nonce of each code handed out, as the provider remembers the authorization request.
  const nonces = new Map<string, string>()
  let issuer = ''
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer)
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      })
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] })
    if (url.pathname === '/authorize') {
      // Signs everyone in at once: the test reads this redirect and follows it itself.
      const code = `code-${nonces.size + 1}`
      nonces.set(code, url.searchParams.get('nonce') ?? '')
      const back = new URL(url.searchParams.get('redirect_uri') ?? '')
      back.searchParams.set('code', code)
      back.searchParams.set('state', url.searchParams.get('state') ?? '')
      res.writeHead(302, { location: back.href })
      return res.end()
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', async () => {
        const code = new URLSearchParams(body).get('code') ?? ''
        const now = Math.floor(Date.now() / 1000)
        const correct = {
          iss: issuer,
          aud: clientId,
          sub: 'forge-person',
          nonce: nonces.get(code),
          iat: now,
          exp: now + 300,
          name: 'Fia Forge',
        }
        const shaping = next ?? { shape: (c: Record<string, unknown>) => c, signWith: 'provider' as const }
        next = undefined
        const signer = shaping.signWith === 'stranger' ? stranger.privateKey : key.privateKey
        const signed = shaping.signWith === 'tampered' ? correct : shaping.shape(correct)
        let idToken = await new SignJWT(signed).setProtectedHeader({ alg: 'RS256', kid: 'forge-1' }).sign(signer)
        if (shaping.signWith === 'tampered') {
          const [header, , signature] = idToken.split('.')
          idToken = `${header}.${Buffer.from(JSON.stringify(shaping.shape(correct))).toString('base64url')}.${signature}`
        }
        json(200, { access_token: 'forge-access', token_type: 'Bearer', expires_in: 300, id_token: idToken })
      })
      return
    }
    json(404, { error: 'not_found' })
  })
  const port = await listen(server)
  issuer = `http://127.0.0.1:${port}`
  return {
    issuer,
    clientId,
    clientSecret,
    answerNext(shape, signWith = 'provider') {
      next = { shape, signWith }
    },
    close: () => closeServer(server),
  }
}
