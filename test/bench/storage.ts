import type { BenchResult } from './support/report'
export async function runStorage(): Promise<BenchResult> { throw new Error('not yet') }
