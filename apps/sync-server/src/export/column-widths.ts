import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** fontkit's part this module uses (it ships no types). */
interface Font {
  unitsPerEm: number
  layout(text: string): { advanceWidth: number }
}
const fontkit = require('fontkit') as { openSync(path: string): Font }

/** The bold face pdfmake prints header rows in (the font pdfmake itself embeds). */
const HEADER_FONT_FILE = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto', 'Roboto-Medium.ttf')
let headerFont: Font | undefined

/** Width in points of `text` set in the header face at `size`. */
export function headerTextWidth(text: string, size: number): number {
  headerFont ??= fontkit.openSync(HEADER_FONT_FILE)
  return (headerFont.layout(text).advanceWidth / headerFont.unitsPerEm) * size
}

/** The widest single word of any of `texts`: a header must never be broken inside a word. */
export function widestWord(texts: readonly string[], measure: (word: string) => number): number {
  let widest = 0
  for (const text of texts) for (const word of text.split(/\s+/)) if (word) widest = Math.max(widest, measure(word))
  return widest
}

/**
 * Column widths for `available` points: proportional to `preferred`, but never
 * below `minimum` (its longest header word); what the narrow columns need is
 * taken from the columns that have room to spare. When even the minimums do
 * not fit, they are scaled down together (the caller may then pick a smaller font).
 */
export function fitColumnWidths(preferred: readonly number[], minimum: readonly number[], available: number): number[] {
  const needed = minimum.reduce((a, b) => a + b, 0)
  if (needed >= available) return minimum.map((m) => Math.floor((m / needed) * available))
  const total = preferred.reduce((a, b) => a + b, 0)
  let widths = preferred.map((p) => (p / total) * available)
  // Pin every column below its minimum, share the rest among the others; repeat until none is short.
  const pinned = new Set<number>()
  for (;;) {
    const short = widths.findIndex((w, i) => !pinned.has(i) && w < (minimum[i] ?? 0))
    if (short < 0) break
    for (let i = 0; i < widths.length; i++) if (widths[i]! < (minimum[i] ?? 0)) pinned.add(i)
    const fixed = [...pinned].reduce((sum, i) => sum + (minimum[i] ?? 0), 0)
    const freePreferred = preferred.reduce((sum, p, i) => (pinned.has(i) ? sum : sum + p), 0)
    widths = preferred.map((p, i) => (pinned.has(i) ? (minimum[i] ?? 0) : (p / freePreferred) * (available - fixed)))
  }
  return widths.map((w) => Math.floor(w))
}
