/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
}

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

/** Milliseconds with one decimal and a thin space as thousands separator (as in mirror.ts). */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  return `${group(value.toFixed(1))} ms`
}

export function count(value: number): string {
  return group(String(Math.round(value)))
}

export function bytes(value: number): string {
  if (value >= 2 ** 20) return `${(value / 2 ** 20).toFixed(1)} MiB`
  if (value >= 2 ** 10) return `${(value / 2 ** 10).toFixed(1)} KiB`
  return `${value} B`
}

export function ratio(samplan: number, reference: number): string {
  if (!Number.isFinite(samplan) || !Number.isFinite(reference) || reference === 0) return 'n/a'
  return `${(samplan / reference).toFixed(2)}x`
}

function group(text: string): string {
  const [whole = '', fraction] = text.split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  return fraction === undefined ? grouped : `${grouped}.${fraction}`
}

export const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis))

/** Polls until `check` holds or `timeoutMs` passes; returns whether it held (a benchmark reports, never throws on slowness). */
export async function waitUntil(check: () => boolean, timeoutMs: number, pollMs = 20): Promise<boolean> {
  const end = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > end) return false
    await sleep(pollMs)
  }
  return true
}

/** Median and interquartile range of per-round ratios, e.g. `1.06x (IQR 0.98x-1.15x, 12 rounds)`. */
export function ratioSpread(ratios: readonly number[]): string {
  const finite = ratios.filter((r) => Number.isFinite(r))
  if (finite.length === 0) return 'n/a'
  const x = (v: number) => `${v.toFixed(2)}x`
  return `${x(median(finite))} (IQR ${x(percentile(finite, 25))}-${x(percentile(finite, 75))}, ${finite.length} rounds)`
}
