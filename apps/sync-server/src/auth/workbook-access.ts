import type { MemberTable } from '../storage/member-table'
import type { User } from './users'

/** Who may open which workbook (SPEC A2): its members, and admins everywhere. */
export interface WorkbookAccess {
  grant(workbookId: string, userId: string): Promise<void>
  /** Ends a membership; false when there was none. */
  revoke(workbookId: string, userId: string): Promise<boolean>
  /** Ids of a workbook's members (admins open every workbook without being members). */
  membersOf(workbookId: string): Promise<string[]>
  canOpen(user: User, workbookId: string): Promise<boolean>
  /** Ids of the workbooks a user may open. */
  visibleTo(user: User): Promise<Set<string> | 'all'>
}

export function createWorkbookAccess(members: MemberTable): WorkbookAccess {
  return {
    grant: (workbookId, userId) => members.add(workbookId, userId),
    revoke: (workbookId, userId) => members.remove(workbookId, userId),
    membersOf: (workbookId) => members.usersOf(workbookId),
    canOpen: async (user, workbookId) => user.role === 'admin' || members.has(workbookId, user.id),
    visibleTo: async (user) => (user.role === 'admin' ? 'all' : new Set(await members.workbooksOf(user.id))),
  }
}
