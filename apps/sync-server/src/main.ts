import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ProductionSafetyError } from './auth/production-check'
import { readServerConfig } from './config'
import { startServer } from './server'
import { StorageUnavailableError } from './storage/errors'
import { DatabaseInUseError } from './storage/sqlite/owner-lock'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const config = readServerConfig(process.env, repoRoot)
if (!config.ok) {
  console.error(config.error)
  process.exit(2)
}
const { dataLabel, ...options } = config.value

const server = await startServer(options).catch((err: unknown) => {
  if (err instanceof StorageUnavailableError) {
    console.error(`Samplan cannot reach its database (${err.detail}): check SAMPLAN_DATABASE_URL and that PostgreSQL is running.`)
    process.exit(3)
  }
  if (err instanceof ProductionSafetyError || err instanceof DatabaseInUseError) {
    console.error(err.message)
    process.exit(2)
  }
  throw err
})
console.log(`Samplan is running at http://localhost:${server.port} (data: ${dataLabel})`)

let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    void server.close().then(() => process.exit(0))
  })
}
