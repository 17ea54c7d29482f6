/**
 * Several real Samplan servers over one PostgreSQL database and one redis-server, as in
 * production (README.md, "Run several servers"), plus a round-robin TCP front that stands in for
 * a load balancer without sticky sessions.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import net from 'node:net'
import { freePort } from '@samplan/sync-server/testing'
import { startServerProcess, type ServerProcess } from './server-process'

/** `count` servers started together (they migrate and seed at the same moment) on one database and one Redis; `extra` adds to their environment. */
export function startCluster(
  count: number,
  databaseUrl: string,
  redisUrl: string,
  extra: Record<string, string> = {},
): Promise<ServerProcess[]> {
  const env = { ...extra, SAMPLAN_DATABASE_URL: databaseUrl, SAMPLAN_REDIS_URL: redisUrl }
  return Promise.all(Array.from({ length: count }, () => startServerProcess({ env })))
}

/** A redis-server on a fixed port that can be stopped and started again there (the Redis restart fault). */
export interface RestartableRedis {
  readonly url: string
  start(): Promise<void>
  stop(): Promise<void>
}

export async function restartableRedis(): Promise<RestartableRedis> {
  const port = await freePort()
  let child: ChildProcess | null = null
  const redis: RestartableRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child = started
      let output = ''
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString()
          if (output.includes('Ready to accept connections')) resolve()
        }
        started.stdout?.on('data', onData)
        started.stderr?.on('data', onData)
        started.once('error', reject)
        started.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)))
      })
    },
    async stop() {
      const running = child
      child = null
      if (!running || running.exitCode !== null || running.signalCode !== null) return
      const exited = once(running, 'exit')
      running.kill('SIGTERM')
      await exited
    },
  }
  await redis.start()
  return redis
}

/**
 * A TCP front on 127.0.0.1 handing each new connection to the next server in turn, skipping
 * servers that refuse it (killed): what a load balancer without sticky sessions does.
 */
export interface RoundRobin {
  readonly wsUrl: string
  close(): Promise<void>
}

export async function roundRobin(ports: readonly number[]): Promise<RoundRobin> {
  let next = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((incoming) => {
    sockets.add(incoming)
    incoming.on('close', () => sockets.delete(incoming))
    incoming.pause()
    const attempt = (tries: number) => {
      if (tries >= ports.length) return incoming.destroy()
      const port = ports[next++ % ports.length] as number
      const outgoing = net.connect(port, '127.0.0.1')
      outgoing.once('connect', () => {
        sockets.add(outgoing)
        outgoing.on('close', () => {
          sockets.delete(outgoing)
          incoming.destroy()
        })
        incoming.on('close', () => outgoing.destroy())
        outgoing.on('error', () => incoming.destroy())
        incoming.on('error', () => outgoing.destroy())
        incoming.pipe(outgoing)
        outgoing.pipe(incoming)
        incoming.resume()
      })
      outgoing.once('error', () => {
        if (!outgoing.connecting && sockets.has(outgoing)) return
        attempt(tries + 1)
      })
    }
    attempt(0)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as net.AddressInfo
  return {
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * The servers whose log last said they judge `workbook` (they hold its lease: cluster/redis-link.ts).
 * A server logs each change of a loaded workbook's lease holder, so one of a healthy cluster's.
 */
export function leaseHolders(servers: readonly ServerProcess[], workbook: string): ServerProcess[] {
  const prefix = `redis: workbook ${workbook} is judged `
  return servers.filter((server) => {
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.includes(prefix))
    return lines.at(-1)?.endsWith(`${prefix}here`) ?? false
  })
}
