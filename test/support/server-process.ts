import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '../..')

export interface ServerProcess {
  url: string
  wsUrl: string
  dataDir: string
  child: ChildProcess
  output: () => string
  /** SIGTERM and wait for exit (graceful shutdown). */
  stop(): Promise<void>
  /** SIGKILL: the crash path. */
  kill(): Promise<void>
}

/** Node's flags in `npm start` (the root package.json), so tests and benchmarks run the server as shipped. */
export const SERVER_NODE_FLAGS: readonly string[] = ['--no-memory-reducer']

/**
 * Starts the real server (`apps/sync-server/src/main.ts`) as its own Node
 * process on 127.0.0.1 with a random port. The same `dataDir` can be passed
 * again to restart on the same database file.
 */
export async function startServerProcess(
  options: { dataDir?: string; port?: number; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'samplan-test-'))
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', join(repoRoot, 'apps/sync-server/src/main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      SAMPLAN_DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((res) => child.once('exit', () => res()))

  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start within 60 s:\n${output}`)), 60_000)
    const onData = () => {
      const match = /running at http:\/\/localhost:(\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        res(Number(match[1]))
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`server exited with ${code} before listening:\n${output}`))
    })
  })

  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    child,
    output: () => output,
    stop: () => stopWith('SIGTERM'),
    kill: () => stopWith('SIGKILL'),
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** Wakes on every line the servers write (a `Changes` source for `waitFor`: a log line is the event). */
export function onOutput(...servers: ServerProcess[]): (wake: () => void) => () => void {
  return (wake) => {
    for (const s of servers) s.child.stdout?.on('data', wake)
    return () => {
      for (const s of servers) s.child.stdout?.off('data', wake)
    }
  }
}
