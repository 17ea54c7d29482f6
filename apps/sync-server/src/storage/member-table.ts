import type Database from 'better-sqlite3'

/** Who is a member of which workbook (the rule that admins see all is auth/workbook-access.ts's). */
export interface MemberTable {
  /** Adds a member; adding one twice changes nothing. */
  add(workbookId: string, userId: string): void
  has(workbookId: string, userId: string): boolean
  workbooksOf(userId: string): string[]
  usersOf(workbookId: string): string[]
}

export function openMemberTable(db: Database.Database): MemberTable {
  const insert = db.prepare('INSERT OR IGNORE INTO workbook_members (workbook_id, user_id) VALUES (?, ?)')
  const member = db.prepare('SELECT 1 FROM workbook_members WHERE workbook_id = ? AND user_id = ?')
  const ofUser = db.prepare('SELECT workbook_id AS id FROM workbook_members WHERE user_id = ?')
  const ofWorkbook = db.prepare('SELECT user_id AS id FROM workbook_members WHERE workbook_id = ?')
  return {
    add: (workbookId, userId) => void insert.run(workbookId, userId),
    has: (workbookId, userId) => member.get(workbookId, userId) !== undefined,
    workbooksOf: (userId) => (ofUser.all(userId) as Array<{ id: string }>).map((r) => r.id),
    usersOf: (workbookId) => (ofWorkbook.all(workbookId) as Array<{ id: string }>).map((r) => r.id),
  }
}
