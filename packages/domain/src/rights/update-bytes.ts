import * as decoding from 'lib0/decoding'

/** Struct kinds of the v1 update encoding (the low five bits of a struct's info byte, as Yjs reads them). */
const GC = 0
const SKIP = 10
const CONTENT_DELETED = 1
const CONTENT_ANY = 8
const HAS_ORIGIN = 0x80
const HAS_RIGHT_ORIGIN = 0x40
const HAS_PARENT_SUB = 0x20

/** One struct of an update, as far as the shape rules need it. */
export interface StructOutline {
  clock: number
  length: number
  kind: 'gc' | 'skip' | 'item'
  /** An item whose parent is given as an item id: a nested type. */
  parentIsId: boolean
}

/** An update's structs per client section, in the order sent, and its delete set. */
export interface UpdateOutline {
  sections: Array<{ client: number; structs: StructOutline[] }>
  deletes: Array<{ client: number; clock: number; len: number }>
}

/**
 * [G2] Reads a Yjs v1 update byte by byte, in one pass, into the outline the
 * shape rules judge. It must be exactly one well-formed update holding only
 * what the workbook uses (GC, skip, deleted and JSON content): Yjs's own
 * readers ignore bytes after the delete set, so trailing bytes, a v2 update
 * read as v1 or any other content kind would pass them unnoticed.
 */
export function readV1Update(update: Uint8Array): { ok: true; outline: UpdateOutline } | { ok: false; reason: string } {
  const outline: UpdateOutline = { sections: [], deletes: [] }
  try {
    const d = decoding.createDecoder(update)
    const clients = decoding.readVarUint(d)
    for (let c = 0; c < clients; c++) {
      const count = decoding.readVarUint(d)
      const client = decoding.readVarUint(d)
      let clock = decoding.readVarUint(d)
      const structs: StructOutline[] = []
      for (let s = 0; s < count; s++) {
        const struct = readStruct(d, clock)
        if (typeof struct === 'string') return { ok: false, reason: struct }
        structs.push(struct)
        clock += struct.length
      }
      outline.sections.push({ client, structs })
    }
    const deleteClients = decoding.readVarUint(d)
    for (let c = 0; c < deleteClients; c++) {
      const client = decoding.readVarUint(d)
      const ranges = decoding.readVarUint(d)
      for (let r = 0; r < ranges; r++) {
        outline.deletes.push({ client, clock: decoding.readVarUint(d), len: decoding.readVarUint(d) })
      }
    }
    if (decoding.hasContent(d)) return { ok: false, reason: 'uppdateringen har överflödiga bytes efter sitt slut' }
    return { ok: true, outline }
  } catch (err) {
    return { ok: false, reason: `uppdateringen kan inte avkodas (${(err as Error).message})` }
  }
}

/** Whether `update` is exactly one v1 update of the kinds the workbook uses; why not, otherwise. */
export function checkV1UpdateBytes(update: Uint8Array): string | null {
  const read = readV1Update(update)
  return read.ok ? null : read.reason
}

/** One struct at `clock`, or why it is refused. */
function readStruct(d: decoding.Decoder, clock: number): StructOutline | string {
  const info = decoding.readUint8(d)
  const kind = info & 0x1f
  if (kind === GC || kind === SKIP) {
    return { clock, length: decoding.readVarUint(d), kind: kind === GC ? 'gc' : 'skip', parentIsId: false }
  }
  if (info & HAS_ORIGIN) readId(d)
  if (info & HAS_RIGHT_ORIGIN) readId(d)
  let parentIsId = false
  if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
    if (decoding.readVarUint(d) === 1) decoding.readVarString(d)
    else {
      readId(d)
      parentIsId = true
    }
    if (info & HAS_PARENT_SUB) decoding.readVarString(d)
  }
  if (kind === CONTENT_DELETED) return { clock, length: decoding.readVarUint(d), kind: 'item', parentIsId }
  if (kind !== CONTENT_ANY) return 'uppdateringen innehåller en typ som arbetsboken inte använder'
  const length = decoding.readVarUint(d)
  for (let i = 0; i < length; i++) decoding.readAny(d)
  return { clock, length, kind: 'item', parentIsId }
}

function readId(d: decoding.Decoder): void {
  decoding.readVarUint(d)
  decoding.readVarUint(d)
}
