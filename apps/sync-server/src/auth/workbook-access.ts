import type { MemberTable } from '../storage/member-table'
import type { User } from './users'

/** Who may open which workbook (SPEC A2): its members, and admins everywhere. */
export interface WorkbookAccess {
  grant(workbookId: string, userId: string): void
  canOpen(user: User, workbookId: string): boolean
  /** Ids of the workbooks a user may open. */
  visibleTo(user: User): Set<string> | 'all'
}

export function createWorkbookAccess(members: MemberTable): WorkbookAccess {
  return {
    grant: (workbookId, userId) => members.add(workbookId, userId),
    canOpen: (user, workbookId) => user.role === 'admin' || members.has(workbookId, user.id),
    visibleTo: (user) => (user.role === 'admin' ? 'all' : new Set(members.workbooksOf(user.id))),
  }
}
