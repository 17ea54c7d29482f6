// Loaded into a server child with NODE_OPTIONS=--import=<this file> and BENCH_STALL_LOG=<file>: appends a line
// `stall <epoch ms when it ended> <ms>` for every stretch of STALL_MS or more in which the event loop ran no timer,
// and `gc <epoch ms when it started> <ms>` for every garbage collection pause of GC_MS or more.
import { appendFileSync } from 'node:fs'
import { PerformanceObserver } from 'node:perf_hooks'

const file = process.env.BENCH_STALL_LOG
const TICK_MS = 10
const STALL_MS = 40
const GC_MS = 5
if (file) {
  let last = performance.now()
  setInterval(() => {
    const now = performance.now()
    const stalled = now - last - TICK_MS
    if (stalled >= STALL_MS) appendFileSync(file, `stall ${(performance.timeOrigin + now).toFixed(1)} ${stalled.toFixed(1)}\n`)
    last = now
  }, TICK_MS).unref()
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration >= GC_MS)
        appendFileSync(file, `gc ${(performance.timeOrigin + entry.startTime).toFixed(1)} ${entry.duration.toFixed(1)}\n`)
    }
  }).observe({ entryTypes: ['gc'] })
}
