import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * What servers tell each other over Redis about one workbook. Redis is only a doorbell: an
 * update message carries an entry already committed to PostgreSQL, and the seq it follows, so a
 * server that missed one reads the gap from the log instead.
 */
export type ClusterMessage =
  | { kind: 'update'; from: string; seq: number; prev: number; update: Uint8Array }
  /** A y-protocols awareness update of the sender's own sockets (removals included). */
  | { kind: 'awareness'; from: string; update: Uint8Array }
  /** A server that just loaded the workbook asks the others for their sockets' presence. */
  | { kind: 'presence-query'; from: string }
  /** After Redis came back: the newest entry the sender has applied; a peer behind it reads the log. */
  | { kind: 'head'; from: string; seq: number }

const KIND = { update: 0, awareness: 1, 'presence-query': 2, head: 3 } as const

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
  }
  return encoding.toUint8Array(e)
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
    }
    return message && !decoding.hasContent(d) ? message : null
  } catch {
    return null
  }
}
