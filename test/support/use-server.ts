import { afterAll, beforeAll } from 'vitest'
import { removeDir, startServerProcess, type ServerProcess } from './server-process'

/**
 * A real server with a temporary database for one describe block, started before its tests and
 * stopped (its data removed) after them. Read `server` inside tests, not at collection time.
 */
export function useServer(options: Parameters<typeof startServerProcess>[0] = {}): { readonly server: ServerProcess } {
  let server: ServerProcess | undefined
  beforeAll(async () => {
    server = await startServerProcess(options)
  })
  afterAll(async () => {
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll')
      return server
    },
  }
}
