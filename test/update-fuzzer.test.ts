/**
 * The update fuzzer (support/update-fuzzer.ts) against a real server: crafted
 * updates built from the live state, as a läsare and as chef1, before and after
 * the workbook is beslutad, each judged against the rights oracle; then the
 * workbook must load after a restart. `npm run soak:fuzz` runs 10 000.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fingerprint, type Fingerprint } from './support/doc-fingerprint'
import { fetchServerDoc, loginAll, restartServer, type Tokens } from './support/live-server'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { formatTally, runUpdateFuzzer } from './support/update-fuzzer'

const CRAFTED = 1_200
const SEED = 20_241_129

describe('fuzzed crafted updates against a live server', () => {
  let server: ServerProcess
  let tokens: Tokens
  let last: Fingerprint | undefined

  beforeAll(async () => {
    server = await startServerProcess()
    tokens = await loginAll(server)
  })

  afterAll(async () => {
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it(`changes the document only as the rights allow, across ${CRAFTED} crafted updates`, async () => {
    const report = await runUpdateFuzzer(server, tokens, { seed: SEED, count: CRAFTED })
    console.log(`update fuzzer, seed ${SEED}:\n${formatTally(report)}${report.violations.map((v) => `\n  ${v}`).join('')}`)
    last = fingerprint(report.mirror)
    expect(report.violations).toEqual([])
    expect(report.aborted).toBeUndefined()
    expect(report.crafted).toBe(CRAFTED)
  })

  it('the workbook loads after a restart with the same data', async () => {
    expect(last, 'the fuzz run read the final state').toBeDefined()
    server = await restartServer(server)
    tokens = await loginAll(server)
    expect(fingerprint(await fetchServerDoc(server, tokens.lasare))).toEqual(last)
  })
})
