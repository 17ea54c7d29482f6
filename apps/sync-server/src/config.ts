import { resolve } from 'node:path'
import { z } from 'zod'
import { readSignInConfig } from './auth/sign-in-config'
import type { ServerOptions } from './server'

/** An unset variable and an empty one mean the same: the default. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional())
const wholeNumber = (what: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: `must be a whole number (${what})` })
    .int(`must be a whole number (${what})`)
    .min(min, `must be at least ${min} (${what})`)
    .max(max, `must be at most ${max} (${what})`)

/** The environment the server reads (README.md lists it), checked before anything starts; messages go to the operator's console. */
export const ServerEnv = z.object({
  PORT: optional(wholeNumber('the HTTP port; 0 picks a free one', 0, 65535)),
  HOST: optional(z.string()),
  SAMPLAN_DATA_DIR: optional(z.string()),
  SAMPLAN_WEB_DIST: optional(z.string()),
  SAMPLAN_DATABASE_URL: optional(
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\/\S+$/,
        'must be a PostgreSQL address such as postgres://samplan:secret@127.0.0.1:5432/samplan; unset it to keep the data in SQLite under data/',
      ),
  ),
  // Several servers share one PostgreSQL and hear each other's updates and presence through Redis.
  SAMPLAN_REDIS_URL: optional(
    z.string().regex(/^rediss?:\/\/\S+$/, 'must be a Redis address such as redis://127.0.0.1:6379; unset it to run one server'),
  ),
  SAMPLAN_TOKEN_TTL_SECONDS: optional(wholeNumber('sign-in lifetime in seconds', 1)),
  SAMPLAN_MAX_MESSAGE_BYTES: optional(wholeNumber('largest websocket frame in bytes', 1)),
  SAMPLAN_JWT_SECRET: optional(z.string()),
  SAMPLAN_TRUST_PROXY: optional(z.enum(['0', '1'], { error: 'must be 1 (behind one reverse proxy) or 0' })),
  SAMPLAN_LOGIN_BACKOFF_MS: optional(wholeNumber('first sign-in back-off in milliseconds', 1)),
  // Each worker holds every engine it hosts; more of them spread builds over cores at about 110 MiB each.
  SAMPLAN_ENGINE_WORKERS: optional(wholeNumber('worker threads for the formula engines of the computed values', 1, 64)),
})

export type ServerConfig = Omit<ServerOptions, 'log'> & {
  /** Where the data lives, for the start-up line (a folder, or the PostgreSQL address without its password). */
  dataLabel: string
}

export type ConfigResult = { ok: true; value: ServerConfig } | { ok: false; error: string }

/**
 * The server's options from `env`; without SAMPLAN_DATABASE_URL the data is a SQLite file under
 * `SAMPLAN_DATA_DIR` (default `<repo>/data`). A bad value is an error naming the variable and what it should be.
 */
export function readServerConfig(env: Record<string, string | undefined>, repoRoot: string): ConfigResult {
  const parsed = ServerEnv.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    return { ok: false, error: `Samplan cannot start, the configuration is wrong:\n  ${lines.join('\n  ')}` }
  }
  const signIn = readSignInConfig(env)
  if (!signIn.ok) return { ok: false, error: `Samplan cannot start, the configuration is wrong:\n  ${signIn.errors.join('\n  ')}` }
  const e = parsed.data
  if (e.SAMPLAN_REDIS_URL && !e.SAMPLAN_DATABASE_URL) {
    return {
      ok: false,
      error:
        'Samplan cannot start, the configuration is wrong:\n  SAMPLAN_REDIS_URL: several servers share one PostgreSQL database: set SAMPLAN_DATABASE_URL too, or unset SAMPLAN_REDIS_URL',
    }
  }
  const dataDir = resolve(e.SAMPLAN_DATA_DIR ?? resolve(repoRoot, 'data'))
  const postgres = e.SAMPLAN_DATABASE_URL
  return {
    ok: true,
    value: {
      port: e.PORT ?? 8787,
      host: e.HOST ?? '0.0.0.0',
      storage: postgres ? { kind: 'postgres', url: postgres } : { kind: 'sqlite', file: resolve(dataDir, 'samplan.sqlite') },
      redisUrl: e.SAMPLAN_REDIS_URL,
      dataLabel: postgres
        ? withoutPassword(postgres) + (e.SAMPLAN_REDIS_URL ? `, peers through ${withoutPassword(e.SAMPLAN_REDIS_URL)}` : '')
        : dataDir,
      webDist: resolve(e.SAMPLAN_WEB_DIST ?? resolve(repoRoot, 'apps/web/dist')),
      tokenTtlSeconds: e.SAMPLAN_TOKEN_TTL_SECONDS,
      maxMessageBytes: e.SAMPLAN_MAX_MESSAGE_BYTES,
      jwtSecret: e.SAMPLAN_JWT_SECRET,
      trustProxy: e.SAMPLAN_TRUST_PROXY === '1',
      loginBackoffMs: e.SAMPLAN_LOGIN_BACKOFF_MS,
      engineWorkers: e.SAMPLAN_ENGINE_WORKERS,
      // Sign-in (auth/sign-in-config.ts): production safety, the session cookie, the city's identity provider.
      ...signIn.value,
    },
  }
}

function withoutPassword(url: string): string {
  try {
    const u = new URL(url)
    u.password = ''
    return u.toString()
  } catch {
    return 'PostgreSQL'
  }
}
