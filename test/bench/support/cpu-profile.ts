/** The parts of a V8 .cpuprofile (Node --cpu-prof, Chromium's Profiler.stop) this summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>
  /** Microseconds on the profiler's clock (Chromium's); samples are at startTime plus the running sum of timeDeltas. */
  startTime?: number
  samples?: number[]
  timeDeltas?: number[]
}

export interface ProfileSummary {
  /** Sampled time the thread was busy (not idle), and the idle share of all sampled time. */
  busyMs: number
  idleShare: number
  /** Self time by code origin (a package, the app's own source, V8/GC, idle). */
  byOrigin: Array<{ name: string; share: number }>
  /** Self time by function. */
  byFunction: Array<{ name: string; share: number }>
  /** Busy time inside each asked-for phase, callees included (a sample counts once per phase). */
  phases: Array<{ name: string; share: number }>
}

/** A stretch of the server's work, known by a function on the stack: its name and the origin it comes from (`originOf`). */
export interface Phase {
  label: string
  functionName: string
  origin: string
}

/** Where a script comes from: the npm package or Samplan package it belongs to. */
function originOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)') return functionName
    return '(native)'
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  if (pkg) return pkg
  const own = /\/(packages|apps)\/([^/]+)\//.exec(url)
  if (own) return `samplan ${own[1]}/${own[2]}`
  // Vite chunks are named after the package they hold (handsontable-xxxx.js, hyperformula-xxxx.js).
  const chunk = /\/assets\/([a-z-]+?)-[A-Za-z0-9_-]{8}\.js/.exec(url)?.[1]
  if (chunk) return chunk === 'index' ? 'web app bundle (Samplan code, React, y-websocket)' : chunk
  if (url.startsWith('node:')) return 'node core'
  return url.replace(/^.*\//, '')
}

/** A function as the tables name it: `name (origin:line)`. */
function functionLabel({ functionName, url, lineNumber }: CpuProfile['nodes'][number]['callFrame']): string {
  return `${functionName || '(anonymous)'} (${originOf(url, functionName)}${url ? `:${lineNumber + 1}` : ''})`
}

function top(map: Map<string, number>, total: number, n: number): Array<{ name: string; share: number }> {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, time]) => ({ name, share: time / total }))
}

/** Self time per origin and per function, from the samples of a V8 CPU profile, and the busy time inside each phase. */
export function summarizeProfile(profile: CpuProfile, phases: readonly Phase[] = [], n = 8): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const origins = new Map<string, number>()
  const functions = new Map<string, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  let total = 0
  let idle = 0
  samples.forEach((id, i) => {
    const node = byId.get(id)
    // timeDeltas[i] is the time before sample i; the next delta is this sample's own duration.
    const dt = deltas[i + 1] ?? deltas[i] ?? 0
    if (!node) return
    const { functionName, url } = node.callFrame
    if (functionName === '(idle)') {
      idle += dt
      return
    }
    const origin = originOf(url, functionName)
    total += dt
    origins.set(origin, (origins.get(origin) ?? 0) + dt)
    const fn = functionLabel(node.callFrame)
    functions.set(fn, (functions.get(fn) ?? 0) + dt)
  })
  // Each phase's nodes found once; a sample is inside a phase when one of them is on its stack.
  const phaseNodes = phases.map(
    ({ functionName, origin }) =>
      new Set(
        profile.nodes
          .filter(({ callFrame }) => callFrame.functionName === functionName && originOf(callFrame.url, functionName) === origin)
          .map((node) => node.id),
      ),
  )
  const inPhase = phases.map(() => 0)
  if (phases.length > 0) {
    for (const { dt, stack } of sampleStacks(profile)) {
      if (stack[0]?.callFrame.functionName === '(idle)') continue
      phaseNodes.forEach((ids, k) => {
        if (stack.some((node) => ids.has(node.id))) inPhase[k] = (inPhase[k] ?? 0) + dt
      })
    }
  }
  return {
    busyMs: total / 1000,
    idleShare: idle / (idle + total),
    byOrigin: top(origins, total, n),
    byFunction: top(functions, total, n),
    phases: phases.map(({ label }, k) => ({ name: label, share: (inPhase[k] ?? 0) / total })),
  }
}

export function describeProfile(summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(0)} %`
  return (
    `busy ${summary.busyMs.toFixed(0)} ms (idle ${pct(summary.idleShare)} of the sampled time); ` +
    `busy self time by origin: ${summary.byOrigin.map((o) => `${o.name} ${pct(o.share)}`).join(', ')}; ` +
    `top functions: ${summary.byFunction.map((f) => `\`${f.name}\` ${pct(f.share)}`).join(', ')}` +
    (summary.phases.length > 0
      ? `; busy time inside (callees included): ${summary.phases.map((p) => `${p.name} ${pct(p.share)}`).join(', ')}`
      : '')
  )
}

/** Each sample's time (milliseconds on the profile's clock, `startTime / 1000`), its own duration (µs) and its stack, innermost first. */
function* sampleStacks(profile: CpuProfile): Generator<{ ms: number; dt: number; stack: CpuProfile['nodes'] }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const deltas = profile.timeDeltas ?? []
  let at = profile.startTime ?? 0
  for (const [i, id] of (profile.samples ?? []).entries()) {
    at += deltas[i] ?? 0
    const stack: CpuProfile['nodes'] = []
    for (let node = byId.get(id); node; node = byId.get(parent.get(node.id) ?? -1)) stack.push(node)
    yield { ms: at / 1000, dt: deltas[i + 1] ?? deltas[i] ?? 0, stack }
  }
}

/**
 * Sampled time inside the given windows (milliseconds on the profile's clock) by function, inclusive: a
 * sample counts once for every distinct function on its stack, so a caller shows what it spent in its
 * callees (the grid's frame, an editor's preparation) while the busiest frames show their own names too.
 */
export function windowTimes(
  profile: CpuProfile,
  windows: ReadonlyArray<{ from: number; to: number }>,
  n = 12,
): Array<{ name: string; ms: number }> {
  const times = new Map<string, number>()
  for (const { ms, dt, stack } of sampleStacks(profile)) {
    if (!windows.some((w) => ms >= w.from && ms <= w.to)) continue
    const names = new Set(stack.filter((node) => node.callFrame.functionName !== '(root)').map((node) => functionLabel(node.callFrame)))
    for (const name of names) times.set(name, (times.get(name) ?? 0) + dt / 1000)
  }
  return [...times.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms }))
}

/** When (milliseconds on the profile's clock) the first sample inside a function of this name was taken, to align the profile with a page's clock. */
export function firstSampleIn(profile: CpuProfile, functionName: string): number | undefined {
  for (const { ms, stack } of sampleStacks(profile)) {
    if (stack.some((node) => node.callFrame.functionName === functionName)) return ms
  }
  return undefined
}
