import type { User } from '../auth/users'
import type { ForwardVerdict } from '../cluster/cluster-message'

/**
 * A client's update that another server forwarded here, this server holding the workbook's lease
 * (cluster/redis-link.ts, `judgeOf`): judged and written as that user's, in this room's turns, and
 * answered once, when it is durable or refused. It is also the origin of the relayed update, which
 * no socket here sent, so every socket here gets it.
 */
export class ForwardedUpdate {
  private answered = false

  constructor(
    /** The user as the forwarding server vouched for them. */
    readonly user: User,
    /** Counts the room's forwarded updates as they arrive (Room.forwardsArrived). */
    readonly arrival: number,
    private readonly answer: (verdict: ForwardVerdict) => void,
  ) {}

  /** Durable, or nothing the server lacked. */
  accepted(): void {
    this.settle({ outcome: 'accepted' })
  }

  /** Refused: the sending server closes the client's socket with this code and reason. */
  refused(code: number, reason: string): void {
    this.settle({ outcome: 'refused', code, reason })
  }

  /** Nothing applied: the sending server sends the client this sync step 1, and judges its answer in turn. */
  ask(message: Uint8Array): void {
    this.settle({ outcome: 'ask', message })
  }

  /** Not judged: the room here was unloaded first; the sending server judges it itself. */
  declined(): void {
    this.settle({ outcome: 'declined' })
  }

  private settle(verdict: ForwardVerdict): void {
    if (this.answered) return
    this.answered = true
    this.answer(verdict)
  }
}
