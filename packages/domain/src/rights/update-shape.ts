import * as Y from 'yjs'
import { checkV1UpdateBytes } from './update-bytes'

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
export type ShapeVerdict = { ok: true; claims: ClientClaim[] } | { ok: false; reason: string; missing?: true }

/**
 * The structural rules of SPEC [G2], checked on the decoded update before it
 * is integrated anywhere: every struct has a length, each client id appears in
 * one unbroken run, nothing overlaps what the document has, nothing leaves a
 * gap, GC and skip structs only cover what the document already has, items
 * hold plain JSON (no nested types), and deletes name only clocks that exist.
 * `stateOf` is the live document's state vector.
 */
export function checkUpdateShape(update: Uint8Array, stateOf: (client: number) => number): ShapeVerdict {
  const malformed = checkV1UpdateBytes(update)
  if (malformed) return refuse(malformed)
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch (err) {
    return refuse(`uppdateringen kan inte avkodas (${(err as Error).message})`)
  }
  const claims = new Map<number, ClientClaim>()
  /** End of the last struct seen per client: where its next struct must start. */
  const runEnd = new Map<number, number>()
  let previousClient: number | null = null
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id
    const end = clock + struct.length
    if (struct.length < 1) return refuse('uppdateringen innehåller en tom struktur')
    if (end > MAX_CLOCK) return refuse('uppdateringen gör anspråk på orimligt många ändringar')
    const expected = runEnd.get(client)
    if (expected !== undefined && (client !== previousClient || clock !== expected)) {
      return refuse('uppdateringen upprepar eller överlappar ändringar')
    }
    previousClient = client
    runEnd.set(client, end)
    const state = stateOf(client)
    if (!(struct instanceof Y.Item)) {
      // GC and skip structs carry nothing; over clocks the server lacks they would only claim them.
      if (end > state) return refuse('uppdateringen gör anspråk på ändringar utan innehåll')
    } else {
      if (clock < state && end > state) return refuse('uppdateringen överlappar ändringar som servern redan har')
      if (expected === undefined && clock > state) {
        return { ok: false, reason: 'uppdateringen saknar föregående ändringar (en lucka i klientens följd)', missing: true }
      }
      if (!(struct.content instanceof Y.ContentAny) && !(struct.content instanceof Y.ContentDeleted)) {
        return refuse('uppdateringen innehåller en typ som arbetsboken inte använder')
      }
      if (struct.parent instanceof Y.ID) return refuse('uppdateringen skapar en inbäddad typ, vilket arbetsboken inte använder')
    }
    const claim = claims.get(client) ?? { client, creates: false }
    claim.creates ||= end > state
    claims.set(client, claim)
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const known = Math.max(stateOf(client), runEnd.get(client) ?? 0)
    for (const { clock, len } of ranges) {
      if (len < 1) return refuse('uppdateringen raderar ett tomt intervall')
      if (clock + len > known) return refuse('uppdateringen raderar innehåll som servern inte känner till')
    }
  }
  return { ok: true, claims: [...claims.values()] }
}

function refuse(reason: string): ShapeVerdict {
  return { ok: false, reason }
}
