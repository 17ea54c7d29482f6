import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from '../../support/server-process'

/** An instant on a clock every process and thread shares. */
export const epochNow = (): number => performance.timeOrigin + performance.now()

/** One stretch in which an event loop ran nothing else, and how much of it garbage collection took. */
export interface Stall {
  ms: number
  gcMs: number
}

/**
 * Where a server child's event loop stood still (loop-stall-hook.mjs): `env` goes to the child,
 * `within` reads the stalls that ended between two `epochNow()` instants.
 */
export interface StallLog {
  env: Record<string, string>
  within(from: number, to: number): Stall[]
  remove(): void
}

export function stallLog(): StallLog {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-bench-stalls-'))
  const file = join(dir, 'stalls.log')
  const hook = join(repoRoot, 'test/bench/support/loop-stall-hook.mjs')
  return {
    env: { NODE_OPTIONS: `--import=${hook}`, BENCH_STALL_LOG: file },
    within(from, to) {
      if (!existsSync(file)) return []
      const lines = readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [kind, at, ms] = line.split(' ')
          return { kind, at: Number(at), ms: Number(ms) }
        })
      const pauses = lines.filter((line) => line.kind === 'gc')
      return lines
        .filter((line) => line.kind === 'stall' && line.at >= from && line.at <= to)
        .map(({ at, ms }) => {
          // The pauses' overlap with the stall [at - ms, at].
          const gcMs = pauses.reduce((sum, gc) => sum + Math.max(0, Math.min(at, gc.at + gc.ms) - Math.max(at - ms, gc.at)), 0)
          return { ms, gcMs }
        })
    },
    remove() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
