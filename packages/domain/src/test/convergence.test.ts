import { describe, expect, it } from 'vitest'
import { runConvergenceSequence } from './convergence-harness'
import { host } from './host'

// CONVERGENCE_SEED=1234 npx vitest run src/test/convergence.test.ts reruns one failing seed.
const only = host.process.env.CONVERGENCE_SEED
const seeds = only !== undefined ? [Number(only)] : Array.from({ length: 300 }, (_, i) => i + 1)

describe('convergence (property)', () => {
  it(`[M1-M8] ${seeds.length} random concurrent sessions of 3 replicas converge and keep every formula's meaning`, () => {
    const failures = seeds.map((seed) => runConvergenceSequence(seed)).filter((r) => !r.ok)
    for (const f of failures.slice(0, 3)) {
      host.console.error(`convergence seed ${f.seed} failed (rerun: CONVERGENCE_SEED=${f.seed} npx vitest run src/test/convergence.test.ts):\n${f.error}`)
    }
    expect(failures.map((f) => `seed ${f.seed}: ${f.error}`)).toEqual([])
  })
})
