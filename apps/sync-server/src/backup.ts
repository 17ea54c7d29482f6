import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readServerConfig } from './config'
import { backupSqlite } from './storage/sqlite/online-backup'

// `npm run backup -w @samplan/sync-server -- <file>`: an online copy of the SQLite database (README.md, "Backup and restore").
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const target = process.argv[2]
if (!target) {
  console.error('Name the backup file: npm run backup -w @samplan/sync-server -- <file>')
  process.exit(2)
}
const config = readServerConfig(process.env, repoRoot)
if (!config.ok) {
  console.error(config.error)
  process.exit(2)
}
const { storage } = config.value
if (storage.kind !== 'sqlite') {
  console.error(
    'The data is in PostgreSQL: back it up with pg_dump -Fc -f <file> "$SAMPLAN_DATABASE_URL" (README.md, "Backup and restore").',
  )
  process.exit(2)
}
const file = resolve(process.env.INIT_CWD ?? process.cwd(), target)
const pages = await backupSqlite(storage.file, file)
console.log(`Backed up ${storage.file} to ${file} (${pages} pages)`)
