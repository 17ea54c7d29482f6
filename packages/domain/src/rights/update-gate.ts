import * as Y from 'yjs'
import { getCellInput } from '../model/read'
import type { CellInput, CellRef, Workbook } from '../model/workbook'
import { forecastCellSet, type CellSetForecast } from './cell-set'
import { judgeClientId, type ClientIdOwners } from './client-ids'
import { deletesOnlyDeleted } from './nothing-new'
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
      /** The bytes to apply to the live doc: the replica's encoding of what integrated cleanly, or a one-cell set's own (every byte accounted for); null for a no-op. */
      update: Uint8Array | null
      /** Client ids this update creates, to be bound to the actor with it. */
      bind: number[]
      /** The workbook as the update leaves it, for the new side of the audit: valid until the next check. */
      after: StateAfter
      /**
       * How its effects were known: integrated in the staging replica, read from a one-cell set's
       * bytes (`forecastCellSet`), or none, since it only repeats deletions (`deletesOnlyDeleted`).
       */
      judgedBy: 'replica' | 'cell-set' | 'nothing-new'
    }
  /** `missing`: nothing was applied because the update depends on clocks the server lacks ([G4]). */
  | { ok: false; reason: string; missing?: true }

/** The workbook as an accepted update leaves it, before the live doc has it: what the audit reads. */
export interface StateAfter {
  /** The workbook after the update, or the one before it when the update set one cell's value (same sheets, rows and columns). */
  readonly workbook: Workbook
  /** A cell's input after the update. */
  cellInput(cell: CellRef): CellInput | undefined
}

/** A workbook as it stands, read as the state after an update. */
export function stateAfter(workbook: Workbook): StateAfter {
  return new StandingWorkbook(workbook)
}

// The states after an update are classes, as are the other objects made for every update judged:
// the server runs from source under tsx, which keeps function names, so each arrow function
// stored in a variable or property costs an `Object.defineProperty` call every time it is created.

class StandingWorkbook implements StateAfter {
  constructor(readonly workbook: Workbook) {}

  cellInput(c: CellRef): CellInput | undefined {
    return getCellInput(this.workbook, c.sheetId, c.rowId, c.colId)
  }
}

/** The workbook before a one-cell set, read as the state after it. */
class AfterCellSet implements StateAfter {
  constructor(
    readonly workbook: Workbook,
    private readonly set: Extract<UpdateTarget, { kind: 'cell' }>,
  ) {}

  cellInput(c: CellRef): CellInput | undefined {
    const { cell } = this.set
    return c.sheetId === cell.sheetId && c.rowId === cell.rowId && c.colId === cell.colId
      ? (this.set.value as CellInput)
      : getCellInput(this.workbook, c.sheetId, c.rowId, c.colId)
  }
}

/**
 * The server's judgement of one incoming update (SPEC [G1]-[G6]). The order is
 * cheap to dear: the update's shape ([G2]) and client ids ([G3]) on the decoded
 * bytes, then its real effects ([G1]): read off the bytes of a one-cell value set
 * whose placement is certain (`forecastCellSet`), else integrated into the staging
 * replica; then the rights rules R1-R9 on those effects, read against the live
 * workbook as it is before the update. Only an update that passes all of it
 * reaches the live document: a one-cell set as the bytes the strict reader
 * accounted for, anything else as the replica's re-encoding.
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
    const stateOf: (client: number) => number = Y.getState.bind(null, store)
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
    if (shape.claims.length === 0 && deletesOnlyDeleted(shape.deletes, store)) {
      return { ok: true, targets: [], update: null, bind: [], after: stateAfter(before), judgedBy: 'nothing-new' }
    }
    const forecast = forecastCellSet(update, before.doc)
    if (forecast !== null) return this.judgeCellSet(update, actor, context, before, forecast)
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
    return { ok: true, targets, update: integration.update, bind, after: stateAfter(integration.after), judgedBy: 'replica' }
  }

  /**
   * A one-cell set whose effects are known from its bytes: judged without the replica, which
   * takes it later with any others (`follow`), since it must equal the state the next check starts from.
   */
  private judgeCellSet(
    update: Uint8Array,
    actor: GateActor,
    context: Parameters<typeof judgeClientId>[2],
    before: Workbook,
    { targets, client }: CellSetForecast,
  ): GateVerdict {
    const claim = judgeClientId(client, actor.id, context)
    if (!claim.ok) return claim
    const invalid = invalidStoredValue(targets)
    if (invalid) return { ok: false, reason: invalid }
    const rights = checkUpdateTargets(actor, createRightsView(before), targets)
    if (!rights.ok) return rights
    this.replica.follow(update)
    const [set] = targets as [Extract<UpdateTarget, { kind: 'cell' }>]
    return { ok: true, targets, update, bind: claim.bind ? [client] : [], after: new AfterCellSet(before, set), judgedBy: 'cell-set' }
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
