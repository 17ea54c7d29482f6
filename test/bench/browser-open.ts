import type { BenchResult } from './support/report'
export async function runBrowserOpen(): Promise<BenchResult> { throw new Error('not yet') }
