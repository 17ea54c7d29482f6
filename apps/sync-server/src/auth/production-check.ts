import { DEMO_PASSWORD } from './demo-users'
import { MIN_SECRET_BYTES } from './sign-in-config'
import type { UserDirectory } from './users'

/** Thrown when a production server would start with demo credentials or without a real token secret. */
export class ProductionSafetyError extends Error {
  override name = 'ProductionSafetyError'
  constructor(message: string) {
    super(`Samplan refuses to start in production: ${message}`)
  }
}

/**
 * What production must not have (README, "Sign-in through the city's identity provider"): a
 * token secret shorter than 32 bytes, or any user who still signs in with the demo password.
 * Throws ProductionSafetyError naming what to change.
 */
export async function checkProductionSafety(users: UserDirectory, jwtSecret: string | undefined): Promise<void> {
  if (Buffer.byteLength(jwtSecret ?? '') < MIN_SECRET_BYTES) {
    throw new ProductionSafetyError(
      `set SAMPLAN_JWT_SECRET to a random secret of at least ${MIN_SECRET_BYTES} bytes, e.g. the output of "openssl rand -base64 48".`,
    )
  }
  const demo = await users.withPassword(DEMO_PASSWORD)
  if (demo.length > 0) {
    throw new ProductionSafetyError(
      `${demo.length} user(s) still have the demo password (${demo.map((u) => u.username).join(', ')}). ` +
        'Remove them or give them other passwords, or sign in through the identity provider (SAMPLAN_OIDC_ISSUER) instead.',
    )
  }
}
