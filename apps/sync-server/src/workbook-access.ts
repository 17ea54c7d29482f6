import type Database from 'better-sqlite3'
import type { User } from './users'

/** Who may open which workbook: members, and admins everywhere. */
export interface WorkbookAccess {
  grant(workbookId: string, userId: string): void
  canOpen(user: User, workbookId: string): boolean
  /** Ids of the workbooks a user may open. */
  visibleTo(user: User): Set<string> | 'all'
}

export function openWorkbookAccess(db: Database.Database): WorkbookAccess {
  db.exec(`
    CREATE TABLE IF NOT EXISTS workbook_members (
      workbook_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      PRIMARY KEY (workbook_id, user_id)
    );
  `)
  const insert = db.prepare('INSERT OR IGNORE INTO workbook_members (workbook_id, user_id) VALUES (?, ?)')
  const member = db.prepare('SELECT 1 FROM workbook_members WHERE workbook_id = ? AND user_id = ?')
  const ofUser = db.prepare('SELECT workbook_id AS id FROM workbook_members WHERE user_id = ?')
  return {
    grant: (workbookId, userId) => void insert.run(workbookId, userId),
    canOpen: (user, workbookId) => user.role === 'admin' || member.get(workbookId, user.id) !== undefined,
    visibleTo: (user) =>
      user.role === 'admin' ? 'all' : new Set((ofUser.all(user.id) as Array<{ id: string }>).map((r) => r.id)),
  }
}
