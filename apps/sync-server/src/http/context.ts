import type { AuditLog } from '../storage/audit'
import type { LoginThrottle } from '../auth/login-throttle'
import type { RoomRegistry } from '../realtime/room-registry'
import type { Store } from '../storage/store'
import type { TokenService } from '../auth/tokens'
import type { User, UserDirectory } from '../auth/users'
import type { VersionStore } from '../storage/versions'
import type { WorkbookAccess } from '../auth/workbook-access'
import type { WorkbookService } from '../storage/workbooks'

/** What the sign-in middleware leaves on every authenticated request. */
export type Env = { Variables: { user: User } }

/** Everything the routes use; `server.ts` builds it once per process, tests build it over `:memory:`. */
export interface AppDeps {
  store: Store
  workbooks: WorkbookService
  users: UserDirectory
  tokens: TokenService
  access: WorkbookAccess
  audit: AuditLog
  rooms: RoomRegistry
  versions: VersionStore
  /** Folder of the built web app (`apps/web/dist`); absent in API-only tests. */
  webDist?: string
  version: string
  /** Sign-in back-off; one per process. */
  loginThrottle?: LoginThrottle
  /** Take the client address from the last X-Forwarded-For entry (behind one reverse proxy only). */
  trustProxy?: boolean
}
