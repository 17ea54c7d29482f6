import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { findSheetByName, getSheetGrid, listSheets } from '../model/read'
import { undoScope } from '../model/undo-scope'
import { openWorkbook, type Workbook } from '../model/workbook'
import { copyOf, gateOver } from '../test/gate-harness'
import { listCharts } from '../charts/charts'
import { addSheet, deleteSheet, duplicateSheet, moveSheet, renameSheet } from '../operations/sheets'
import { applyTemplate } from '../operations/template'
import { Origin } from '../origin'
import type { ColumnSpec } from '../schema/sheet'
import { vp2024Template } from '../templates/vp2024'
import type { ClientIdOwners } from './client-ids'
import type { GateActor } from './update-gate'

const eva: GateActor = { id: 'u-eva', role: 'ekonom', omrade: null }
const lars: GateActor = { id: 'u-lars', role: 'lasare', omrade: null }

/** A live server doc with a gate, and a synced client doc whose changes are captured as updates. */
function setup() {
  const seed = new Y.Doc()
  seed.getMap('cells:s1').set('r1:c1', 1)
  seed.getArray('rows:s1').push(['r1', 'r2', 'r3'])
  const live = copyOf(seed)
  const { gate, submit, bound } = gateOver(live)
  const client = () => {
    const doc = copyOf(live)
    const capture = (change: (d: Y.Doc) => void): Uint8Array => {
      const sv = Y.encodeStateVector(doc)
      change(doc)
      return Y.encodeStateAsUpdate(doc, sv)
    }
    return { doc, capture }
  }
  return { live, gate, submit, client, bound }
}

/** Columns c1 and c2 of a row in one transaction: more than one cell, so the replica judges it. */
function setRow(d: Y.Doc, rowId: string, value: number): void {
  d.transact(() => {
    d.getMap('cells:s1').set(`${rowId}:c1`, value)
    d.getMap('cells:s1').set(`${rowId}:c2`, value)
  })
}

describe('UpdateGate: effects as Yjs integrates them [G1]', () => {
  it('names the map key of a new cell and of an overwritten one', () => {
    const { submit, client } = setup()
    const c = client()
    const fresh = submit(
      c.capture((d) => d.getMap('cells:s1').set('r2:c1', 5)),
      eva,
    )
    expect(fresh).toMatchObject({
      ok: true,
      targets: [{ kind: 'cell', cell: { sheetId: 's1', rowId: 'r2', colId: 'c1' }, value: 5, change: 'insert' }],
    })
    const overwrite = submit(
      c.capture((d) => d.getMap('cells:s1').set('r1:c1', 'två')),
      eva,
    )
    expect(overwrite.ok).toBe(true)
    if (!overwrite.ok) return
    const r1c1 = { sheetId: 's1', rowId: 'r1', colId: 'c1' }
    expect(overwrite.targets).toContainEqual({ kind: 'cell', cell: r1c1, value: 'två', change: 'insert' })
    expect(overwrite.targets).toContainEqual({ kind: 'cell', cell: r1c1, change: 'delete' })
  })

  it('[G1] still knows a root after the replica reads it as a map (its untyped instance is replaced)', () => {
    const { submit, client } = setup()
    const c = client()
    // Two cells at once: integrated in the replica (a one-cell set is judged from its bytes).
    const first = submit(
      c.capture((d) => setRow(d, 'r2', 5)),
      eva,
    )
    if (!first.ok) throw new Error(first.reason)
    expect(first.judgedBy).toBe('replica')
    // The room's audit reads the new side on the replica, which types its roots.
    expect(first.after.workbook.doc.getMap('cells:s1').get('r2:c1')).toBe(5)
    expect(first.after.cellInput({ sheetId: 's1', rowId: 'r2', colId: 'c2' })).toBe(5)
    const second = submit(
      c.capture((d) => setRow(d, 'r3', 6)),
      eva,
    )
    expect(second).toMatchObject({ ok: true, judgedBy: 'replica' })
    if (!second.ok) return
    expect(second.targets).toContainEqual({ kind: 'cell', cell: { sheetId: 's1', rowId: 'r3', colId: 'c1' }, value: 6, change: 'insert' })
  })

  it('places array inserts where they land and lists deleted row ids', () => {
    const { submit, client, live } = setup()
    const c = client()
    const result = submit(
      c.capture((d) => {
        d.getArray('rows:s1').insert(1, ['new'])
        d.getArray('rows:s1').delete(2, 1)
      }),
      eva,
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.targets).toContainEqual({ kind: 'axis', sheetId: 's1', axis: 'rows', ids: ['new'], change: 'insert' })
    expect(result.targets).toContainEqual({ kind: 'axis', sheetId: 's1', axis: 'rows', ids: ['r2'], change: 'delete' })
    expect(live.getArray('rows:s1').toJSON()).toEqual(['r1', 'new', 'r3'])
  })

  it('accepts a repeat of what the server already has from the same user as a no-op', () => {
    const { submit, client } = setup()
    const c = client()
    const update = c.capture((d) => d.getMap('cells:s1').set('r2:c1', 5))
    expect(submit(update, eva)).toMatchObject({ ok: true })
    expect(submit(update, eva)).toMatchObject({ ok: true, targets: [], update: null, bind: [] })
  })

  it('accepts what a client encoded against an older state vector, its first item reaching past what the server has: only the new part lands', () => {
    const { submit, client, live } = setup()
    const c = client()
    const cells = (d: Y.Doc) => d.getMap('cells:s1')
    const before = Y.encodeStateVector(c.doc)
    const first = c.capture((d) => cells(d).set('r2:c1', 1))
    c.capture((d) => cells(d).set('r2:c1', 2))
    c.capture((d) => cells(d).set('r2:c1', 3))
    expect(submit(first, eva)).toMatchObject({ ok: true })
    // The client's overwritten values are one deleted item now, from clock 0: the server has clock 0 of it.
    const resent = Y.encodeStateAsUpdate(c.doc, before)
    const verdict = submit(resent, eva)
    expect(verdict).toMatchObject({ ok: true })
    expect(cells(live).get('r2:c1')).toBe(3)
    expect(Y.encodeStateVector(live)).toEqual(Y.encodeStateVector(c.doc))
    // Another user may not extend it.
    const { submit: submitAgain, client: again } = setup()
    const other = again()
    const start = Y.encodeStateVector(other.doc)
    expect(
      submitAgain(
        other.capture((d) => cells(d).set('r2:c1', 1)),
        eva,
      ),
    ).toMatchObject({ ok: true })
    other.capture((d) => cells(d).set('r2:c1', 2))
    expect(submitAgain(Y.encodeStateAsUpdate(other.doc, start), lars)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/annan användares/),
    })
  })

  it('judges against the state it is given (the live doc plus updates accepted but not yet applied there), also after a refusal', () => {
    const { gate, client, live, bound } = setup()
    const owners: ClientIdOwners = { ownerOf: (c) => bound.get(c) }
    const staged = new Y.Doc()
    Y.applyUpdate(staged, Y.encodeStateAsUpdate(live))
    const c = client()
    const first = gate.check(
      c.capture((d) => d.getMap('cells:s1').set('r2:c1', 5)),
      eva,
      owners,
    )
    expect(first.ok).toBe(true)
    if (!first.ok || !first.update) return
    for (const id of first.bind) bound.set(id, eva.id)
    // The first is accepted and held for a group write: the live doc lacks it, the staged copy has it.
    Y.applyUpdate(staged, first.update)
    expect(first.after.cellInput({ sheetId: 's1', rowId: 'r2', colId: 'c1' })).toBe(5)
    const refused = gate.check(
      client().capture((d) => d.getMap('cells:s1').set('r3:c1', 6)),
      lars,
      owners,
      openWorkbook(staged),
    )
    expect(refused.ok).toBe(false)
    // The same client's next change builds on the first: judged against the staged copy, not the live
    // doc, in the replica, which took the first (judged from its bytes) before integrating this one.
    const next = gate.check(
      c.capture((d) => setRow(d, 'r3', 7)),
      eva,
      owners,
      openWorkbook(staged),
    )
    expect(next).toMatchObject({ ok: true, judgedBy: 'replica' })
    if (!next.ok) return
    expect(next.targets).toContainEqual({ kind: 'cell', cell: { sheetId: 's1', rowId: 'r3', colId: 'c1' }, value: 7, change: 'insert' })
    expect(next.after.workbook.doc.getMap('cells:s1').toJSON()).toEqual({ 'r1:c1': 1, 'r2:c1': 5, 'r3:c1': 7, 'r3:c2': 7 })
    expect(live.getMap('cells:s1').toJSON()).toEqual({ 'r1:c1': 1 })
  })

  it('takes changes the live doc made without it (follow) before the next update, and judges that update against them', () => {
    const { live, gate, submit, client } = setup()
    const c = client()
    // The replica exists once an update was integrated there (two cells: a one-cell set is judged from its bytes).
    expect(
      submit(
        c.capture((d) => setRow(d, 'r2', 1)),
        eva,
      ),
    ).toMatchObject({ ok: true, judgedBy: 'replica' })
    // Changes the live doc takes from elsewhere (the server's own, another server's), more than one, as they come.
    for (const value of [2, 3, 4]) {
      const sv = Y.encodeStateVector(live)
      live.getMap('cells:s1').set('r1:c1', value)
      const change = Y.encodeStateAsUpdate(live, sv)
      gate.follow(change)
      Y.applyUpdate(c.doc, change)
    }
    // An update that overwrites what the followed changes wrote integrates only on top of them.
    const verdict = submit(
      c.capture((d) => setRow(d, 'r1', 5)),
      eva,
    )
    if (!verdict.ok) throw new Error(verdict.reason)
    expect(verdict.judgedBy).toBe('replica')
    expect(verdict.after.workbook.doc.getMap('cells:s1').get('r1:c1')).toBe(5)
    expect(live.getMap('cells:s1').get('r1:c1')).toBe(5)
    expect(Y.encodeStateVector(verdict.after.workbook.doc)).toEqual(Y.encodeStateVector(live))
  })

  it('refuses nested types, garbage, and deletes of content the server lacks', () => {
    const { submit, client } = setup()
    expect(
      submit(
        client().capture((d) => d.getMap('cells:s1').set('r3:c1', new Y.Map())),
        eva,
      ),
    ).toMatchObject({ ok: false })
    expect(submit(new Uint8Array([1, 2, 3, 250, 250]), eva)).toMatchObject({ ok: false })
    const stranger = new Y.Doc()
    stranger.getMap('cells:s1').set('x:y', 1)
    const sv = Y.encodeStateVector(stranger)
    stranger.getMap('cells:s1').delete('x:y')
    expect(submit(Y.encodeStateAsUpdate(stranger, sv), eva)).toMatchObject({ ok: false, reason: expect.stringMatching(/inte känner till/) })
  })

  it('judges rights on the effects: a läsare changes nothing, and a refusal leaves the live doc as it was', () => {
    const { submit, client, live } = setup()
    const before = Y.encodeStateAsUpdate(live)
    const refused = submit(
      client().capture((d) => d.getMap('cells:s1').set('r1:c1', 99)),
      lars,
    )
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/läsbehörighet/) })
    expect(Y.encodeStateAsUpdate(live)).toEqual(before)
    // The replica was rebuilt: the next update is judged against the live doc, not the refused one.
    const next = submit(
      client().capture((d) => d.getMap('cells:s1').set('r2:c1', 7)),
      eva,
    )
    expect(next).toMatchObject({ ok: true })
    expect(live.getMap('cells:s1').toJSON()).toEqual({ 'r1:c1': 1, 'r2:c1': 7 })
  })
})

describe('UpdateGate: client ids belong to users [G3]', () => {
  it('binds a new client id to its first writer and refuses it to anyone else', () => {
    const { submit, client, bound } = setup()
    const c = client()
    const first = submit(
      c.capture((d) => d.getMap('cells:s1').set('r2:c1', 1)),
      eva,
    )
    expect(first).toMatchObject({ ok: true, bind: [c.doc.clientID] })
    expect(bound.get(c.doc.clientID)).toBe('u-eva')
    const other: GateActor = { id: 'u-other', role: 'ekonom', omrade: null }
    const stolen = submit(
      c.capture((d) => d.getMap('cells:s1').set('r2:c1', 2)),
      other,
    )
    expect(stolen).toMatchObject({ ok: false, reason: expect.stringMatching(/annan användares/) })
    expect(
      submit(
        c.capture((d) => d.getMap('cells:s1').set('r3:c1', 3)),
        eva,
      ),
    ).toMatchObject({ ok: false })
  })

  it('refuses writing under an id the document holds without an owner, or the server’s own', () => {
    const { submit, live } = setup()
    const seeded = [...live.store.clients.keys()][0] as number
    const impostor = new Y.Doc()
    Y.applyUpdate(impostor, Y.encodeStateAsUpdate(live))
    impostor.clientID = seeded // after the sync: Yjs renames a doc that receives its own id
    const sv = Y.encodeStateVector(impostor)
    impostor.getMap('cells:s1').set('r2:c1', 1)
    expect(submit(Y.encodeStateAsUpdate(impostor, sv), eva)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/ingen användare äger/),
    })

    const asServer = new Y.Doc()
    asServer.clientID = live.clientID
    asServer.getMap('cells:s1').set('r3:c1', 1)
    expect(submit(Y.encodeStateAsUpdate(asServer), eva)).toMatchObject({ ok: false, reason: expect.stringMatching(/serverns/) })
  })

  it('refuses an update with a gap instead of holding it back [G4]', () => {
    const { submit, client, live } = setup()
    const c = client()
    const first = c.capture((d) => d.getMap('cells:s1').set('r2:c1', 1))
    const second = c.capture((d) => d.getMap('cells:s1').set('r3:c1', 2))
    expect(submit(second, eva)).toMatchObject({ ok: false, missing: true, reason: expect.stringMatching(/lucka/) })
    expect(live.store.pendingStructs).toBeNull()
    expect(submit(first, eva)).toMatchObject({ ok: true })
    expect(live.getMap('cells:s1').toJSON()).toEqual({ 'r1:c1': 1, 'r2:c1': 1 })
  })
})

describe('UpdateGate: stored values keep their shape [G1]', () => {
  it('refuses values no client could read, even where the sender may write', () => {
    const { submit, client } = setup()
    const c = client()
    expect(
      submit(
        c.capture((d) => d.getMap('cells:s1').set('r2:c1', { evil: true } as never)),
        eva,
      ),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cellvärde av fel typ/),
    })
    const d = client()
    expect(
      submit(
        d.capture((x) => x.getMap('rowspec:s1').set('r2', { kind: 'bogus' })),
        eva,
      ),
    ).toMatchObject({ ok: false })
    const e = client()
    expect(
      submit(
        e.capture((x) => x.getArray('rows:s1').push([42])),
        eva,
      ),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/id/) })
    const f = client()
    expect(
      submit(
        f.capture((x) => x.getMap('rows:s1').set('hidden', 'x')),
        eva,
      ),
    ).toMatchObject({ ok: false })
    const g = client()
    expect(
      submit(
        g.capture((x) => x.getMap('rowspec:s1').set('r2', { kind: 'summa' })),
        eva,
      ),
    ).toMatchObject({ ok: true })
    for (const bad of [Number.POSITIVE_INFINITY, Number.NaN, 'x'.repeat(100_001), [1]]) {
      const h = client()
      expect(
        submit(
          h.capture((x) => x.getMap('cells:s1').set('r3:c1', bad)),
          eva,
        ),
      ).toMatchObject({ ok: false, reason: expect.stringMatching(/cellvärde/) })
    }
    for (const good of [-0.5, 'x'.repeat(100_000), true, null]) {
      const h = client()
      expect(
        submit(
          h.capture((x) => x.getMap('cells:s1').set('r3:c1', good)),
          eva,
        ),
      ).toMatchObject({ ok: true })
    }
  })
})

describe('UpdateGate: sheets are structure, for ekonomer and admins [R6]', () => {
  const chef: GateActor = { id: 'u-omar', role: 'omradeschef', omrade: 'Område 1' }
  const admin: GateActor = { id: 'u-anna', role: 'admin', omrade: null }

  /** A live VP 2024 workbook with a gate, and clients whose domain operations are captured as updates. */
  function vpSetup() {
    const live = openWorkbook(new Y.Doc())
    applyTemplate(live, vp2024Template)
    const { submit } = gateOver(live.doc)
    /** Runs a sheet operation on a fresh client replica and returns its update. */
    const capture = (change: (wb: Workbook) => void): Uint8Array => {
      const wb = openWorkbook(new Y.Doc())
      Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(live.doc))
      const sv = Y.encodeStateVector(wb.doc)
      change(wb)
      return Y.encodeStateAsUpdate(wb.doc, sv)
    }
    const budget = findSheetByName(live, 'Budget')?.id as string
    return { live, submit, capture, budget }
  }

  const NUMBER_COLUMN: ColumnSpec = { label: 'Belopp', type: 'number', editable: 'ekonom' }
  const operations: Array<[string, (wb: Workbook, budget: string) => void]> = [
    ['add', (wb) => void addSheet(wb, { name: 'Blad 1', kind: 'generic', columns: [NUMBER_COLUMN] })],
    ['rename', (wb, budget) => renameSheet(wb, budget, 'Ram')],
    ['duplicate', (wb, budget) => void duplicateSheet(wb, budget)],
    ['move', (wb, budget) => moveSheet(wb, budget, 3)],
    ['delete', (wb, budget) => deleteSheet(wb, budget)],
  ]

  it.each(operations)('[R6] accepts a sheet %s from an ekonom and refuses it from an områdeschef and a läsare', (_name, operation) => {
    const { live, submit, capture, budget } = vpSetup()
    const before = Y.encodeStateAsUpdate(live.doc)
    for (const actor of [chef, lars]) {
      expect(
        submit(
          capture((wb) => operation(wb, budget)),
          actor,
        ),
      ).toMatchObject({
        ok: false,
        reason: 'Bara ekonomer kan ändra rader, kolumner och blad.',
      })
    }
    expect(Y.encodeStateAsUpdate(live.doc)).toEqual(before)
    const expected = capture((wb) => operation(wb, budget))
    expect(submit(expected, eva)).toMatchObject({ ok: true })
    const mirror = openWorkbook(new Y.Doc())
    Y.applyUpdate(mirror.doc, before)
    Y.applyUpdate(mirror.doc, expected)
    expect(listSheets(live)).toEqual(listSheets(mirror))
  })

  it('[R6] accepts a duplicate of a sheet with a chart from an ekonom, the chart copied with it', () => {
    const { live, submit, capture } = vpSetup()
    const volym = findSheetByName(live, 'Volym')?.id as string
    const update = capture((wb) => void duplicateSheet(wb, volym))
    expect(submit(update, chef)).toMatchObject({ ok: false })
    expect(submit(update, eva)).toMatchObject({ ok: true })
    const copy = findSheetByName(live, 'Volym (2)')?.id as string
    expect(listCharts(live, copy)).toHaveLength(listCharts(live, volym).length)
  })

  it('[R6] accepts an undone sheet deletion from an ekonom (locked columns and formulas come back), refuses it from a läsare', () => {
    const { live, submit, budget } = vpSetup()
    const wb = openWorkbook(new Y.Doc())
    Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(live.doc))
    const undo = new Y.UndoManager(undoScope(wb), { trackedOrigins: new Set([Origin.LocalEdit]) })
    let sv = Y.encodeStateVector(wb.doc)
    deleteSheet(wb, budget)
    expect(submit(Y.encodeStateAsUpdate(wb.doc, sv), admin)).toMatchObject({ ok: true })
    const voGrid = getSheetGrid(wb, findSheetByName(live, 'Verksamhetsområden')?.id as string)
    sv = Y.encodeStateVector(wb.doc)
    undo.undo()
    const restore = Y.encodeStateAsUpdate(wb.doc, sv)
    expect(submit(restore, lars)).toMatchObject({ ok: false })
    expect(submit(restore, eva)).toMatchObject({ ok: true })
    expect(listSheets(live).map((s) => s.name)).toContain('Budget')
    expect(getSheetGrid(live, budget)).toEqual(getSheetGrid(wb, budget))
    expect(getSheetGrid(live, voGrid.sheet.id)).toEqual(voGrid)
  })

  it('[R6] a locked cell written into a sheet the same update deletes stays refused', () => {
    const { submit, capture, budget } = vpSetup()
    const forged = capture((wb) => {
      const g = getSheetGrid(wb, budget)
      wb.doc.getArray('sheets').delete(wb.doc.getArray('sheets').toArray().indexOf(budget), 1)
      wb.doc.getMap(`cells:${budget}`).set(`${g.rowIds[1]}:${g.colIds[0]}`, 'Omdöpt rad')
    })
    expect(submit(forged, eva)).toMatchObject({ ok: false, reason: 'Cellen är låst.' })
  })

  it('[R6] a cell the ekonom may not write stays refused when the same update also moves its sheet', () => {
    const { submit, capture, budget } = vpSetup()
    const forged = capture((wb) => {
      moveSheet(wb, budget, 2)
      const g = getSheetGrid(wb, budget)
      wb.doc.getMap(`cells:${budget}`).set(`${g.rowIds[1]}:${g.colIds[0]}`, 'Omdöpt rad')
    })
    expect(submit(forged, eva)).toMatchObject({ ok: false, reason: 'Cellen är låst.' })
  })
})

describe('UpdateGate: charts are structure [CH9] [CH10]', () => {
  const chief: GateActor = { id: 'u-omar', role: 'omradeschef', omrade: 'Område 1' }
  const chart = (id: string) => ({
    id,
    kind: 'bar',
    title: 'Elever',
    range: { firstRow: 'r1', lastRow: 'r3', firstCol: 'c1', lastCol: 'c1' },
    seriesIn: 'cols',
    categoryLabels: null,
    seriesLabels: null,
    omit: [],
    anchor: { rowId: 'r1', colId: 'c1' },
    size: { width: 640, height: 320 },
  })

  it('[R8] knows the chart root: an områdeschef writing a chart is refused, an ekonom is accepted', () => {
    const { submit, client, live } = setup()
    const refused = submit(
      client().capture((d) => d.getMap('charts:s1').set('k1', chart('k1'))),
      chief,
    )
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/Bara ekonomer/) })
    expect(live.getMap('charts:s1').size).toBe(0)
    const accepted = submit(
      client().capture((d) => d.getMap('charts:s1').set('k1', chart('k1'))),
      eva,
    )
    expect(accepted).toMatchObject({ ok: true, targets: [{ kind: 'chart', sheetId: 's1', chartId: 'k1', change: 'insert' }] })
    expect(live.getMap('charts:s1').get('k1')).toEqual(chart('k1'))
  })

  it('refuses a läsare removing a chart and an ekonom storing one that fails its schema', () => {
    const { submit, client, live } = setup()
    expect(
      submit(
        client().capture((d) => d.getMap('charts:s1').set('k1', chart('k1'))),
        eva,
      ),
    ).toMatchObject({ ok: true })
    expect(
      submit(
        client().capture((d) => d.getMap('charts:s1').delete('k1')),
        lars,
      ),
    ).toMatchObject({ ok: false })
    expect(live.getMap('charts:s1').has('k1')).toBe(true)
    const badKind = submit(
      client().capture((d) => d.getMap('charts:s1').set('k2', { ...chart('k2'), kind: 'pie' })),
      eva,
    )
    expect(badKind).toMatchObject({ ok: false, reason: expect.stringMatching(/ogiltigt diagram/) })
    const otherKey = submit(
      client().capture((d) => d.getMap('charts:s1').set('k3', chart('k1'))),
      eva,
    )
    expect(otherKey).toMatchObject({ ok: false, reason: expect.stringMatching(/ogiltigt diagram/) })
    expect(
      submit(
        client().capture((d) => d.getMap('charts:s1').delete('k1')),
        eva,
      ),
    ).toMatchObject({ ok: true })
    expect(live.getMap('charts:s1').size).toBe(0)
  })
})
