import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { removeDir, repoRoot } from '../../support/server-process'
import { describeProfile, summarizeProfile, type CpuProfile, type Phase } from './cpu-profile'
import type { SyncTarget } from './sync-targets'

/** How a benchmark puts its load on a server: connect its clients, run the load once, disconnect. */
export interface LoadSteps<P> {
  prepare(target: SyncTarget): Promise<P>
  run(prepared: P, seconds: number): Promise<unknown>
  close(prepared: P): Promise<void>
}

const SERVER = 'samplan apps/sync-server'
const RELAY = '@y/websocket-server'

/** Where a Samplan server's time goes per update, by the functions that hold each stretch of it. */
export const SAMPLAN_PHASES: readonly Phase[] = [
  {
    label: "the update gate (shape, a one-cell set's effects from its bytes or integration into the replica, rights)",
    functionName: 'check',
    origin: 'samplan packages/domain',
  },
  { label: "the turn's database commit", functionName: 'commit', origin: SERVER },
  { label: 'old values for the audit', functionName: 'captureBefore', origin: SERVER },
  { label: 'audit entries', functionName: 'appendTo', origin: SERVER },
  { label: 'after the commit: the live doc and the relay', functionName: 'applyDurable', origin: SERVER },
  { label: 'relaying to the sockets', functionName: 'relay', origin: SERVER },
]

/** The same stretches in the bare relay, which does all its work while handling the message. */
export const RELAY_PHASES: readonly Phase[] = [
  { label: 'handling a message (applying and relaying it)', functionName: 'messageListener', origin: RELAY },
  { label: 'relaying to the sockets', functionName: 'updateHandler', origin: RELAY },
]

/**
 * A benchmark's load against a server whose main thread is sampled by the inspector's profiler (see
 * cpu-profile-hook.mjs), from after its clients connected to the end of the load: where its time went, in words.
 */
export async function profileUnderLoad<P extends { target: SyncTarget }>(
  seconds: number,
  start: (env: Record<string, string>) => Promise<SyncTarget>,
  steps: LoadSteps<P>,
  phases: readonly Phase[] = [],
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-bench-prof-'))
  try {
    const file = join(dir, 'server.cpuprofile')
    const hook = join(repoRoot, 'test/bench/support/cpu-profile-hook.mjs')
    const prepared = await steps.prepare(await start({ NODE_OPTIONS: `--import=${hook}`, BENCH_CPU_PROFILE: file }))
    prepared.target.child.kill('SIGUSR2')
    await steps.run(prepared, seconds)
    await steps.close(prepared)
    if (!existsSync(file)) return 'no profile was written'
    return describeProfile(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, phases))
  } finally {
    removeDir(dir)
  }
}
