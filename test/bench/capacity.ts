import type { BenchResult } from './support/report'
export async function runCapacity(): Promise<BenchResult> { throw new Error('not yet') }
