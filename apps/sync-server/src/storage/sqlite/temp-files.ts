import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Test support: SQLite database files, each in a fresh temporary directory, removed together. */
export function tempSqliteFiles(prefix: string): { file(): string; removeAll(): void } {
  const dirs: string[] = []
  return {
    file() {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(dir)
      return join(dir, 'db.sqlite')
    },
    removeAll() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
    },
  }
}
