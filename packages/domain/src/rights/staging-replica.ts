import * as Y from 'yjs'
import { openWorkbook, type Workbook } from '../model/workbook'
import { effectsOfTransaction, type EffectsVerdict } from './update-effects'
import type { UpdateTarget } from './update-target'

export type Integration =
  | {
      ok: true
      targets: UpdateTarget[]
      /** The replica's own encoding of what integrated (null when nothing did): the only bytes the live doc receives. */
      update: Uint8Array | null
      /** Client ids whose clock the update advanced. */
      advanced: number[]
      /** The replica itself, with the update applied. */
      after: Workbook
    }
  | { ok: false; reason: string }

/** What one integration's transaction did: its effects, and the client ids whose clocks it advanced. */
type Seen = { effects: EffectsVerdict; advanced: number[] }

/**
 * Changes the server applied to the live doc that the replica has not taken yet: past this many
 * they are taken at once, so the list stays short and catching up is never a long pause.
 */
const MAX_LAG = 64

/**
 * A private copy of the live document that an incoming update is integrated
 * into first (SPEC [G1]). What Yjs really does with the bytes — which map keys
 * it sets, which items it deletes, which clocks it claims, whether it throws or
 * holds structs back — is observed here, where a refusal costs nothing: the
 * copy is dropped and rebuilt from the live document before it is used again.
 */
export class StagingReplica {
  private doc: Y.Doc | null = null
  private workbook: Workbook | null = null
  /** Changes the live doc took (`follow`) that the replica takes before it next integrates. */
  private lag: Uint8Array[] = []
  /** What the transaction of the update being integrated did, and its encoding (set by the listeners below). */
  private seen: Seen | null = null
  private encoded: Uint8Array | null = null
  // Made once: the server integrates every update it judges here.
  private readonly onAfter = (tr: Y.Transaction): void => {
    const advanced: number[] = []
    for (const [client, clock] of tr.afterState) if (clock > (tr.beforeState.get(client) ?? 0)) advanced.push(client)
    this.seen = { effects: effectsOfTransaction(tr), advanced }
  }
  private readonly onUpdate = (bytes: Uint8Array): void => {
    this.encoded = bytes
  }

  constructor(private readonly live: Y.Doc) {}

  /** Client ids the replica itself would write under; no user may claim them. */
  get clientId(): number | null {
    return this.doc?.clientID ?? null
  }

  /** Integrates `update`; a replica that was dropped is first rebuilt from `base` (default: the live doc). */
  integrate(update: Uint8Array, base: Y.Doc = this.live): Integration {
    const doc = this.ensure(base)
    this.catchUp()
    this.seen = null
    this.encoded = null
    doc.on('afterTransaction', this.onAfter)
    doc.on('update', this.onUpdate)
    try {
      Y.applyUpdate(doc, update)
    } catch (err) {
      this.discard()
      return { ok: false, reason: `uppdateringen kan inte tillämpas (${(err as Error).message})` }
    } finally {
      doc.off('afterTransaction', this.onAfter)
      doc.off('update', this.onUpdate)
    }
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      this.discard()
      return { ok: false, reason: 'uppdateringen saknar föregående ändringar och kan inte tillämpas helt' }
    }
    // Set by the listener during applyUpdate, which TypeScript's narrowing does not see.
    const seen = this.seen as Seen | null
    const encoded = this.encoded
    this.seen = null
    this.encoded = null
    this.workbook ??= openWorkbook(doc)
    if (seen === null) return { ok: true, targets: [], update: null, advanced: [], after: this.workbook }
    if (!seen.effects.ok) {
      this.discard()
      return seen.effects
    }
    return { ok: true, targets: seen.effects.targets, update: encoded, advanced: seen.advanced, after: this.workbook }
  }

  /**
   * Mirrors a change that did not come through this replica (the server's own, another server's,
   * a one-cell set the gate judged from its bytes): taken before the next integration, with any
   * others that gathered, in one transaction. A server that mostly applies such changes pays the
   * per-transaction work (state vectors, cleanup) once per batch instead of once per change.
   */
  follow(update: Uint8Array): void {
    if (!this.doc) return
    this.lag.push(update)
    if (this.lag.length >= MAX_LAG) this.catchUp()
  }

  /** Forgets the replica after a refusal; the next integration rebuilds it from its base. */
  discard(): void {
    this.doc?.destroy()
    this.doc = null
    this.workbook = null
    this.lag = []
  }

  private catchUp(): void {
    const doc = this.doc
    if (!doc || this.lag.length === 0) return
    const lag = this.lag
    this.lag = []
    doc.transact(() => {
      for (const update of lag) Y.applyUpdate(doc, update)
    })
  }

  private ensure(base: Y.Doc): Y.Doc {
    if (!this.doc) {
      this.doc = new Y.Doc({ gc: base.gc })
      Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(base))
      // The base already holds whatever was followed.
      this.lag = []
    }
    return this.doc
  }
}
