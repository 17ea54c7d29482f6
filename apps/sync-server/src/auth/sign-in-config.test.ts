import { describe, expect, it } from 'vitest'
import { readSignInConfig } from './sign-in-config'

const secret = 'x'.repeat(32)

describe('sign-in settings from the environment', () => {
  it('is not production by default, and is with NODE_ENV or SAMPLAN_ENV set to production', () => {
    expect(readSignInConfig({})).toMatchObject({ ok: true, value: { production: false, oidc: undefined } })
    expect(readSignInConfig({ NODE_ENV: 'production', SAMPLAN_JWT_SECRET: secret })).toMatchObject({
      ok: true,
      value: { production: true },
    })
    expect(readSignInConfig({ NODE_ENV: 'production', SAMPLAN_ENV: 'development' })).toMatchObject({
      ok: true,
      value: { production: false },
    })
  })

  it('refuses production without a secret of at least 32 bytes, saying what to set', () => {
    for (const env of [{ SAMPLAN_ENV: 'production' }, { SAMPLAN_ENV: 'production', SAMPLAN_JWT_SECRET: 'kort' }]) {
      const result = readSignInConfig(env)
      expect(result.ok).toBe(false)
      expect(result.ok ? '' : result.errors.join('\n')).toMatch(/^SAMPLAN_JWT_SECRET: production needs a token secret of at least 32 bytes/)
    }
  })

  it('builds the identity provider settings, the redirect URI from the public address, and names what is missing', () => {
    const env = {
      SAMPLAN_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      SAMPLAN_OIDC_CLIENT_ID: 'samplan',
      SAMPLAN_OIDC_CLIENT_SECRET: 'hemligt',
      SAMPLAN_PUBLIC_URL: 'https://samplan.stad.se',
      SAMPLAN_OIDC_DISPLAY_NAME: 'Stockholms stad',
      SAMPLAN_OIDC_ROLE_CLAIM: 'groups',
      SAMPLAN_OIDC_ROLE_MAP: 'Samplan Admin=admin',
      SAMPLAN_OIDC_DEFAULT_ROLE: 'lasare',
    }
    expect(readSignInConfig(env)).toMatchObject({
      ok: true,
      value: {
        secureCookies: true,
        oidcDefaultRole: 'lasare',
        oidc: {
          redirectUri: 'https://samplan.stad.se/api/oidc/callback',
          displayName: 'Stockholms stad',
          roleMap: { 'Samplan Admin': 'admin' },
        },
      },
    })
    const missing = readSignInConfig({ SAMPLAN_OIDC_ISSUER: env.SAMPLAN_OIDC_ISSUER, SAMPLAN_OIDC_ROLE_MAP: 'x=chef' })
    expect(missing.ok ? [] : missing.errors.map((e) => e.split(':')[0])).toEqual([
      'SAMPLAN_OIDC_ROLE_MAP',
      'SAMPLAN_OIDC_CLIENT_ID',
      'SAMPLAN_OIDC_CLIENT_SECRET',
      'SAMPLAN_PUBLIC_URL',
      'SAMPLAN_OIDC_ROLE_CLAIM',
    ])
  })
})
