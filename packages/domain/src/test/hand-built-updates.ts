/**
 * Yjs v1 updates written byte by byte, with whatever fields an attacker chooses, for the gate's
 * tests: a lone item (`encodeHandBuilt`) or a delete set alone (`encodeDeletesOnly`).
 */
import * as encoding from 'lib0/encoding'
import type * as Y from 'yjs'

/** Delete ranges as an update lists them. */
export type DeleteRanges = ReadonlyArray<{ client: number; clock: number; len: number }>

/** A lone item and a delete set, every field chosen. */
export interface HandBuilt {
  client: number
  clock: number
  origin: Y.ID | null
  rightOrigin: Y.ID | null
  /** Used only without origins, as Yjs reads it. */
  parent: string | null
  parentSub: string | null
  content: unknown[]
  deletes: DeleteRanges
}

/** One item and a delete set, byte by byte in the v1 encoding, with whatever fields an attacker chooses. */
export function encodeHandBuilt(u: HandBuilt): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, u.client)
  encoding.writeVarUint(e, u.clock)
  const info = 8 | (u.origin ? 0x80 : 0) | (u.rightOrigin ? 0x40 : 0) | (u.parentSub !== null ? 0x20 : 0)
  encoding.writeUint8(e, info)
  if (u.origin) {
    encoding.writeVarUint(e, u.origin.client)
    encoding.writeVarUint(e, u.origin.clock)
  }
  if (u.rightOrigin) {
    encoding.writeVarUint(e, u.rightOrigin.client)
    encoding.writeVarUint(e, u.rightOrigin.clock)
  }
  if (!u.origin && !u.rightOrigin) {
    encoding.writeVarUint(e, 1)
    encoding.writeVarString(e, u.parent ?? 'cells:s1')
    if (u.parentSub !== null) encoding.writeVarString(e, u.parentSub)
  }
  encoding.writeVarUint(e, u.content.length)
  for (const value of u.content) encoding.writeAny(e, value as encoding.AnyEncodable)
  writeDeleteSet(e, u.deletes)
  return encoding.toUint8Array(e)
}

/** A v1 update with no structs, only the given delete ranges. */
export function encodeDeletesOnly(ranges: DeleteRanges): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  writeDeleteSet(e, ranges)
  return encoding.toUint8Array(e)
}

function writeDeleteSet(e: encoding.Encoder, ranges: DeleteRanges): void {
  const byClient = new Map<number, Array<{ clock: number; len: number }>>()
  for (const r of ranges) byClient.set(r.client, [...(byClient.get(r.client) ?? []), r])
  encoding.writeVarUint(e, byClient.size)
  for (const [client, list] of byClient) {
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, list.length)
    for (const r of list) {
      encoding.writeVarUint(e, r.clock)
      encoding.writeVarUint(e, r.len)
    }
  }
}
