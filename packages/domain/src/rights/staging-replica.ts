import * as Y from 'yjs'
import { openWorkbook, type Workbook } from '../model/workbook'
import { effectsOfTransaction } from './update-effects'
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

  constructor(private readonly live: Y.Doc) {}

  /** Client ids the replica itself would write under; no user may claim them. */
  get clientId(): number | null {
    return this.doc?.clientID ?? null
  }

  /** Integrates `update`; a replica that was dropped is first rebuilt from `base` (default: the live doc). */
  integrate(update: Uint8Array, base: Y.Doc = this.live): Integration {
    const doc = this.ensure(base)
    let effects: ReturnType<typeof effectsOfTransaction> | null = null
    let advanced: number[] = []
    let encoded: Uint8Array | null = null
    const onAfter = (tr: Y.Transaction) => {
      effects = effectsOfTransaction(tr)
      advanced = [...tr.afterState].filter(([client, clock]) => clock > (tr.beforeState.get(client) ?? 0)).map(([c]) => c)
    }
    const onUpdate = (bytes: Uint8Array) => {
      encoded = bytes
    }
    doc.on('afterTransaction', onAfter)
    doc.on('update', onUpdate)
    try {
      Y.applyUpdate(doc, update)
    } catch (err) {
      this.discard()
      return { ok: false, reason: `uppdateringen kan inte tillämpas (${(err as Error).message})` }
    } finally {
      doc.off('afterTransaction', onAfter)
      doc.off('update', onUpdate)
    }
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      this.discard()
      return { ok: false, reason: 'uppdateringen saknar föregående ändringar och kan inte tillämpas helt' }
    }
    const result = effects as ReturnType<typeof effectsOfTransaction> | null
    this.workbook ??= openWorkbook(doc)
    if (result === null) return { ok: true, targets: [], update: null, advanced: [], after: this.workbook }
    if (!result.ok) {
      this.discard()
      return result
    }
    return { ok: true, targets: result.targets, update: encoded, advanced, after: this.workbook }
  }

  /** Mirrors a change the server made to the live doc itself. */
  follow(update: Uint8Array): void {
    if (this.doc) Y.applyUpdate(this.doc, update)
  }

  /** Forgets the replica after a refusal; the next integration rebuilds it from its base. */
  discard(): void {
    this.doc?.destroy()
    this.doc = null
    this.workbook = null
  }

  private ensure(base: Y.Doc): Y.Doc {
    if (!this.doc) {
      this.doc = new Y.Doc({ gc: base.gc })
      Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(base))
    }
    return this.doc
  }
}
