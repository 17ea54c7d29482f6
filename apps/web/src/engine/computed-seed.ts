import { observeWorkbook, sameStateVector, type Api, type Workbook } from '@samplan/domain'
import type { RemoteMirror } from '@samplan/formulas'
import * as Y from 'yjs'
import { isUnauthorized } from '../api/client'

/**
 * The server's computed values of a sheet, or null when it has none to give (no such route yet, a 404, the
 * server's engine unavailable, offline): the page then waits for its own engine and paints no number early.
 */
export function fetchComputedSheet(fetchSheet: () => Promise<Api.ComputedSheet>): Promise<Api.ComputedSheet | null> {
  return serverAnswerOrNull('Computed values from the server', fetchSheet)
}

/**
 * What the server answers, or null when it gives nothing: a head start the page can do without. A refused token
 * has already sent the person to sign in; anything else is only logged.
 */
export async function serverAnswerOrNull<T>(what: string, ask: () => Promise<T>): Promise<T | null> {
  try {
    return await ask()
  } catch (err) {
    if (!isUnauthorized(err)) console.info(`${what}: ${err instanceof Error ? err.message : String(err)}`)
    return null
  }
}

/**
 * Seeds `mirror` with the server's values once `doc` holds exactly the state they were computed at (so every
 * number painted early is the one the engine then computes), checking again after each update until the
 * engine is ready. Returns the stop.
 */
export function seedWhenSameState(
  mirror: RemoteMirror,
  doc: Y.Doc,
  values: Api.ComputedSheet,
  onSeeded: () => void = () => {},
): () => void {
  const wanted = decodeStateVector(values.stateVector)
  if (!wanted || mirror.ready) return () => {}
  const trySeed = () => {
    if (mirror.ready) return true
    if (!sameStateVector(Y.decodeStateVector(Y.encodeStateVector(doc)), wanted)) return false
    if (mirror.seed(values)) onSeeded()
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

/** What `followServerValues` needs of the page: the server's values of a sheet, and word once the server has every local change. */
export interface ServerValuesSource {
  /** With `since`, the server may answer only what changed since its answer at that state (`Api.ComputedSheet.since`). */
  fetchSheet(sheetId: string, since?: string): Promise<Api.ComputedSheet | null>
  whenServerHas(): Promise<void>
}

/**
 * Formulas live before the page's engine is (formulas SPEC FM14): the server's engine answers for it. Each sheet
 * given to `seedFrom` is seeded when the doc is at its values' state; after every later change of the workbook, once
 * the server has taken this page's changes, those sheets and the sheets the change touched are asked again and
 * seeded the same way, so an edit's dependents show the server's recomputed values. At most one round of asking runs
 * at a time (changes meanwhile make one more). It stops by itself once the engine is ready; `onSeeded` runs after
 * each seed that showed values.
 */
export function followServerValues(
  mirror: RemoteMirror,
  workbook: Workbook,
  server: ServerValuesSource,
  onSeeded: () => void = () => {},
): { seedFrom(values: Api.ComputedSheet): void; stop(): void } {
  const doc = workbook.doc
  const seeding = new Map<string, () => void>()
  const sheets = new Set<string>()
  // The state of each sheet's last seeded answer: what this page shows, so the next ask needs only what changed since.
  const seededAt = new Map<string, string>()
  let stopped = false
  let asking = false
  let again = false

  function seedFrom(values: Api.ComputedSheet): void {
    if (stopped) return
    // Only what changed since a state this page no longer shows would leave cells at an older answer's values.
    if (values.since !== undefined && seededAt.get(values.sheetId) !== values.since) return
    sheets.add(values.sheetId)
    // An older answer waiting for its state is overtaken by this one.
    seeding.get(values.sheetId)?.()
    seeding.set(
      values.sheetId,
      seedWhenSameState(mirror, doc, values, () => {
        seededAt.set(values.sheetId, values.stateVector)
        onSeeded()
      }),
    )
  }

  async function askAgain(): Promise<void> {
    if (asking) {
      again = true
      return
    }
    asking = true
    try {
      do {
        again = false
        await server.whenServerHas()
        const answers = await Promise.all([...sheets].map((sheetId) => server.fetchSheet(sheetId, seededAt.get(sheetId))))
        if (stopped || mirror.ready) return stop()
        for (const answer of answers) if (answer) seedFrom(answer)
      } while (again && !stopped)
    } finally {
      asking = false
    }
  }

  const unobserve = observeWorkbook(workbook, (change) => {
    if (stopped) return
    if (mirror.ready) return stop()
    // Only once something was seeded: before that, the first sheet's answer is still on its way.
    if (sheets.size === 0) return
    for (const { sheetId } of change.cells) sheets.add(sheetId)
    void askAgain().catch(() => {})
  })

  function stop(): void {
    if (stopped) return
    stopped = true
    unobserve()
    for (const cancel of seeding.values()) cancel()
    seeding.clear()
  }

  return { seedFrom, stop }
}
