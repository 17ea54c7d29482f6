import type Database from 'better-sqlite3'

/** Server-wide values kept across restarts (the generated token secret). */
export interface Settings {
  get(key: string): string | undefined
  /** The stored value, or `create()`'s, stored now if there was none. */
  getOrCreate(key: string, create: () => string): string
}

export function openSettings(db: Database.Database): Settings {
  const select = db.prepare('SELECT value FROM settings WHERE key = ?')
  const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)')
  const get = (key: string) => (select.get(key) as { value: string } | undefined)?.value
  return {
    get,
    getOrCreate(key, create) {
      const existing = get(key)
      if (existing !== undefined) return existing
      const value = create()
      insert.run(key, value)
      return value
    },
  }
}
