import type { Api } from '@samplan/domain'
import type { RemoteMirror } from '@samplan/formulas'
import * as Y from 'yjs'
import { isUnauthorized } from '../api/client'

/**
 * The server's computed values of a sheet, or null when it has none to give (no such route yet, a 404, the
 * server's engine unavailable, offline): the page then waits for its own engine and paints no number early.
 */
export async function fetchComputedSheet(fetchSheet: () => Promise<Api.ComputedSheet>): Promise<Api.ComputedSheet | null> {
  try {
    return await fetchSheet()
  } catch (err) {
    // A refused token has already sent the person to sign in; anything else only costs the head start.
    if (!isUnauthorized(err)) console.info(`Computed values from the server: ${err instanceof Error ? err.message : String(err)}`)
    return null
  }
}

/**
 * Seeds `mirror` with the server's values once `doc` holds exactly the state they were computed at (so every
 * number painted early is the one the engine then computes), checking again after each update until the
 * engine is ready. Returns the stop.
 */
export function seedWhenSameState(mirror: RemoteMirror, doc: Y.Doc, values: Api.ComputedSheet): () => void {
  const wanted = decodeStateVector(values.stateVector)
  if (!wanted || mirror.ready) return () => {}
  const trySeed = () => {
    if (mirror.ready) return true
    if (!sameState(Y.decodeStateVector(Y.encodeStateVector(doc)), wanted)) return false
    mirror.seed(values)
    return true
  }
  if (trySeed()) return () => {}
  const onUpdate = () => {
    if (trySeed()) doc.off('update', onUpdate)
  }
  doc.on('update', onUpdate)
  return () => doc.off('update', onUpdate)
}

/** The state vector a base64 string encodes, or null when it is not one. */
export function decodeStateVector(base64: string): Map<number, number> | null {
  try {
    const binary = atob(base64)
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
    return Y.decodeStateVector(bytes)
  } catch {
    return null
  }
}

/** Whether two state vectors name the same clocks for the same clients. */
export function sameState(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false
  for (const [client, clock] of a) if (b.get(client) !== clock) return false
  return true
}
