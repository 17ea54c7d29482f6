import * as decoding from 'lib0/decoding'

/** Struct kinds of the v1 update encoding (the low five bits of a struct's info byte). */
const GC = 0
const SKIP = 10
const CONTENT_DELETED = 1
const CONTENT_ANY = 8
const HAS_ORIGIN = 0x80
const HAS_RIGHT_ORIGIN = 0x40
const HAS_PARENT_SUB = 0x20

/**
 * [G2] Walks a Yjs v1 update byte by byte and says whether it is exactly one
 * well-formed update holding only what the workbook uses (GC, skip, deleted
 * and JSON content). Yjs's own readers ignore bytes after the delete set, so
 * trailing bytes, a v2 update read as v1 or any other content kind would pass
 * them unnoticed; here they are a reason to refuse.
 */
export function checkV1UpdateBytes(update: Uint8Array): string | null {
  try {
    const d = decoding.createDecoder(update)
    const clients = decoding.readVarUint(d)
    for (let c = 0; c < clients; c++) {
      const structs = decoding.readVarUint(d)
      decoding.readVarUint(d) // client
      decoding.readVarUint(d) // first clock
      for (let s = 0; s < structs; s++) {
        const info = decoding.readUint8(d)
        const kind = info & 0x1f
        if (kind === GC || kind === SKIP) {
          decoding.readVarUint(d)
          continue
        }
        if (info & HAS_ORIGIN) readId(d)
        if (info & HAS_RIGHT_ORIGIN) readId(d)
        if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
          if (decoding.readVarUint(d) === 1) decoding.readVarString(d)
          else readId(d)
          if (info & HAS_PARENT_SUB) decoding.readVarString(d)
        }
        if (kind === CONTENT_DELETED) decoding.readVarUint(d)
        else if (kind === CONTENT_ANY) {
          const length = decoding.readVarUint(d)
          for (let i = 0; i < length; i++) decoding.readAny(d)
        } else return 'uppdateringen innehåller en typ som arbetsboken inte använder'
      }
    }
    const deleteClients = decoding.readVarUint(d)
    for (let c = 0; c < deleteClients; c++) {
      decoding.readVarUint(d) // client
      const ranges = decoding.readVarUint(d)
      for (let r = 0; r < ranges; r++) {
        decoding.readVarUint(d)
        decoding.readVarUint(d)
      }
    }
    return decoding.hasContent(d) ? 'uppdateringen har överflödiga bytes efter sitt slut' : null
  } catch (err) {
    return `uppdateringen kan inte avkodas (${(err as Error).message})`
  }
}

function readId(d: decoding.Decoder): void {
  decoding.readVarUint(d)
  decoding.readVarUint(d)
}
