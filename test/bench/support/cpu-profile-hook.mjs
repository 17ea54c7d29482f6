// Loaded into the server child with NODE_OPTIONS=--import=<this file> (Node refuses --cpu-prof there):
// samples the main thread from SIGUSR2 (so start-up is left out) and writes the profile to BENCH_CPU_PROFILE on SIGTERM.
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'

const file = process.env.BENCH_CPU_PROFILE
if (file) {
  const session = new Session()
  session.connect()
  session.post('Profiler.enable')
  process.on('SIGUSR2', () => session.post('Profiler.start'))
  let stopped = false
  process.on('SIGTERM', () => {
    if (stopped) return
    stopped = true
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(file, JSON.stringify(result.profile))
    })
  })
}
