import { afterAll, describe, expect, it } from 'vitest'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { connectClient, login } from './support/yjs-client'

describe('one server owns its SQLite file', () => {
  const servers: ServerProcess[] = []
  afterAll(async () => {
    for (const s of servers) await s.stop()
    if (servers[0]) removeDir(servers[0].dataDir)
  })

  it('stops a second server started on the same data directory, saying why, and leaves the first serving', async () => {
    const first = await startServerProcess()
    servers.push(first)
    await expect(startServerProcess({ dataDir: first.dataDir })).rejects.toThrow(
      /exited with 2 before listening:[\s\S]*samplan\.sqlite is in use by another Samplan server/,
    )
    const health = await fetch(`${first.url}/api/health`)
    expect(health.status).toBe(200)
    const client = await connectClient(first.wsUrl, 'vp-2024', await login(first.url, 'ekonom'))
    client.destroy()

    // Once the first has stopped, the file is free again.
    await first.stop()
    const next = await startServerProcess({ dataDir: first.dataDir })
    servers.push(next)
    expect((await fetch(`${next.url}/api/health`)).status).toBe(200)
  })
})
