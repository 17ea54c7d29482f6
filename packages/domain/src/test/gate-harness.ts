import * as Y from 'yjs'
import { openWorkbook } from '../model/workbook'
import type { ClientIdOwners } from '../rights/client-ids'
import { UpdateGate, type GateActor } from '../rights/update-gate'

/** A doc with the same content and clocks as `doc` (its own client id). */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/** A gate over `live` and `submit`, which checks as the room does: bind on acceptance, apply the gate's bytes to the live doc. */
export function gateOver(live: Y.Doc) {
  const gate = new UpdateGate(openWorkbook(live))
  const bound = new Map<number, string>()
  const owners: ClientIdOwners = { ownerOf: (c) => bound.get(c) }
  const submit = (update: Uint8Array, actor: GateActor) => {
    const verdict = gate.check(update, actor, owners)
    if (verdict.ok) {
      for (const c of verdict.bind) bound.set(c, actor.id)
      if (verdict.update) Y.applyUpdate(live, verdict.update)
    }
    return verdict
  }
  return { gate, owners, bound, submit }
}
