import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { copyOf, gateOver } from '../test/gate-harness'
import { encodeHandBuilt, type HandBuilt } from '../test/hand-built-updates'
import { createRng, type Rng } from '../testing'
import { forecastCellSet } from './cell-set'
import { StagingReplica } from './staging-replica'
import type { GateActor } from './update-gate'
import { checkUpdateShape } from './update-shape'

const eva: GateActor = { id: 'u-eva', role: 'ekonom', omrade: null }
const CELLS = 'cells:s1'

/**
 * A document whose structs sit everywhere a hand-built origin can point: current, overwritten and
 * deleted cell values under several clients, a note, a comment, rows in an array and a spec.
 */
function baseDoc(): Y.Doc {
  const doc = new Y.Doc()
  const writers = [11, 12, 13].map((client) => {
    const d = new Y.Doc()
    d.clientID = client
    return d
  })
  const sync = () => {
    for (const d of writers) Y.applyUpdate(doc, Y.encodeStateAsUpdate(d))
    for (const d of writers) Y.applyUpdate(d, Y.encodeStateAsUpdate(doc))
  }
  const [a, b, c] = writers as [Y.Doc, Y.Doc, Y.Doc]
  a.getArray('rows:s1').push(['r1', 'r2', 'r3'])
  a.getMap('colspec:s1').set('c1', { label: 'Belopp', type: 'number', editable: 'ekonom' })
  a.getMap(CELLS).set('r1:c1', 1)
  b.getMap(CELLS).set('r2:c1', 2)
  sync()
  b.getMap(CELLS).set('r1:c1', 10) // overwrites a's value
  c.getMap(CELLS).set('r3:c1', 3)
  c.getMap('notes:s1').set('r1:c1', 'en anteckning')
  c.getMap('comments:s1').set('k1', { id: 'k1', text: 'hej' })
  sync()
  c.getMap(CELLS).delete('r3:c1') // a key whose last item is deleted
  a.getMap(CELLS).set('r2:c1', 20)
  sync()
  return doc
}

/** What a y-websocket client sends for one change: its transaction's update (its own deletes only). */
function sentBy(doc: Y.Doc, change: () => void): Uint8Array {
  let sent: Uint8Array | null = null
  const listener = (update: Uint8Array) => {
    sent = update
  }
  doc.on('update', listener)
  doc.transact(change)
  doc.off('update', listener)
  if (sent === null) throw new Error('the change changed nothing')
  return sent
}

/** Every id in the document, at the start, middle and end of its struct, and one past each client's clock. */
function idsOf(doc: Y.Doc): Y.ID[] {
  const ids: Y.ID[] = []
  for (const [client, structs] of doc.store.clients) {
    for (const s of structs) {
      ids.push(Y.createID(client, s.id.clock), Y.createID(client, s.id.clock + s.length - 1))
      if (s.length > 2) ids.push(Y.createID(client, s.id.clock + 1))
    }
    ids.push(Y.createID(client, Y.getState(doc.store, client)))
  }
  return ids
}

/** An update an attacker might build against `doc`: borrowed origins, foreign parents, odd deletes. */
function randomUpdate(rng: Rng, doc: Y.Doc, ids: readonly Y.ID[]): HandBuilt {
  const client = rng.pick([11, 12, 13, 77, 78])
  const state = Y.getState(doc.store, client)
  const clock = rng.bool(0.8) ? state : rng.pick([0, state + 1, Math.max(0, state - 1)])
  const origin = rng.bool(0.7) ? rng.pick(ids) : null
  const rightOrigin = rng.bool(0.15) ? rng.pick(ids) : null
  const parent = rng.pick([CELLS, CELLS, 'notes:s1', 'comments:s1', 'rows:s1', 'cells:s2', 'workbook'])
  const parentSub = rng.bool(0.9) ? rng.pick(['r1:c1', 'r2:c1', 'r3:c1', 'r4:c1', 'k1', 'x']) : null
  const content = rng.bool(0.9) ? [rng.pick<unknown>([5, 'text', null, true, { a: 1 }, 1.5])] : [1, 2]
  const deletes: Array<{ client: number; clock: number; len: number }> = []
  const roll = rng.int(6)
  if (roll === 1 && origin) deletes.push({ client: origin.client, clock: origin.clock, len: 1 })
  if (roll === 2) {
    const target = rng.pick(ids)
    deletes.push({ client: target.client, clock: target.clock, len: rng.pick([1, 1, 2]) })
  }
  if (roll === 3 && origin) deletes.push({ client: origin.client, clock: origin.clock, len: 1 }, { client: 12, clock: 0, len: 1 })
  // The replaced value and whatever its writer wrote next.
  if (roll === 4 && origin) deletes.push({ client: origin.client, clock: origin.clock, len: 2 })
  return { client, clock, origin, rightOrigin, parent, parentSub, content, deletes }
}

describe('forecastCellSet: the effects of a one-cell set, known from its bytes [G1]', () => {
  it('says exactly what the staging replica reads off, whenever it speaks (2 000 hand-built updates)', () => {
    const base = baseDoc()
    const ids = idsOf(base)
    const rng = createRng(4711)
    let forecasts = 0
    let replicaOnly = 0
    for (let i = 0; i < 2000; i++) {
      const built = randomUpdate(rng, base, ids)
      const bytes = encodeHandBuilt(built)
      const before = copyOf(base)
      // The gate asks only about updates whose shape passed (G2).
      if (!checkUpdateShape(bytes, (c) => Y.getState(before.store, c)).ok) continue
      const forecast = forecastCellSet(bytes, before)
      if (forecast === null) {
        replicaOnly++
        continue
      }
      forecasts++
      const replica = new StagingReplica(before)
      const integration = replica.integrate(bytes)
      expect(integration.ok, JSON.stringify(built)).toBe(true)
      if (!integration.ok) continue
      expect(integration.targets, JSON.stringify(built)).toEqual(forecast.targets)
      expect(integration.advanced).toEqual([forecast.client])
      // The bytes as sent leave the live doc exactly as the replica's re-encoding does.
      const raw = copyOf(base)
      Y.applyUpdate(raw, bytes)
      const reencoded = copyOf(base)
      if (integration.update) Y.applyUpdate(reencoded, integration.update)
      expect(Y.encodeStateAsUpdate(raw)).toEqual(Y.encodeStateAsUpdate(reencoded))
      expect(raw.store.pendingStructs).toBeNull()
      expect(raw.store.pendingDs).toBeNull()
    }
    // Both sides were exercised: the forecast spoke for some and left the rest to the replica.
    expect(forecasts).toBeGreaterThan(50)
    expect(replicaOnly).toBeGreaterThan(200)
  })

  it('speaks for an honest client setting a cell it holds the current value of, or a new cell', () => {
    const base = baseDoc()
    const client = copyOf(base)
    // Each change reaches the base once judged, as the live doc takes it.
    const capture = (change: () => void) => sentBy(client, change)
    const judged = (update: Uint8Array) => {
      const forecast = forecastCellSet(update, base)
      Y.applyUpdate(base, update)
      return forecast
    }
    const overwrite = judged(capture(() => client.getMap(CELLS).set('r1:c1', 99)))
    expect(overwrite?.targets).toEqual([
      { kind: 'cell', cell: { sheetId: 's1', rowId: 'r1', colId: 'c1' }, change: 'insert', value: 99 },
      { kind: 'cell', cell: { sheetId: 's1', rowId: 'r1', colId: 'c1' }, change: 'delete' },
    ])
    const fresh = judged(capture(() => client.getMap(CELLS).set('r9:c1', 'ny')))
    expect(fresh?.targets).toEqual([{ kind: 'cell', cell: { sheetId: 's1', rowId: 'r9', colId: 'c1' }, change: 'insert', value: 'ny' }])
    // A cell whose value was cleared: its last item is deleted, so nothing more is.
    const cleared = judged(capture(() => client.getMap(CELLS).set('r3:c1', 4)))
    expect(cleared?.targets).toEqual([{ kind: 'cell', cell: { sheetId: 's1', rowId: 'r3', colId: 'c1' }, change: 'insert', value: 4 }])
  })

  it('leaves to the replica a concurrent edit, two cells at once, a note, and a borrowed origin', () => {
    const base = baseDoc()
    const stale = copyOf(base)
    // The base moves on: the stale client's origin is no longer the cell's current item.
    const other = copyOf(base)
    const sv = Y.encodeStateVector(other)
    other.getMap(CELLS).set('r1:c1', 11)
    Y.applyUpdate(base, Y.encodeStateAsUpdate(other, sv))
    const capture = (change: () => void) => sentBy(stale, change)
    expect(
      forecastCellSet(
        capture(() => stale.getMap(CELLS).set('r1:c1', 12)),
        base,
      ),
    ).toBeNull()
    expect(
      forecastCellSet(
        capture(() =>
          stale.transact(() => {
            stale.getMap(CELLS).set('r5:c1', 1)
            stale.getMap(CELLS).set('r6:c1', 1)
          }),
        ),
        base,
      ),
    ).toBeNull()
    expect(
      forecastCellSet(
        capture(() => stale.getMap('notes:s1').set('r2:c1', 'x')),
        base,
      ),
    ).toBeNull()
    // An item claiming a cell key while its origin is a comment: Yjs would put it in the comments.
    const comment = base.share.get('comments:s1')?._map.get('k1') as Y.Item
    const borrowed = encodeHandBuilt({
      client: 77,
      clock: 0,
      origin: comment.lastId,
      rightOrigin: null,
      parent: CELLS,
      parentSub: 'r1:c1',
      content: [5],
      deletes: [],
    })
    expect(forecastCellSet(borrowed, base)).toBeNull()
    // A document holding structs that wait for others: a new update may release them.
    const waiting = copyOf(base)
    const writer = copyOf(base)
    sentBy(writer, () => writer.getMap(CELLS).set('r7:c1', 1))
    Y.applyUpdate(
      waiting,
      sentBy(writer, () => writer.getMap(CELLS).set('r8:c1', 2)),
    )
    expect(waiting.store.pendingStructs).not.toBeNull()
    const honest = copyOf(waiting)
    expect(
      forecastCellSet(
        sentBy(honest, () => honest.getMap(CELLS).set('r9:c1', 3)),
        waiting,
      ),
    ).toBeNull()
  })
})

describe('UpdateGate: a one-cell set judged from its bytes', () => {
  function setup() {
    const live = baseDoc()
    const { submit, bound } = gateOver(live)
    const client = copyOf(live)
    const capture = (change: () => void) => sentBy(client, change)
    return { live, client, capture, submit, bound }
  }

  it('accepts it, binds the new client id, and the replica takes it before it next integrates', () => {
    const { live, client, capture, submit, bound } = setup()
    const first = submit(
      capture(() => client.getMap(CELLS).set('r1:c1', 5)),
      eva,
    )
    expect(first).toMatchObject({ ok: true, judgedBy: 'cell-set', bind: [client.clientID] })
    if (!first.ok) return
    expect(first.after.cellInput({ sheetId: 's1', rowId: 'r1', colId: 'c1' })).toBe(5)
    expect(bound.get(client.clientID)).toBe(eva.id)
    // Two cells: the replica integrates them on top of the one-cell set it followed.
    const second = submit(
      capture(() =>
        client.transact(() => {
          client.getMap(CELLS).set('r1:c1', 6)
          client.getMap(CELLS).set('r2:c1', 7)
        }),
      ),
      eva,
    )
    expect(second).toMatchObject({ ok: true, judgedBy: 'replica' })
    if (!second.ok) return
    expect(second.after.workbook.doc.getMap(CELLS).toJSON()).toEqual(live.getMap(CELLS).toJSON())
    expect(live.getMap(CELLS).toJSON()).toMatchObject({ 'r1:c1': 6, 'r2:c1': 7 })
  })

  it('refuses it for a läsare, a value no client reads, and a client id of someone else, changing nothing', () => {
    const { live, client, capture, submit, bound } = setup()
    const lars: GateActor = { id: 'u-lars', role: 'lasare', omrade: null }
    const before = Y.encodeStateAsUpdate(live)
    expect(
      submit(
        capture(() => client.getMap(CELLS).set('r1:c1', 5)),
        lars,
      ),
    ).toMatchObject({ ok: false })
    const objectValue = encodeHandBuilt({
      client: 88,
      clock: 0,
      origin: null,
      rightOrigin: null,
      parent: CELLS,
      parentSub: 'r8:c1',
      content: [{ a: 1 }],
      deletes: [],
    })
    expect(submit(objectValue, eva)).toMatchObject({ ok: false, reason: expect.stringMatching(/cellvärde av fel typ/) })
    bound.set(89, 'u-someone-else')
    const foreign = encodeHandBuilt({
      client: 89,
      clock: 0,
      origin: null,
      rightOrigin: null,
      parent: CELLS,
      parentSub: 'r8:c1',
      content: [1],
      deletes: [],
    })
    expect(submit(foreign, eva)).toMatchObject({ ok: false, reason: expect.stringMatching(/annan användares/) })
    expect(Y.encodeStateAsUpdate(live)).toEqual(before)
  })
})
