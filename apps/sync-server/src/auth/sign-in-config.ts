import { RoleSchema, type Role } from '@samplan/domain'
import { z } from 'zod'
import { parseRoleMap } from './claim-mapping'
import type { OidcSettings } from './oidc'

/** The smallest token secret accepted in production, in bytes. */
export const MIN_SECRET_BYTES = 32

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional())

/** The sign-in part of the environment (README.md, "Sign-in through the city's identity provider"). */
export const SignInEnv = z.object({
  NODE_ENV: optional(z.string()),
  SAMPLAN_ENV: optional(z.enum(['production', 'development'], { error: 'must be production or development' })),
  SAMPLAN_JWT_SECRET: optional(z.string()),
  SAMPLAN_PUBLIC_URL: optional(z.url({ error: 'must be the address people open Samplan at, such as https://samplan.stad.se' })),
  SAMPLAN_SESSION_TTL_SECONDS: optional(z.coerce.number().int().min(60, 'must be a whole number of seconds, at least 60')),
  SAMPLAN_OIDC_ISSUER: optional(z.url({ error: "must be the identity provider's issuer URL" })),
  SAMPLAN_OIDC_CLIENT_ID: optional(z.string()),
  SAMPLAN_OIDC_CLIENT_SECRET: optional(z.string()),
  SAMPLAN_OIDC_DISPLAY_NAME: optional(z.string().max(60)),
  SAMPLAN_OIDC_SCOPES: optional(z.string()),
  SAMPLAN_OIDC_ROLE_CLAIM: optional(z.string()),
  SAMPLAN_OIDC_ROLE_MAP: optional(z.string()),
  SAMPLAN_OIDC_OMRADE_CLAIM: optional(z.string()),
  SAMPLAN_OIDC_USERNAME_CLAIM: optional(z.string()),
  SAMPLAN_OIDC_DEFAULT_ROLE: optional(
    z.enum([...RoleSchema.options, 'none'], { error: `must be one of ${RoleSchema.options.join(', ')} or none (refuse)` }),
  ),
  SAMPLAN_OIDC_ALLOW_HTTP: optional(z.enum(['0', '1'], { error: 'must be 1 or 0' })),
})

export interface SignInConfig {
  /** No demo users, a real token secret, no demo passwords left (server.ts checks the database). */
  production: boolean
  jwtSecret?: string
  sessionTtlSeconds?: number
  oidc?: OidcSettings
  oidcDefaultRole: Role | null
  secureCookies: boolean
}

export type SignInConfigResult = { ok: true; value: SignInConfig } | { ok: false; errors: string[] }

/** Sign-in settings from the environment; each error names its variable and what to set. */
export function readSignInConfig(env: Record<string, string | undefined>): SignInConfigResult {
  const parsed = SignInEnv.safeParse(env)
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }
  const e = parsed.data
  const errors: string[] = []
  const production = e.SAMPLAN_ENV ? e.SAMPLAN_ENV === 'production' : e.NODE_ENV === 'production'
  if (production && Buffer.byteLength(e.SAMPLAN_JWT_SECRET ?? '') < MIN_SECRET_BYTES) {
    errors.push(
      `SAMPLAN_JWT_SECRET: production needs a token secret of at least ${MIN_SECRET_BYTES} bytes; set it to a random value, e.g. the output of "openssl rand -base64 48"`,
    )
  }
  let oidc: OidcSettings | undefined
  if (e.SAMPLAN_OIDC_ISSUER) {
    const roleMap = parseRoleMap(e.SAMPLAN_OIDC_ROLE_MAP ?? '')
    if (!roleMap.ok) errors.push(`SAMPLAN_OIDC_ROLE_MAP: ${roleMap.error}`)
    if (!e.SAMPLAN_OIDC_CLIENT_ID)
      errors.push('SAMPLAN_OIDC_CLIENT_ID: set the client id Samplan is registered with at the identity provider')
    if (!e.SAMPLAN_OIDC_CLIENT_SECRET) errors.push("SAMPLAN_OIDC_CLIENT_SECRET: set the client's secret from the identity provider")
    if (!e.SAMPLAN_PUBLIC_URL) {
      errors.push('SAMPLAN_PUBLIC_URL: set the address people open Samplan at; the redirect URI is that address + /api/oidc/callback')
    }
    if (e.SAMPLAN_OIDC_ROLE_MAP && !e.SAMPLAN_OIDC_ROLE_CLAIM)
      errors.push('SAMPLAN_OIDC_ROLE_CLAIM: set the claim the role map reads, e.g. groups or roles')
    if (production && e.SAMPLAN_OIDC_ALLOW_HTTP === '1')
      errors.push('SAMPLAN_OIDC_ALLOW_HTTP: plain http to the identity provider is refused in production')
    if (roleMap.ok && e.SAMPLAN_OIDC_CLIENT_ID && e.SAMPLAN_OIDC_CLIENT_SECRET && e.SAMPLAN_PUBLIC_URL) {
      oidc = {
        issuer: e.SAMPLAN_OIDC_ISSUER,
        clientId: e.SAMPLAN_OIDC_CLIENT_ID,
        clientSecret: e.SAMPLAN_OIDC_CLIENT_SECRET,
        displayName: e.SAMPLAN_OIDC_DISPLAY_NAME ?? 'stadens konto',
        redirectUri: new URL('/api/oidc/callback', e.SAMPLAN_PUBLIC_URL).href,
        scopes: e.SAMPLAN_OIDC_SCOPES ?? 'openid profile email',
        roleClaim: e.SAMPLAN_OIDC_ROLE_CLAIM,
        roleMap: roleMap.value,
        omradeClaim: e.SAMPLAN_OIDC_OMRADE_CLAIM,
        usernameClaim: e.SAMPLAN_OIDC_USERNAME_CLAIM ?? 'preferred_username',
        allowHttp: e.SAMPLAN_OIDC_ALLOW_HTTP === '1',
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors }
  const defaultRole = e.SAMPLAN_OIDC_DEFAULT_ROLE
  return {
    ok: true,
    value: {
      production,
      jwtSecret: e.SAMPLAN_JWT_SECRET,
      sessionTtlSeconds: e.SAMPLAN_SESSION_TTL_SECONDS,
      oidc,
      oidcDefaultRole: defaultRole === undefined || defaultRole === 'none' ? null : defaultRole,
      secureCookies: e.SAMPLAN_PUBLIC_URL?.startsWith('https:') ?? false,
    },
  }
}
