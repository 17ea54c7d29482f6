import { readFileSync } from 'node:fs'

/** Linux reports CPU times in clock ticks; 100 Hz on every kernel config this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100

export interface ProcessUsage {
  /** Peak resident set seen by the sampler (and the kernel's own high-water mark, VmHWM), bytes. */
  peakRssBytes: number
  /** CPU time (user + system) over the window, as a share of one core (1 = one core busy). */
  cpuCores: number
  cpuSeconds: number
  wallSeconds: number
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may contain spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) * 1024 : 0
}

/** Samples a child process's RSS and CPU from /proc while a benchmark phase runs. */
export function watchProcess(pid: number, intervalMs = 250): { stop(): ProcessUsage } {
  const startTicks = cpuTicks(pid)
  const start = performance.now()
  let peak = statusKb(pid, 'VmRSS')
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, statusKb(pid, 'VmRSS'))
    } catch {
      clearInterval(timer)
    }
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      const wallSeconds = (performance.now() - start) / 1000
      const cpuSeconds = (cpuTicks(pid) - startTicks) / CLOCK_TICKS
      peak = Math.max(peak, statusKb(pid, 'VmRSS'), statusKb(pid, 'VmHWM'))
      return { peakRssBytes: peak, cpuSeconds, wallSeconds, cpuCores: cpuSeconds / wallSeconds }
    },
  }
}
