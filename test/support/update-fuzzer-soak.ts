/**
 * Soak run of the update fuzzer against a fresh server:
 *
 *   node --import tsx support/update-fuzzer-soak.ts [count=10000] [seed]
 *
 * (`npm run soak:fuzz` in test/). Prints the tally and any violations, checks
 * the workbook loads after a restart, and exits non-zero on any failure.
 */
import { isDeepStrictEqual } from 'node:util'
import { fingerprint } from './doc-fingerprint'
import { fetchServerDoc, loginAll, restartServer } from './live-server'
import { removeDir, startServerProcess } from './server-process'
import { formatTally, runUpdateFuzzer } from './update-fuzzer'

const count = Number(process.argv[2] ?? 10_000)
const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31))
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('usage: update-fuzzer-soak.ts [count] [seed]')
  process.exit(2)
}

let server = await startServerProcess()
let failed = false
try {
  const started = Date.now()
  let printed = 0
  console.log(`update fuzzer soak: ${count} crafted updates, seed ${seed}`)
  const report = await runUpdateFuzzer(server, await loginAll(server), {
    seed,
    count,
    onProgress: (done) => {
      // Bursts advance several at once, so report each thousand crossed.
      if (Math.floor(done / 1000) > printed) {
        printed = Math.floor(done / 1000)
        console.log(`  ${done} / ${count} (${Math.round((Date.now() - started) / 1000)} s)`)
      }
    },
  })
  console.log(formatTally(report))
  for (const v of report.violations) console.log(`  ${v}`)
  console.log(`fuzzing took ${Math.round((Date.now() - started) / 1000)} s`)
  failed = report.violationCount > 0 || report.aborted !== undefined

  const last = fingerprint(report.mirror)
  server = await restartServer(server)
  const tokens = await loginAll(server)
  const reloaded = fingerprint(await fetchServerDoc(server, tokens.lasare))
  const loads = isDeepStrictEqual(reloaded, last)
  console.log(loads ? 'the workbook loads after a restart, unchanged' : 'FAILED: the workbook differs after a restart')
  failed ||= !loads
} catch (err) {
  console.error(err)
  failed = true
} finally {
  await server.stop()
  removeDir(server.dataDir)
}
console.log(failed ? 'SOAK FAILED' : 'soak passed')
process.exit(failed ? 1 : 0)
