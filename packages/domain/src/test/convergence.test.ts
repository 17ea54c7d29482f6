import { describe, expect, it } from 'vitest'
import { runConvergenceSequence } from './convergence-harness'
import { host } from './host'

// CONVERGENCE_SEED=1234 npx vitest run src/test/convergence.test.ts reruns one failing seed.
const only = host.process.env.CONVERGENCE_SEED
const seeds = only !== undefined ? [Number(only)] : Array.from({ length: 300 }, (_, i) => i + 1)

const CHUNK = 50
const chunks = Array.from({ length: Math.ceil(seeds.length / CHUNK) }, (_, i) => seeds.slice(i * CHUNK, (i + 1) * CHUNK))

describe('convergence (property)', () => {
  it.each(chunks.map((c) => [c[0]!, c[c.length - 1]!, c] as const))(
    "[M1-M9] seeds %i-%i: 3 replicas with random concurrent edits converge and keep every formula's meaning",
    { timeout: 60_000 },
    (_first, _last, chunk) => {
    const failures = chunk.map((seed) => runConvergenceSequence(seed)).filter((r) => !r.ok)
    for (const f of failures.slice(0, 3)) {
      host.console.error(`convergence seed ${f.seed} failed (rerun: CONVERGENCE_SEED=${f.seed} npx vitest run src/test/convergence.test.ts):\n${f.error}`)
    }
    expect(failures.map((f) => `seed ${f.seed}: ${f.error}`)).toEqual([])
    },
  )
})
