import type { Role } from '@samplan/domain'
import type { AuditLog } from '../storage/audit'
import type { SignInThrottle } from '../auth/login-throttle'
import type { OidcSignIn } from '../auth/oidc'
import type { OpenSessions } from '../auth/open-sessions'
import type { RoomRegistry } from '../realtime/room-registry'
import type { Storage } from '../storage/open-storage'
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
  /** The database as a whole, for the health check. */
  storage: Pick<Storage, 'kind' | 'ping'>
  /** With several servers, whether Redis (how they hear each other) is reachable, for the health check. */
  redisStatus?: () => 'ok' | 'unreachable'
  /** Folder of the built web app (`apps/web/dist`); absent in API-only tests. */
  webDist?: string
  version: string
  /** Sign-in back-off; one per process. */
  loginThrottle?: SignInThrottle
  /** Take the client address from the last X-Forwarded-For entry (behind one reverse proxy only). */
  trustProxy?: boolean
  /** Each user's open sync sockets, closed when their sessions end. */
  openSessions?: OpenSessions
  /** Sign-in through the city's identity provider, when configured; password sign-in is then off. */
  oidc?: OidcSignIn
  /** The role of a person's first sign-in through the provider when their claims map to none; null refuses them. */
  oidcDefaultRole?: Role | null
  /** Mark session cookies Secure (the server is reached over https). */
  secureCookies?: boolean
}
