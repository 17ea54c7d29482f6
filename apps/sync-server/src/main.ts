import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from './server'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const port = Number(process.env.PORT ?? 8787)
const dataDir = resolve(process.env.SAMPLAN_DATA_DIR ?? resolve(repoRoot, 'data'))
const webDist = resolve(process.env.SAMPLAN_WEB_DIST ?? resolve(repoRoot, 'apps/web/dist'))

const server = await startServer({
  port,
  host: process.env.HOST ?? '0.0.0.0',
  databaseFile: resolve(dataDir, 'samplan.sqlite'),
  webDist,
  tokenTtlSeconds: process.env.SAMPLAN_TOKEN_TTL_SECONDS ? Number(process.env.SAMPLAN_TOKEN_TTL_SECONDS) : undefined,
  maxMessageBytes: process.env.SAMPLAN_MAX_MESSAGE_BYTES ? Number(process.env.SAMPLAN_MAX_MESSAGE_BYTES) : undefined,
  jwtSecret: process.env.SAMPLAN_JWT_SECRET,
  trustProxy: process.env.SAMPLAN_TRUST_PROXY === '1',
  loginBackoffMs: process.env.SAMPLAN_LOGIN_BACKOFF_MS ? Number(process.env.SAMPLAN_LOGIN_BACKOFF_MS) : undefined,
})
console.log(`Samplan is running at http://localhost:${server.port} (data: ${dataDir})`)

let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    void server.close().then(() => process.exit(0))
  })
}
