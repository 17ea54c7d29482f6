/** Who is a member of which workbook (the rule that admins see all is auth/workbook-access.ts's). */
export interface MemberTable {
  /** Adds a member; adding one twice changes nothing. */
  add(workbookId: string, userId: string): Promise<void>
  /** Removes a member; false when they were not one. */
  remove(workbookId: string, userId: string): Promise<boolean>
  has(workbookId: string, userId: string): Promise<boolean>
  workbooksOf(userId: string): Promise<string[]>
  usersOf(workbookId: string): Promise<string[]>
}
