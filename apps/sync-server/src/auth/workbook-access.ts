import type { MemberTable } from '../storage/member-table'
import type { User } from './users'

/** Who may open which workbook (SPEC A2): its members, and admins everywhere. */
export interface WorkbookAccess {
  grant(workbookId: string, userId: string): void
  /** Ids of a workbook's members (admins open every workbook without being members). */
  membersOf(workbookId: string): string[]
  canOpen(user: User, workbookId: string): boolean
  /** Ids of the workbooks a user may open. */
  visibleTo(user: User): Set<string> | 'all'
}

export function createWorkbookAccess(members: MemberTable): WorkbookAccess {
  return {
    grant: (workbookId, userId) => members.add(workbookId, userId),
    membersOf: (workbookId) => members.usersOf(workbookId),
    canOpen: (user, workbookId) => user.role === 'admin' || members.has(workbookId, user.id),
    visibleTo: (user) => (user.role === 'admin' ? 'all' : new Set(members.workbooksOf(user.id))),
  }
}
