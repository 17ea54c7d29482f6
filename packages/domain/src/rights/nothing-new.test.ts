import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openWorkbook } from '../model/workbook'
import { copyOf } from '../test/gate-harness'
import { encodeDeletesOnly } from '../test/hand-built-updates'
import { createRng } from '../testing'
import { deletesOnlyDeleted } from './nothing-new'
import { StagingReplica } from './staging-replica'
import { UpdateGate, type GateActor } from './update-gate'
import { checkUpdateShape } from './update-shape'

const eva: GateActor = { id: 'u-eva', role: 'ekonom', omrade: null }
const lars: GateActor = { id: 'u-lars', role: 'lasare', omrade: null }

/** Cells written, overwritten and cleared by three clients, and rows of which some are deleted. */
function baseDoc(): Y.Doc {
  const doc = new Y.Doc()
  for (const client of [21, 22, 23]) {
    const d = new Y.Doc()
    d.clientID = client
    Y.applyUpdate(d, Y.encodeStateAsUpdate(doc))
    const cells = d.getMap('cells:s1')
    for (let i = 0; i < 6; i++) cells.set(`r${i}:c1`, client * 100 + i)
    cells.delete(`r${client % 6}:c1`)
    d.getArray('rows:s1').push([`a${client}`, `b${client}`, `c${client}`])
    d.getArray('rows:s1').delete(0, 1)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(d))
  }
  return doc
}

describe('deletesOnlyDeleted: an update that changes nothing [G1]', () => {
  it('holds exactly when the staging replica finds nothing to apply (1 000 random delete sets)', () => {
    const base = baseDoc()
    const rng = createRng(99)
    const clients = [21, 22, 23]
    let nothing = 0
    let something = 0
    for (let i = 0; i < 1000; i++) {
      const ranges = Array.from({ length: 1 + rng.int(3) }, () => {
        const client = rng.pick(clients)
        const state = Y.getState(base.store, client)
        const clock = rng.int(state)
        return { client, clock, len: 1 + rng.int(Math.min(3, state - clock)) }
      })
      const update = encodeDeletesOnly(ranges)
      const shape = checkUpdateShape(update, (c) => Y.getState(base.store, c))
      if (!shape.ok) continue
      const predicted = deletesOnlyDeleted(shape.deletes, base.store)
      const integration = new StagingReplica(copyOf(base)).integrate(update)
      expect(integration.ok).toBe(true)
      if (!integration.ok) continue
      // Nothing new: nothing integrates, nothing to relay or store. Else the replica finds what it deletes.
      expect(integration.update === null, JSON.stringify(ranges)).toBe(predicted)
      expect(integration.targets.length === 0, JSON.stringify(ranges)).toBe(predicted)
      if (predicted) nothing++
      else something++
    }
    expect(nothing).toBeGreaterThan(50)
    expect(something).toBeGreaterThan(50)
  })

  it('answers a reconnecting client that changed nothing without the replica, and judges one that deleted something', () => {
    const live = baseDoc()
    const gate = new UpdateGate(openWorkbook(live))
    const owners = { ownerOf: () => undefined }
    const client = copyOf(live)
    // Sync step 2 as y-websocket sends it: everything the server lacks, with the whole delete set.
    const stepTwo = () => Y.encodeStateAsUpdate(client, Y.encodeStateVector(live))
    expect(gate.check(stepTwo(), lars, owners)).toMatchObject({ ok: true, judgedBy: 'nothing-new', update: null, targets: [] })
    // Offline, it cleared a cell (under the seed's client id, as deleting another's item is): judged on its effect.
    client.getMap('cells:s1').delete('r0:c1')
    const deleted = gate.check(stepTwo(), lars, owners)
    expect(deleted).toMatchObject({ ok: false })
    expect(gate.check(stepTwo(), eva, owners)).toMatchObject({
      ok: true,
      judgedBy: 'replica',
      targets: [{ kind: 'cell', cell: { sheetId: 's1', rowId: 'r0', colId: 'c1' }, change: 'delete' }],
    })
  })
})
