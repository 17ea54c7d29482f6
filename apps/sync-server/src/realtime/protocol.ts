import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** y-websocket message types (the first varUint of every frame). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const

/** y-protocols/sync sub-message types. */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const

export type DecodedMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' }

/**
 * Decodes one y-websocket frame fully and strictly, so nothing half-read is
 * applied: trailing bytes or unknown types are errors, not ignored.
 */
export function decodeMessage(data: Uint8Array): { ok: true; value: DecodedMessage } | { ok: false; error: string } {
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    let value: DecodedMessage
    switch (type) {
      case MessageType.Sync: {
        const sub = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (sub === SyncMessageType.Step1) value = { type: 'sync-step1', stateVector: payload }
        else if (sub === SyncMessageType.Step2) value = { type: 'sync-step2', update: payload }
        else if (sub === SyncMessageType.Update) value = { type: 'sync-update', update: payload }
        else return { ok: false, error: `okänd sync-typ ${sub}` }
        break
      }
      case MessageType.Awareness:
        value = { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
        break
      case MessageType.QueryAwareness:
        value = { type: 'query-awareness' }
        break
      case MessageType.Auth:
        decoding.readVarUint(decoder)
        decoding.readVarString(decoder)
        value = { type: 'auth' }
        break
      default:
        return { ok: false, error: `okänd meddelandetyp ${type}` }
    }
    if (decoding.hasContent(decoder)) return { ok: false, error: 'överflödiga bytes efter meddelandet' }
    return { ok: true, value }
  } catch (err) {
    return { ok: false, error: `kunde inte avkoda (${(err as Error).message})` }
  }
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Step1, stateVector)
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Step2, update)
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Update, update)
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

function encodeSync(sub: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, sub)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: unknown
}

/** Encodes awareness entries back into an awareness update. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, JSON.stringify(state))
  }
  return encoding.toUint8Array(encoder)
}
