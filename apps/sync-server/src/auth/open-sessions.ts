import { CloseCode } from '@samplan/domain'
import { createHash } from 'node:crypto'
import type { SessionEvent } from '../cluster/session-event'
import { tokenFailureMessage } from './tokens'
import { DEACTIVATED_MESSAGE, type Person, type User } from './users'

/** Why a person's open sockets close after an admin changed their rights; the web app renews its token and reconnects. */
export const RIGHTS_CHANGED_MESSAGE = 'Din behörighet har ändrats: ansluter igen.'

/** Why a removed member's sockets of that workbook close; the page shows it and does not reconnect (a 4xxx close). */
export const MEMBERSHIP_ENDED_MESSAGE = 'Du har inte längre tillgång till den här arbetsboken. Be Samplans administratör om du behöver den.'

/** A session event as the server that raised it hands it to the others (the link adds who sent it). */
export type SessionNotice = Omit<SessionEvent, 'from'>

/** Only a hash of a socket's token is kept, and only a hash crosses to other servers. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** An open sync socket as far as ending a session goes. */
export interface ClosableSocket {
  close(code: number, reason: string): void
}

/**
 * The sync sockets each user has open (in this process), so "Logga ut överallt" closes them at
 * once instead of letting them run until their tokens expire. With several servers the session
 * methods announce what they did, and `receive` does the same here for what another server did.
 */
export class OpenSessions {
  private readonly byUser = new Map<string, Set<ClosableSocket>>()
  /** The user object each socket's room judges its updates with (changed in place by `changeUser`), and its token's hash. */
  private readonly details = new Map<ClosableSocket, { user?: User; tokenHash?: string; workbookId?: string }>()

  /**
   * `announce` tells the other servers (cluster/redis-link.ts) what the session methods below did
   * here, so each does the same to its own sockets (`receive`); without it, one server is all there is.
   */
  constructor(private readonly announce: (notice: SessionNotice) => void = () => {}) {}

  /**
   * Registers a socket; the returned function forgets it (call it when the socket closes). With
   * `user`, the very object the socket's room reads, a role or område change reaches the rights
   * check of this socket's next update (`changeUser`); `token` lets `closeAll` spare the browser
   * that asked.
   */
  add(userId: string, socket: ClosableSocket, user?: User, token?: string | null, workbookId?: string): () => void {
    this.details.set(socket, { user, tokenHash: token ? tokenHash(token) : undefined, workbookId })
    let sockets = this.byUser.get(userId)
    if (!sockets) {
      sockets = new Set()
      this.byUser.set(userId, sockets)
    }
    sockets.add(socket)
    return () => {
      this.details.delete(socket)
      sockets.delete(socket)
      if (sockets.size === 0 && this.byUser.get(userId) === sockets) this.byUser.delete(userId)
    }
  }

  /**
   * Closes every socket of the user, but those opened with `sparedToken` (the browser changing its
   * own password keeps its connection); how many were closed.
   */
  closeAll(userId: string, code: number, reason: string, sparedToken?: string): number {
    return this.closeExcept(userId, code, reason, sparedToken ? tokenHash(sparedToken) : undefined)
  }

  private closeExcept(userId: string, code: number, reason: string, sparedHash: string | undefined): number {
    const sockets = [...(this.byUser.get(userId) ?? [])].filter((s) => !sparedHash || this.details.get(s)?.tokenHash !== sparedHash)
    for (const socket of sockets) {
      this.details.delete(socket)
      this.byUser.get(userId)?.delete(socket)
      socket.close(code, reason)
    }
    if (this.byUser.get(userId)?.size === 0) this.byUser.delete(userId)
    return sockets.length
  }

  /**
   * [A6] A new role and område for the user's open sockets: their rooms judge the next update
   * with it, without a reconnect. How many sockets were changed.
   */
  changeUser(userId: string, change: Pick<User, 'role' | 'omrade'>): number {
    let changed = 0
    for (const socket of this.byUser.get(userId) ?? []) {
      const user = this.details.get(socket)?.user
      if (!user) continue
      user.role = change.role
      user.omrade = change.omrade
      changed++
    }
    return changed
  }

  /**
   * "Logga ut överallt" or a new password: the user's sockets close with 4401 here and on every
   * server, but those opened with `sparedToken` (the browser that changed its password).
   */
  endEverywhere(userId: string, sparedToken?: string): void {
    const sparedTokenHash = sparedToken ? tokenHash(sparedToken) : undefined
    this.closeExcept(userId, CloseCode.Unauthorized, tokenFailureMessage.ended, sparedTokenHash)
    this.announce({ kind: 'signed-out-everywhere', userId, ...(sparedTokenHash ? { sparedTokenHash } : {}) })
  }

  /** [A6] A deactivated person's sockets close with the reason, here and on every server. */
  deactivated(userId: string): void {
    this.closeAll(userId, CloseCode.Unauthorized, DEACTIVATED_MESSAGE)
    this.announce({ kind: 'deactivated', userId })
  }

  /**
   * [A6] A new role or område: the rooms judge the user's next update with it at once, then an
   * active person's sockets close so the page reconnects with it; on every server, each reading
   * the person from the database.
   */
  rightsChanged(userId: string, change: Pick<User, 'role' | 'omrade'>, active: boolean): void {
    this.changeUser(userId, change)
    if (active) this.closeAll(userId, CloseCode.Unauthorized, RIGHTS_CHANGED_MESSAGE)
    this.announce({ kind: 'user-changed', userId })
  }

  /** [A6] A removed member's sockets of that workbook close with the reason (4404), here and on every server. */
  memberRemoved(userId: string, workbookId: string): void {
    this.closeWorkbook(userId, workbookId)
    this.announce({ kind: 'member-removed', userId, workbookId })
  }

  private closeWorkbook(userId: string, workbookId: string): number {
    const sockets = [...(this.byUser.get(userId) ?? [])].filter((s) => this.details.get(s)?.workbookId === workbookId)
    for (const socket of sockets) {
      this.details.delete(socket)
      this.byUser.get(userId)?.delete(socket)
      socket.close(CloseCode.NotFound, MEMBERSHIP_ENDED_MESSAGE)
    }
    if (this.byUser.get(userId)?.size === 0) this.byUser.delete(userId)
    return sockets.length
  }

  /**
   * What another server did, done to this server's sockets as that server did to its own. A
   * rights change is read from the database (`person`), never taken from the message.
   */
  async receive(
    event: SessionEvent,
    person: (id: string) => Promise<Pick<Person, 'role' | 'omrade' | 'active'> | undefined>,
  ): Promise<void> {
    switch (event.kind) {
      case 'signed-out-everywhere':
        this.closeExcept(event.userId, CloseCode.Unauthorized, tokenFailureMessage.ended, event.sparedTokenHash)
        return
      case 'deactivated':
        this.closeAll(event.userId, CloseCode.Unauthorized, DEACTIVATED_MESSAGE)
        return
      case 'member-removed':
        if (event.workbookId) this.closeWorkbook(event.userId, event.workbookId)
        return
      case 'user-changed': {
        if (this.count(event.userId) === 0) return
        const now = await person(event.userId)
        if (!now) return
        this.changeUser(event.userId, { role: now.role, omrade: now.omrade })
        if (now.active) this.closeAll(event.userId, CloseCode.Unauthorized, RIGHTS_CHANGED_MESSAGE)
      }
    }
  }

  /** Sockets the user has open now. */
  count(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0
  }
}
