/**
 * Convergence soak: many seeded random sessions (SPEC M1-M9), run on purpose, not in `npm test`.
 *   node --import tsx packages/domain/src/test/convergence-soak.ts 10000 [firstSeed] [steps]
 * Prints a table (sequences, failures, seconds) and every failing seed; exits 1 on any failure.
 */
import { runConvergenceSequence, type SequenceResult } from './convergence-harness'
import { host } from './host'

const [countArg, firstArg, stepsArg] = host.process.argv.slice(2)
const count = Number(countArg ?? 10000)
const first = Number(firstArg ?? 1)
const steps = Number(stepsArg ?? 40)

const started = host.performance.now()
const failures: SequenceResult[] = []
let formulas = 0
let syncRuns = 0
for (let seed = first; seed < first + count; seed++) {
  const r = runConvergenceSequence(seed, { steps })
  formulas += r.formulas
  if (seed % 4 === 0) syncRuns++
  if (!r.ok) {
    failures.push(r)
    host.console.error(`seed ${seed} failed: ${r.error}`)
  }
  if ((seed - first + 1) % 1000 === 0) host.console.error(`… ${seed - first + 1}/${count}`)
}
const seconds = (host.performance.now() - started) / 1000

host.console.log('')
host.console.log('| sequences | of which synchronous | steps each | replicas | formulas checked | failures | seconds |')
host.console.log('|---:|---:|---:|---:|---:|---:|---:|')
host.console.log(`| ${count} | ${syncRuns} | ${steps} | 3 | ${formulas} | ${failures.length} | ${seconds.toFixed(1)} |`)
if (failures.length > 0) {
  host.console.log(`\nfailing seeds: ${failures.map((f) => f.seed).join(', ')}`)
  host.console.log(`rerun one: CONVERGENCE_SEED=${failures[0]!.seed} npx vitest run src/test/convergence.test.ts`)
  host.process.exitCode = 1
}
