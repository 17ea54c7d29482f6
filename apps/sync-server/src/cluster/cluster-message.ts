import { RoleSchema } from '@samplan/domain'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { User } from '../auth/users'

/**
 * What servers tell each other over Redis about one workbook. For the log Redis is only a
 * doorbell: an update message carries an entry already committed to PostgreSQL, and the seq it
 * follows, so a server that missed one reads the gap from the log instead. A forwarded update and
 * its verdict are a request and its answer: lost, the forwarding server judges the update itself.
 */
export type ClusterMessage =
  | { kind: 'update'; from: string; seq: number; prev: number; update: Uint8Array }
  /** A y-protocols awareness update of the sender's own sockets (removals included). */
  | { kind: 'awareness'; from: string; update: Uint8Array }
  /** A server that just loaded the workbook asks the others for their sockets' presence. */
  | { kind: 'presence-query'; from: string }
  /** After Redis came back: the newest entry the sender has applied; a peer behind it reads the log. */
  | { kind: 'head'; from: string; seq: number }
  /**
   * A client's update, sent to the server that holds the workbook's lease (`to`) to be judged there
   * as that user: as the sending server knows them, read again from the database by the judging
   * turn when it began after the update arrived.
   */
  | { kind: 'forward'; from: string; to: string; forward: number; user: User; update: Uint8Array }
  /** The judging server's answer to forward `forward` of server `to`. */
  | { kind: 'verdict'; from: string; to: string; forward: number; verdict: ForwardVerdict }
  /** The sender gave the workbook's lease up (it unloaded the workbook, or is stopping): whoever forwards to it judges again. */
  | { kind: 'released'; from: string }

/**
 * What became of a forwarded update: accepted (durable, or nothing the judge lacked), refused (the
 * client's socket closes with this code and reason), nothing applied and the client is to be asked
 * for everything from the judge's state (`ask`: the sync step 1 to send it), or not judged because
 * the workbook is not loaded there any more (`declined`: the sending server judges it).
 */
export type ForwardVerdict =
  | { outcome: 'accepted' }
  | { outcome: 'refused'; code: number; reason: string }
  | { outcome: 'ask'; message: Uint8Array }
  | { outcome: 'declined' }

const KIND = { update: 0, awareness: 1, 'presence-query': 2, head: 3, forward: 4, verdict: 5, released: 6 } as const
const OUTCOME = { accepted: 0, refused: 1, ask: 2, declined: 3 } as const

export function encodeClusterMessage(message: ClusterMessage): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, KIND[message.kind])
  encoding.writeVarString(e, message.from)
  if (message.kind === 'update') {
    encoding.writeVarUint(e, message.seq)
    encoding.writeVarUint(e, message.prev)
    encoding.writeVarUint8Array(e, message.update)
  } else if (message.kind === 'awareness') {
    encoding.writeVarUint8Array(e, message.update)
  } else if (message.kind === 'head') {
    encoding.writeVarUint(e, message.seq)
  } else if (message.kind === 'forward') {
    encoding.writeVarString(e, message.to)
    encoding.writeVarUint(e, message.forward)
    writeUser(e, message.user)
    encoding.writeVarUint8Array(e, message.update)
  } else if (message.kind === 'verdict') {
    encoding.writeVarString(e, message.to)
    encoding.writeVarUint(e, message.forward)
    writeVerdict(e, message.verdict)
  }
  return encoding.toUint8Array(e)
}

function writeUser(e: encoding.Encoder, user: User): void {
  encoding.writeVarString(e, user.id)
  encoding.writeVarString(e, user.username)
  encoding.writeVarString(e, user.name)
  encoding.writeVarString(e, user.role)
  encoding.writeVarUint(e, user.omrade === null ? 0 : 1)
  if (user.omrade !== null) encoding.writeVarString(e, user.omrade)
}

/** The user, or null when the role is none Samplan knows. */
function readUser(d: decoding.Decoder): User | null {
  const id = decoding.readVarString(d)
  const username = decoding.readVarString(d)
  const name = decoding.readVarString(d)
  const role = RoleSchema.safeParse(decoding.readVarString(d))
  const omrade = decoding.readVarUint(d) === 1 ? decoding.readVarString(d) : null
  return role.success ? { id, username, name, role: role.data, omrade } : null
}

function writeVerdict(e: encoding.Encoder, verdict: ForwardVerdict): void {
  encoding.writeVarUint(e, OUTCOME[verdict.outcome])
  if (verdict.outcome === 'refused') {
    encoding.writeVarUint(e, verdict.code)
    encoding.writeVarString(e, verdict.reason)
  } else if (verdict.outcome === 'ask') {
    encoding.writeVarUint8Array(e, verdict.message)
  }
}

function readVerdict(d: decoding.Decoder): ForwardVerdict | null {
  const outcome = decoding.readVarUint(d)
  if (outcome === OUTCOME.accepted) return { outcome: 'accepted' }
  if (outcome === OUTCOME.refused) {
    const code = decoding.readVarUint(d)
    return { outcome: 'refused', code, reason: decoding.readVarString(d) }
  }
  if (outcome === OUTCOME.ask) return { outcome: 'ask', message: decoding.readVarUint8Array(d) }
  if (outcome === OUTCOME.declined) return { outcome: 'declined' }
  return null
}

/** The message, or null for bytes no Samplan server sends (they are ignored, never half-applied). */
export function decodeClusterMessage(bytes: Uint8Array): ClusterMessage | null {
  try {
    const d = decoding.createDecoder(bytes)
    const kind = decoding.readVarUint(d)
    const from = decoding.readVarString(d)
    let message: ClusterMessage | null = null
    if (kind === KIND.update) {
      const seq = decoding.readVarUint(d)
      const prev = decoding.readVarUint(d)
      message = { kind: 'update', from, seq, prev, update: decoding.readVarUint8Array(d) }
    } else if (kind === KIND.awareness) {
      message = { kind: 'awareness', from, update: decoding.readVarUint8Array(d) }
    } else if (kind === KIND['presence-query']) {
      message = { kind: 'presence-query', from }
    } else if (kind === KIND.head) {
      message = { kind: 'head', from, seq: decoding.readVarUint(d) }
    } else if (kind === KIND.released) {
      message = { kind: 'released', from }
    } else if (kind === KIND.forward) {
      const to = decoding.readVarString(d)
      const forward = decoding.readVarUint(d)
      const user = readUser(d)
      const update = decoding.readVarUint8Array(d)
      message = user && { kind: 'forward', from, to, forward, user, update }
    } else if (kind === KIND.verdict) {
      const to = decoding.readVarString(d)
      const forward = decoding.readVarUint(d)
      const verdict = readVerdict(d)
      message = verdict && { kind: 'verdict', from, to, forward, verdict }
    }
    return message && !decoding.hasContent(d) ? message : null
  } catch {
    return null
  }
}
