import * as Y from 'yjs'
import type { Workbook } from '../model/workbook'
import { judgeClientId, type ClientIdOwners } from './client-ids'
import { checkUpdateTargets, type Actor } from './rights'
import { createRightsView } from './rights-view'
import { StagingReplica } from './staging-replica'
import { invalidStoredValue } from './stored-values'
import type { UpdateTarget } from './update-target'
import { checkUpdateShape } from './update-shape'

/** The acting user as the gate needs them: rights and an id to bind client ids to. */
export type GateActor = Actor & { id: string }

export type GateVerdict =
  | {
      ok: true
      /** What the update changes, for the audit trail. */
      targets: UpdateTarget[]
      /** The bytes to apply to the live doc: Yjs's own encoding of what integrated cleanly; null for a no-op. */
      update: Uint8Array | null
      /** Client ids this update creates, to be bound to the actor with it. */
      bind: number[]
      /** The workbook with the update applied (the staging replica): valid until the next check. */
      after: Workbook
    }
  /** `missing`: nothing was applied because the update depends on clocks the server lacks ([G4]). */
  | { ok: false; reason: string; missing?: true }

/**
 * The server's judgement of one incoming update (SPEC [G1]-[G6]). The order is
 * cheap to dear: the update's shape ([G2]) and client ids ([G3]) on the decoded
 * bytes, then integration into the staging replica to see its real effects
 * ([G1]), then the rights rules R1-R9 on those effects, read against the live
 * workbook as it is before the update. Only an update that passes all of it
 * reaches the live document, and then as the replica's re-encoding.
 */
export class UpdateGate {
  private readonly replica: StagingReplica

  constructor(private readonly live: Workbook) {
    this.replica = new StagingReplica(live.doc)
  }

  /**
   * Judges `update` against `before`: the workbook as it stands before it (by default the live one;
   * a server that writes several updates in one transaction passes the live one plus those already
   * accepted). The replica holds everything accepted so far, so it equals `before` whenever a check
   * starts; when it has to be rebuilt (after a refusal), it is rebuilt from `before`.
   */
  check(update: Uint8Array, actor: GateActor, owners: ClientIdOwners, before: Workbook = this.live): GateVerdict {
    const store = before.doc.store
    const stateOf = (client: number) => Y.getState(store, client)
    const shape = checkUpdateShape(update, stateOf)
    if (!shape.ok) return shape
    const serverIds = new Set<number>([this.live.doc.clientID, before.doc.clientID])
    const replicaId = this.replica.clientId
    if (replicaId !== null) serverIds.add(replicaId)
    const context = { owners, stateOf, serverIds }
    for (const claim of shape.claims) {
      const verdict = judgeClientId(claim.client, actor.id, context)
      if (!verdict.ok) return verdict
    }
    const integration = this.replica.integrate(update, before.doc)
    if (!integration.ok) return integration
    // The decoded claims were a forecast; the clocks that really advanced are the fact.
    const bind: number[] = []
    for (const client of integration.advanced) {
      const verdict = judgeClientId(client, actor.id, context)
      if (!verdict.ok) return this.refuse(verdict.reason)
      if (verdict.bind) bind.push(client)
    }
    const { targets } = integration
    const invalid = invalidStoredValue(targets)
    if (invalid) return this.refuse(invalid)
    if (targets.length > 0) {
      const rights = checkUpdateTargets(actor, createRightsView(before), targets)
      if (!rights.ok) return this.refuse(rights.reason)
    }
    return { ok: true, targets, update: integration.update, bind, after: integration.after }
  }

  /** Keeps the replica in step with a change the live doc took without it (the server's own, another server's): taken before the next check. */
  follow(update: Uint8Array): void {
    this.replica.follow(update)
  }

  /** Drops the replica (after the live doc failed to take an update the replica took); the next check rebuilds it. */
  resync(): void {
    this.replica.discard()
  }

  destroy(): void {
    this.replica.discard()
  }

  private refuse(reason: string): GateVerdict {
    this.replica.discard()
    return { ok: false, reason }
  }
}
