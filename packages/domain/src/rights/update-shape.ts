import { readV1Update, type UpdateOutline } from './update-bytes'

/**
 * Highest clock a struct may reach. A browser session that makes 2^31 changes
 * under one client id does not exist; a claim beyond it is an attack on the
 * state vector (a huge deleted run that makes the server believe it has edits
 * nobody made).
 */
export const MAX_CLOCK = 2 ** 31

/** What an update claims under one client id. */
export interface ClientClaim {
  client: number
  /** Whether the update holds structs at clocks the document does not have yet. */
  creates: boolean
}

/** `missing`: the update starts after clocks the server lacks; the sender should resend from the server's state. */
export type ShapeVerdict =
  | { ok: true; claims: ClientClaim[]; deletes: UpdateOutline['deletes'] }
  | { ok: false; reason: string; missing?: true }

/**
 * The structural rules of SPEC [G2], checked on the update's bytes (read once,
 * by `readV1Update`) before it is integrated anywhere: every struct has a length, each client id appears in
 * one unbroken run, nothing leaves a gap, GC and skip structs only cover what the document already has, items
 * hold plain JSON (no nested types), and deletes name only clocks that exist.
 * `stateOf` is the live document's state vector.
 */
export function checkUpdateShape(update: Uint8Array, stateOf: (client: number) => number): ShapeVerdict {
  const read = readV1Update(update)
  if (!read.ok) return refuse(read.reason)
  const claims: ClientClaim[] = []
  /** End of each client's section: deletes may name clocks the update itself creates. */
  const sectionEnd = new Map<number, number>()
  for (const { client, structs } of read.outline.sections) {
    if (sectionEnd.has(client)) return refuse('uppdateringen upprepar eller överlappar ändringar')
    const state = stateOf(client)
    let creates = false
    let end = 0
    for (const [i, struct] of structs.entries()) {
      const { clock, length } = struct
      end = clock + length
      if (length < 1) return refuse('uppdateringen innehåller en tom struktur')
      if (end > MAX_CLOCK) return refuse('uppdateringen gör anspråk på orimligt många ändringar')
      if (struct.kind !== 'item') {
        // GC and skip structs carry nothing; over clocks the server lacks they would only claim them.
        if (end > state) return refuse('uppdateringen gör anspråk på ändringar utan innehåll')
      } else {
        // An item reaching past the document's clock of its client from below is how an honest client
        // sends its changes when its diff was encoded against an older state vector of this document
        // (a server that lagged, or another server): Yjs integrates only the part after the clock,
        // linked to what the document has. The client id is judged as any other ([G3]).
        if (i === 0 && clock > state) {
          return { ok: false, reason: 'uppdateringen saknar föregående ändringar (en lucka i klientens följd)', missing: true }
        }
        if (struct.parentIsId) return refuse('uppdateringen skapar en inbäddad typ, vilket arbetsboken inte använder')
      }
      creates ||= end > state
    }
    sectionEnd.set(client, end)
    if (structs.length > 0) claims.push({ client, creates })
  }
  for (const { client, clock, len } of read.outline.deletes) {
    if (len < 1) return refuse('uppdateringen raderar ett tomt intervall')
    if (clock + len > Math.max(stateOf(client), sectionEnd.get(client) ?? 0)) {
      return refuse('uppdateringen raderar innehåll som servern inte känner till')
    }
  }
  return { ok: true, claims, deletes: read.outline.deletes }
}

function refuse(reason: string): ShapeVerdict {
  return { ok: false, reason }
}
