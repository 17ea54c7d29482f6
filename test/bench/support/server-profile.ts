import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { removeDir, repoRoot } from '../../support/server-process'
import { describeProfile, summarizeProfile, type CpuProfile } from './cpu-profile'
import type { SyncTarget } from './sync-targets'

/** How a benchmark puts its load on a server: connect its clients, run the load once, disconnect. */
export interface LoadSteps<P> {
  prepare(target: SyncTarget): Promise<P>
  run(prepared: P, seconds: number): Promise<unknown>
  close(prepared: P): Promise<void>
}

/**
 * A benchmark's load against a server whose main thread is sampled by the inspector's profiler (see
 * cpu-profile-hook.mjs), from after its clients connected to the end of the load: where its time went, in words.
 */
export async function profileUnderLoad<P extends { target: SyncTarget }>(
  seconds: number,
  start: (env: Record<string, string>) => Promise<SyncTarget>,
  steps: LoadSteps<P>,
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
    return describeProfile(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile))
  } finally {
    removeDir(dir)
  }
}
