import { RoleSchema, type Role } from '@samplan/domain'

/** How the identity provider's claims become a Samplan role and område (README, "Sign-in through the city's identity provider"). */
export interface ClaimMapping {
  /** The claim holding group or role names (`groups`, `roles`); unset: roles live in Samplan's user table. */
  roleClaim?: string
  /** Group or role name -> Samplan role. */
  roleMap: Readonly<Record<string, Role>>
  /** The claim holding an områdeschef's område. */
  omradeClaim?: string
  /** The claim used as the username shown in Samplan (default `preferred_username`, then `email`, then the subject). */
  usernameClaim: string
}

export interface MappedClaims {
  username: string
  name: string
  /** Null when no value of the role claim is mapped. */
  role: Role | null
  omrade: string | null
}

/** When a person is in several mapped groups, the widest role wins. */
const ROLE_RANK: Readonly<Record<Role, number>> = { lasare: 0, omradeschef: 1, ekonom: 2, admin: 3 }

function values(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim]
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === 'string')
  return []
}

/** The role and område an ID token's claims give (pure: the claims are already verified). */
export function mapClaims(claims: Readonly<Record<string, unknown>>, mapping: ClaimMapping): MappedClaims {
  const subject = String(claims.sub ?? '')
  const username = [claims[mapping.usernameClaim], claims.preferred_username, claims.email, subject].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  ) as string
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : username
  let role: Role | null = null
  if (mapping.roleClaim) {
    for (const value of values(claims[mapping.roleClaim])) {
      const mapped = mapping.roleMap[value]
      if (mapped && (role === null || ROLE_RANK[mapped] > ROLE_RANK[role])) role = mapped
    }
  }
  const omrade = mapping.omradeClaim ? (values(claims[mapping.omradeClaim])[0]?.trim() ?? null) : null
  return { username: username.trim(), name, role, omrade: omrade || null }
}

export type RoleMapParse = { ok: true; value: Record<string, Role> } | { ok: false; error: string }

/** `Samplan Admins=admin,Samplan Ekonomer=ekonom` -> a role map; each role must be one of Samplan's. */
export function parseRoleMap(text: string): RoleMapParse {
  const value: Record<string, Role> = {}
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue
    const at = pair.lastIndexOf('=')
    const group = pair.slice(0, at).trim()
    const role = RoleSchema.safeParse(pair.slice(at + 1).trim())
    if (at <= 0 || !group || !role.success) {
      return { ok: false, error: `"${pair.trim()}" is not group=role with a role of ${RoleSchema.options.join(', ')}` }
    }
    value[group] = role.data
  }
  return { ok: true, value }
}
