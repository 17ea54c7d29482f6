/**
 * Domain compiles without Node or DOM types, because its code must run in both.
 * Tests and scripts reach the host (env, argv, console, clock) through this one typed view.
 */
export const host = globalThis as unknown as {
  process: { env: Record<string, string | undefined>; argv: string[]; exitCode?: number; version: string }
  console: { log(...args: unknown[]): void; error(...args: unknown[]): void }
  performance: { now(): number }
}
