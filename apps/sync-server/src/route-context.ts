import type { Context } from 'hono'
import { WorkbookNotFoundError } from './errors'
import type { Store } from './store'
import type { User } from './users'
import type { WorkbookAccess } from './workbook-access'

/** What the sign-in middleware leaves on every authenticated request. */
export type Env = { Variables: { user: User } }

/**
 * The `:id` workbook of a route, if the signed-in user may open it. Throws
 * WorkbookNotFoundError for "missing" and "not yours" alike, so ids of others' workbooks stay private.
 */
export function requireWorkbookAccess(deps: { store: Store; access: WorkbookAccess }, c: Context<Env>): string {
  const id = c.req.param('id') ?? ''
  if (!deps.store.getWorkbook(id) || !deps.access.canOpen(c.get('user'), id)) throw new WorkbookNotFoundError(id)
  return id
}
