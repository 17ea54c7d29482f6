import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTokenForge, type TokenForge } from './support/oidc-provider'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'

/**
 * The server checks every ID token the identity provider's token endpoint returns, with
 * openid-client: each token here is signed by the test's own provider key (or a stranger's,
 * or altered after signing) and is wrong in exactly one way.
 */
describe('sign-in through the identity provider: ID tokens', () => {
  let forge: TokenForge
  let server: ServerProcess

  beforeAll(async () => {
    forge = await startTokenForge()
    server = await startServerProcess({
      env: {
        SAMPLAN_OIDC_ISSUER: forge.issuer,
        SAMPLAN_OIDC_CLIENT_ID: forge.clientId,
        SAMPLAN_OIDC_CLIENT_SECRET: forge.clientSecret,
        SAMPLAN_OIDC_DISPLAY_NAME: 'Testkommunen',
        SAMPLAN_OIDC_ALLOW_HTTP: '1',
        SAMPLAN_OIDC_DEFAULT_ROLE: 'lasare',
        // The callback is called by the test itself; the address only has to be well formed.
        SAMPLAN_PUBLIC_URL: 'http://127.0.0.1:9/',
      },
    })
  })

  afterAll(async () => {
    await server?.stop()
    if (server) removeDir(server.dataDir)
    await forge?.close()
  })

  /** The browser's round trip: Samplan -> the provider -> Samplan's callback; where the callback sends the browser, and its cookies. */
  async function signInRoundTrip(returnTo = '/w/vp-2024'): Promise<{ location: string; cookies: string }> {
    const start = await fetch(`${server.url}/api/oidc/login?returnTo=${encodeURIComponent(returnTo)}`, { redirect: 'manual' })
    expect(start.status).toBe(302)
    const flowCookie = /samplan_oidc_flow=[^;]+/.exec(start.headers.get('set-cookie') ?? '')?.[0] ?? ''
    const authorize = new URL(start.headers.get('location') ?? '')
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    const atProvider = await fetch(authorize, { redirect: 'manual' })
    const back = new URL(atProvider.headers.get('location') ?? '')
    const callback = await fetch(`${server.url}/api/oidc/callback${back.search}`, { redirect: 'manual', headers: { cookie: flowCookie } })
    expect(callback.status).toBe(302)
    return { location: callback.headers.get('location') ?? '', cookies: callback.headers.getSetCookie().join('; ') }
  }

  function refusal(location: string): string {
    return new URL(location, server.url).searchParams.get('inloggningsfel') ?? `(not refused: ${location})`
  }

  it('[A5] signs a person in with a correct ID token, back to the page they asked for, and renews from the session cookie', async () => {
    const { location, cookies } = await signInRoundTrip('/w/vp-2024/Budget!C2')
    expect(location).toBe('/w/vp-2024/Budget!C2')
    const session = /samplan_session=[^;]+/.exec(cookies)?.[0]
    expect(session).toBeDefined()
    const renewed = await fetch(`${server.url}/api/session/refresh`, {
      method: 'POST',
      headers: { cookie: session ?? '', 'x-samplan-session': '1' },
    })
    expect(renewed.status).toBe(200)
    expect(((await renewed.json()) as { user: unknown }).user).toMatchObject({ name: 'Fia Forge', role: 'lasare' })
  })

  it('[A5] refuses an ID token from the wrong issuer', async () => {
    forge.answerNext((c) => ({ ...c, iss: 'http://127.0.0.1:1/another-provider' }))
    expect(refusal((await signInRoundTrip()).location)).toBe('Inloggningen avvisades: svaret kom från fel identitetsleverantör.')
  })

  it('[A5] refuses an ID token for another audience', async () => {
    forge.answerNext((c) => ({ ...c, aud: 'another-application' }))
    expect(refusal((await signInRoundTrip()).location)).toBe('Inloggningen avvisades: svaret var utfärdat för en annan tjänst än Samplan.')
  })

  it('[A5] refuses an expired ID token', async () => {
    forge.answerNext((c) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 600 }))
    expect(refusal((await signInRoundTrip()).location)).toBe(
      'Inloggningen avvisades: svaret från identitetsleverantören har gått ut. Försök igen.',
    )
  })

  it('[A5] refuses an ID token whose claims were changed after signing', async () => {
    forge.answerNext((c) => ({ ...c, sub: 'someone-else', name: 'Mallory' }), 'tampered')
    expect(refusal((await signInRoundTrip()).location)).toBe('Inloggningen avvisades: svarets signatur stämmer inte.')
  })

  it('[A5] refuses an ID token signed by a key the provider does not publish', async () => {
    forge.answerNext((c) => c, 'stranger')
    expect(refusal((await signInRoundTrip()).location)).toBe('Inloggningen avvisades: svarets signatur stämmer inte.')
  })

  it('[A5] refuses an ID token with the nonce of another sign-in', async () => {
    forge.answerNext((c) => ({ ...c, nonce: 'nonce-of-another-sign-in' }))
    expect(refusal((await signInRoundTrip()).location)).toBe(
      'Inloggningen avvisades: svaret hörde inte till den här inloggningen. Försök igen.',
    )
  })

  it("refuses a callback without the browser's own sign-in flow (state), and never returns to another site", async () => {
    const callback = await fetch(`${server.url}/api/oidc/callback?code=code-1&state=guessed`, { redirect: 'manual' })
    expect(refusal(callback.headers.get('location') ?? '')).toBe('Inloggningen avbröts eller tog för lång tid. Försök igen.')
    expect((await signInRoundTrip('//evil.example/phish')).location).toBe('/')
  })

  it('offers the provider instead of the password form, and refuses password sign-in', async () => {
    expect(await (await fetch(`${server.url}/api/session/methods`)).json()).toEqual({
      password: false,
      provider: { displayName: 'Testkommunen' },
    })
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ekonom', password: 'samplan2024' }),
    })
    expect(login.status).toBe(403)
    expect(await login.json()).toEqual({ error: 'forbidden', message: 'Logga in med Testkommunen.' })
  })
})
