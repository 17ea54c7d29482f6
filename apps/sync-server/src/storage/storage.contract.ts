import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Storage } from './open-storage'

/** One database under test, fresh for each test. */
export interface StorageUnderTest {
  storage: Storage
  /** The same database opened again, as after a restart. */
  reopen(): Promise<Storage>
  /** Overwrites the newest snapshot of a workbook with `bytes`, as a damaged disk would. */
  corruptNewestSnapshot(workbookId: string, bytes: Uint8Array): Promise<void>
  /** The `upto` sequence of each snapshot kept for a workbook, ascending. */
  snapshotSeqs(workbookId: string): Promise<number[]>
}

/** Bytes Yjs throws on. */
const BROKEN = new Uint8Array([1, 1, 200, 1, 0, 8, 0])
const AT = '2024-01-01T00:00:00.000Z'

/** Appends every update of `doc` to the store, in order (as the room does), awaiting each. */
function logUpdates(storage: Storage, workbookId: string, doc: Y.Doc, userId: string | null): () => Promise<void> {
  let chain = Promise.resolve()
  doc.on('update', (u: Uint8Array) => {
    chain = chain.then(async () => {
      await storage.store.appendUpdate(workbookId, u, userId)
    })
  })
  return () => chain
}

async function newWorkbook(storage: Storage, id = 'wb', doc = new Y.Doc()): Promise<Y.Doc> {
  await storage.store.createWorkbook({ id, title: 'T', createdAt: AT }, Y.encodeStateAsUpdate(doc))
  return doc
}

/**
 * What every storage implementation must do, whatever the database: run by sqlite.test.ts and
 * postgres.test.ts, so SQLite and PostgreSQL keep the same semantics.
 */
export function describeStorageContract(name: string, fresh: () => Promise<StorageUnderTest>): void {
  // A fresh database per test; creating one takes a moment on a busy machine.
  describe(`storage contract: ${name}`, { timeout: 30_000 }, () => {
    const open: Storage[] = []
    const under = async () => {
      const t = await fresh()
      open.push(t.storage)
      return {
        ...t,
        reopen: async () => {
          const again = await t.reopen()
          open.push(again)
          return again
        },
      }
    }
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close().catch(() => {})
    })

    it('rebuilds a document from its snapshot plus the update log after reopening the database', async () => {
      const t = await under()
      const created = new Y.Doc()
      created.getMap('cells:s1').set('r1:c1', 1)
      const source = await newWorkbook(t.storage, 'wb', created)
      const written = logUpdates(t.storage, 'wb', source, 'user-1')
      source.getMap('cells:s1').set('r1:c2', 'två')
      source.getArray<string>('rows:s1').push(['r1', 'r2'])
      await written()
      await t.storage.close()
      const again = await t.reopen()
      const loaded = await again.store.loadDoc('wb')
      expect(loaded.getMap('cells:s1').toJSON()).toEqual({ 'r1:c1': 1, 'r1:c2': 'två' })
      expect(loaded.getArray('rows:s1').toJSON()).toEqual(['r1', 'r2'])
      expect((await again.store.stats('wb')).updates).toBe(2)
    })

    it('keeps bytes exactly: what is appended is what loads', async () => {
      const t = await under()
      const doc = await newWorkbook(t.storage)
      const written = logUpdates(t.storage, 'wb', doc, null)
      for (let i = 0; i < 20; i++) doc.getMap('cells:s').set(`r${i}:c`, 'x'.repeat(i * 50) + i)
      await written()
      const loaded = await t.storage.store.loadDoc('wb')
      expect(Y.encodeStateAsUpdate(loaded)).toEqual(Y.encodeStateAsUpdate(doc))
      const stats = await t.storage.store.stats('wb')
      expect(stats.updates).toBe(20)
      expect(stats.logBytes).toBeGreaterThan(20 * 25)
    })

    it('hands a turn the entries after its seq, appends its entry after them, and reports the seq it follows', async () => {
      const t = await under()
      await newWorkbook(t.storage)
      const entry = (value: number) => {
        const doc = new Y.Doc()
        doc.getMap('cells:s').set('r:c', value)
        return { update: Y.encodeStateAsUpdate(doc), userId: 'u1', bind: [doc.clientID], audit: [], at: AT }
      }
      const first = await t.storage.store.commitUpdate('wb', entry(1))
      expect(await t.storage.store.headSeq('wb')).toBe(first)
      const turn = await t.storage.store.commitInOrder('wb', 0, async ({ missed, owners }) => ({
        entry: entry(2),
        result: { missed: missed.map((m) => m.seq), owners: (await owners()).size },
      }))
      expect(turn.result).toEqual({ missed: [first], owners: 1 })
      expect(turn.prev).toBe(first)
      expect(turn.seq).toBeGreaterThan(first)
      expect(await t.storage.store.headSeq('wb')).toBe(turn.seq)
      expect((await t.storage.store.updatesAfter('wb', first)).map((e) => e.seq)).toEqual([turn.seq])
      // A turn that decides on nothing appends nothing.
      const idle = await t.storage.store.commitInOrder('wb', turn.seq as number, async ({ missed }) => ({
        entry: null,
        result: missed.length,
      }))
      expect(idle).toEqual({ result: 0, seq: null, prev: turn.seq })
      expect(await t.storage.store.headSeq('wb')).toBe(turn.seq)
    })

    it('holds a turn for a group of entries: hands over what it missed, stores the group together in order on commit, and nothing when abandoned', async () => {
      const t = await under()
      await newWorkbook(t.storage)
      const entry = (value: number) => {
        const doc = new Y.Doc()
        doc.getMap('cells:s').set('r:c', value)
        return { update: Y.encodeStateAsUpdate(doc), userId: 'u1', bind: [doc.clientID], audit: [], at: AT }
      }
      const first = await t.storage.store.commitUpdate('wb', entry(1))
      const abandoned = await t.storage.store.takeTurn('wb', 0)
      expect(abandoned.missed.map((m) => m.seq)).toEqual([first])
      await abandoned.append(entry(2))
      abandoned.abandon()
      expect(await t.storage.store.headSeq('wb')).toBe(first)
      const turn = await t.storage.store.takeTurn('wb', first)
      expect(turn.missed).toEqual([])
      expect((await turn.owners()).size).toBe(1)
      for (const value of [3, 4, 5]) await turn.append(entry(value))
      const seqs = await turn.commit()
      expect(seqs).toHaveLength(3)
      expect((await t.storage.store.updatesAfter('wb', first)).map((e) => e.seq)).toEqual(seqs)
      expect(await t.storage.store.headSeq('wb')).toBe(seqs[2])
      expect((await t.storage.store.clientOwners('wb')).size).toBe(4)
    })

    it('reads the rights of the people asked for with the turn, as committed before it: role, område, deactivation; quotes in ids are data', async () => {
      const t = await under()
      await newWorkbook(t.storage)
      const row = { username: 'chef', name: 'Chef', role: 'omradeschef', omrade: 'Område 1', passwordHash: 'h' }
      await t.storage.users.insert({ ...row, id: 'u-chef' })
      await t.storage.users.insert({ ...row, id: "u-o'brien", username: 'obrien', role: 'ekonom', omrade: null })
      const asked = ['u-chef', "u-o'brien", "u-nobody') OR ('1'='1"]
      const first = await t.storage.store.takeTurn('wb', 0, asked)
      expect(Object.fromEntries(first.rights)).toEqual({
        'u-chef': { role: 'omradeschef', omrade: 'Område 1', active: true },
        "u-o'brien": { role: 'ekonom', omrade: null, active: true },
      })
      first.abandon()
      await t.storage.users.updateProfile('u-chef', { name: 'Chef', role: 'lasare', omrade: null })
      await t.storage.users.setDeactivatedAt("u-o'brien", AT)
      const second = await t.storage.store.takeTurn('wb', 0, asked)
      expect(Object.fromEntries(second.rights)).toEqual({
        'u-chef': { role: 'lasare', omrade: null, active: true },
        "u-o'brien": { role: 'ekonom', omrade: null, active: false },
      })
      await second.commit()
      const unasked = await t.storage.store.takeTurn('wb', 0)
      expect(unasked.rights.size).toBe(0)
      unasked.abandon()
    })

    it('stores a turn with its audit entries and bindings exactly, whatever the texts hold', async () => {
      const t = await under()
      await newWorkbook(t.storage, "wb'; DROP TABLE updates; --")
      const id = "wb'; DROP TABLE updates; --"
      const doc = new Y.Doc()
      const written: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => written.push(u))
      doc.getMap('cells:s').set('r:c', "O'Brien \\x00 ' \" \\\\ ; --")
      doc.getMap('cells:s').set('r:d', 'Åsa 🙂')
      const texts = ["'; DROP TABLE audit; --", 'back\\slash \\x41', 'Åsa 🙂 "quoted"', "$1 $$ E''"]
      const turn = await t.storage.store.takeTurn(id, 0)
      await turn.append({
        update: written[0] as Uint8Array,
        userId: "u-o'brien",
        bind: [doc.clientID, 4_294_967_295],
        audit: texts.map((text, i) => ({
          userId: "u-o'brien",
          sheetId: 's',
          rowId: `r${i}`,
          colId: text,
          address: text,
          old: text,
          new: i,
        })),
        at: AT,
      })
      await turn.append({ update: written[1] as Uint8Array, userId: null, bind: [99], audit: [], at: AT })
      const seqs = await turn.commit()
      expect(seqs).toHaveLength(2)
      const log = await t.storage.store.updatesAfter(id, 0)
      expect(log.map((e) => [e.seq, e.userId, new Uint8Array(e.update)])).toEqual([
        [seqs[0], "u-o'brien", written[0]],
        [seqs[1], null, written[1]],
      ])
      // Nobody's entry binds nothing.
      expect(await t.storage.store.clientOwners(id)).toEqual(
        new Map([
          [doc.clientID, "u-o'brien"],
          [4_294_967_295, "u-o'brien"],
        ]),
      )
      const history = await t.storage.audit.history(id, {})
      expect(history.map((e) => [e.seq, e.colId, e.address, e.old, e.new]).sort((a, b) => Number(a[4]) - Number(b[4]))).toEqual(
        texts.map((text, i) => [seqs[0], text, text, text, i]),
      )
      expect((await t.storage.store.loadDoc(id)).getMap('cells:s').toJSON()).toEqual(doc.getMap('cells:s').toJSON())
    })

    it('loads the same state after compaction, keeping the log for history', async () => {
      const t = await under()
      const doc = await newWorkbook(t.storage)
      const written = logUpdates(t.storage, 'wb', doc, null)
      for (let i = 0; i < 50; i++) doc.getMap('cells:s').set(`r${i}:c`, i)
      await written()
      await t.storage.store.compact('wb', doc)
      doc.getMap('cells:s').set('after:c', 'x')
      await written()
      const loaded = await t.storage.store.loadDoc('wb')
      expect(loaded.getMap('cells:s').toJSON()).toEqual(doc.getMap('cells:s').toJSON())
      expect((await t.storage.store.stats('wb')).updates).toBe(51)
      expect((await t.storage.store.stats('wb')).snapshotBytes).toBeGreaterThan(0)
    })

    it('keeps the first snapshot and the two newest when compacting', async () => {
      const t = await under()
      const doc = await newWorkbook(t.storage)
      const written = logUpdates(t.storage, 'wb', doc, null)
      for (let i = 0; i < 5; i++) {
        doc.getMap('cells:s').set(`r${i}:c`, i)
        await written()
        await t.storage.store.compact('wb', doc)
      }
      const seqs = await t.snapshotSeqs('wb')
      expect(seqs).toHaveLength(3)
      expect(seqs[0]).toBe(0)
      // The two newest fold up to the last two appended updates.
      expect(seqs[2]! - seqs[1]!).toBe(1)
    })

    it('lists and finds workbooks', async () => {
      const t = await under()
      await t.storage.store.createWorkbook({ id: 'a', title: 'A', createdAt: '2024-01-01' }, Y.encodeStateAsUpdate(new Y.Doc()))
      await t.storage.store.createWorkbook({ id: 'b', title: 'B', createdAt: '2024-02-01' }, Y.encodeStateAsUpdate(new Y.Doc()))
      expect(await t.storage.store.listWorkbooks()).toEqual([
        { id: 'a', title: 'A', createdAt: '2024-01-01' },
        { id: 'b', title: 'B', createdAt: '2024-02-01' },
      ])
      expect(await t.storage.store.getWorkbook('b')).toEqual({ id: 'b', title: 'B', createdAt: '2024-02-01' })
      expect(await t.storage.store.getWorkbook('c')).toBeUndefined()
    })

    it('sets aside an update that fails to apply, loads everything else, and keeps the bad row for an administrator', async () => {
      const t = await under()
      const doc = await newWorkbook(t.storage)
      const written = logUpdates(t.storage, 'wb', doc, 'u-eva')
      doc.getMap('cells:s').set('r1:c', 1)
      await written()
      // Planted rows: bytes Yjs throws on, and an update whose first struct is missing (it would wait forever).
      await t.storage.store.appendUpdate('wb', BROKEN, 'u-mallory')
      const gapDoc = new Y.Doc()
      gapDoc.getMap('cells:s').set('g:c', 'first')
      const sv = Y.encodeStateVector(gapDoc)
      gapDoc.getMap('cells:s').set('g:c', 'second')
      await t.storage.store.appendUpdate('wb', Y.encodeStateAsUpdate(gapDoc, sv), 'u-mallory')
      doc.getMap('cells:s').set('r2:c', 2)
      await written()

      const loaded = await t.storage.store.loadDoc('wb')
      expect(loaded.getMap('cells:s').toJSON()).toEqual({ 'r1:c': 1, 'r2:c': 2 })
      expect(loaded.store.pendingStructs).toBeNull()
      const quarantined = await t.storage.store.listQuarantine('wb')
      expect(quarantined.map((q) => [q.kind, q.userId])).toEqual([
        ['update', 'u-mallory'],
        ['update', 'u-mallory'],
      ])
      expect(quarantined[0]?.reason).toMatch(/saknar föregående/)
      expect(quarantined[1]?.bytes).toBe(BROKEN.length)
      expect(typeof quarantined[0]?.seq).toBe('number')
      // Set aside once: the next load meets a clean log.
      expect((await t.storage.store.loadDoc('wb')).getMap('cells:s').toJSON()).toEqual({ 'r1:c': 1, 'r2:c': 2 })
      expect(await t.storage.store.listQuarantine('wb')).toHaveLength(2)
    })

    it('never hands out a seq twice, even once the newest row was set aside', async () => {
      const t = await under()
      const doc = await newWorkbook(t.storage)
      const written = logUpdates(t.storage, 'wb', doc, 'u-eva')
      doc.getMap('cells:s').set('r1:c', 1)
      await written()
      const broken = await t.storage.store.appendUpdate('wb', BROKEN, 'u-mallory')
      expect((await t.storage.store.loadDoc('wb')).getMap('cells:s').toJSON()).toEqual({ 'r1:c': 1 })
      expect((await t.storage.store.listQuarantine('wb')).map((q) => q.seq)).toEqual([broken])
      doc.getMap('cells:s').set('r2:c', 2)
      await written()
      expect(await t.storage.store.headSeq('wb')).toBeGreaterThan(broken)
      expect((await t.storage.store.loadDoc('wb')).getMap('cells:s').toJSON()).toEqual({ 'r1:c': 1, 'r2:c': 2 })
    })

    it('keeps the audit entries of a log row it sets aside: the trail still says who changed what', async () => {
      const t = await under()
      await newWorkbook(t.storage)
      const entry = { userId: 'u-mallory', sheetId: 's', rowId: 'r', colId: 'c', address: 'Budget!C2', old: 1, new: 2 }
      await t.storage.store.commitUpdate('wb', { update: BROKEN, userId: 'u-mallory', bind: [], audit: [entry], at: AT })
      await t.storage.store.loadDoc('wb')
      expect(await t.storage.store.listQuarantine('wb')).toHaveLength(1)
      expect(await t.storage.audit.history('wb', {})).toEqual([expect.objectContaining({ ...entry, at: AT })])
    })

    it('falls back to the previous snapshot when the newest does not apply, losing no update', async () => {
      const t = await under()
      const doc = await newWorkbook(t.storage)
      const written = logUpdates(t.storage, 'wb', doc, null)
      doc.getMap('cells:s').set('a:c', 1)
      await written()
      await t.storage.store.compact('wb', doc)
      doc.getMap('cells:s').set('b:c', 2)
      await written()
      await t.storage.store.compact('wb', doc)
      doc.getMap('cells:s').set('c:c', 3)
      await written()
      await t.corruptNewestSnapshot('wb', BROKEN)
      expect((await t.storage.store.loadDoc('wb')).getMap('cells:s').toJSON()).toEqual({ 'a:c': 1, 'b:c': 2, 'c:c': 3 })
      expect((await t.storage.store.listQuarantine('wb')).map((q) => q.kind)).toEqual(['snapshot'])
    })

    it('loads a workbook that is exactly its newest snapshot as the stored bytes, with no tail', async () => {
      const t = await under()
      const doc = await newWorkbook(t.storage)
      const written = logUpdates(t.storage, 'wb', doc, null)
      for (let i = 0; i < 10; i++) doc.getMap('cells:s').set(`r${i}:c`, i)
      await written()
      await t.storage.store.compact('wb', doc)
      const snapshot = Y.encodeStateAsUpdate(doc)
      const loaded = await t.storage.store.loadDocFrom('wb')
      expect(loaded.tail).toBe(0)
      expect(loaded.storedState && new Uint8Array(loaded.storedState)).toEqual(snapshot)
      expect(Y.encodeStateAsUpdate(loaded.doc)).toEqual(snapshot)
    })

    it('counts the log rows after the newest snapshot as the tail and then hands back no stored bytes', async () => {
      const t = await under()
      const doc = await newWorkbook(t.storage)
      const written = logUpdates(t.storage, 'wb', doc, null)
      for (let i = 0; i < 5; i++) doc.getMap('cells:s').set(`r${i}:c`, i)
      await written()
      await t.storage.store.compact('wb', doc)
      for (let i = 0; i < 7; i++) doc.getMap('cells:s').set(`t${i}:c`, i)
      await written()
      const loaded = await t.storage.store.loadDocFrom('wb')
      expect(loaded.tail).toBe(7)
      expect(loaded.storedState).toBeNull()
      expect(Y.encodeStateAsUpdate(loaded.doc)).toEqual(Y.encodeStateAsUpdate(doc))
      // A workbook never compacted: its log after the creation snapshot is the tail.
      const other = await newWorkbook(t.storage, 'fresh')
      const writtenOther = logUpdates(t.storage, 'fresh', other, null)
      other.getMap('cells:s').set('a:c', 1)
      await writtenOther()
      expect((await t.storage.store.loadDocFrom('fresh')).tail).toBe(1)
    })

    it('falls back to the older snapshot when the newest is corrupt, quarantines it and counts the log after the older one', async () => {
      const t = await under()
      const doc = await newWorkbook(t.storage)
      const written = logUpdates(t.storage, 'wb', doc, null)
      doc.getMap('cells:s').set('a:c', 1)
      await written()
      await t.storage.store.compact('wb', doc)
      doc.getMap('cells:s').set('b:c', 2)
      await written()
      await t.storage.store.compact('wb', doc)
      await t.corruptNewestSnapshot('wb', BROKEN)
      const loaded = await t.storage.store.loadDocFrom('wb')
      expect(loaded.doc.getMap('cells:s').toJSON()).toEqual({ 'a:c': 1, 'b:c': 2 })
      // Never the bytes it set aside, and the row after the older snapshot is the tail.
      expect(loaded.storedState).toBeNull()
      expect(loaded.tail).toBe(1)
      const quarantined = await t.storage.store.listQuarantine('wb')
      expect(quarantined.map((q) => [q.kind, q.bytes])).toEqual([['snapshot', BROKEN.length]])
      // Set aside once: the next load starts from the older snapshot and sets nothing more aside.
      expect((await t.storage.store.loadDocFrom('wb')).tail).toBe(1)
      expect(await t.storage.store.listQuarantine('wb')).toHaveLength(1)
    })

    it('binds client ids once, across reopening: a bound id never changes hands', async () => {
      const t = await under()
      await newWorkbook(t.storage)
      await t.storage.store.bindClientIds('wb', [11, 12], 'u-eva')
      await t.storage.store.bindClientIds('wb', [12, 13], 'u-mallory')
      // Yjs client ids are unsigned 32-bit: the largest one round-trips.
      await t.storage.store.bindClientIds('wb', [4_294_967_295], 'u-lars')
      await t.storage.close()
      const again = await t.reopen()
      expect(await again.store.clientOwners('wb')).toEqual(
        new Map([
          [11, 'u-eva'],
          [12, 'u-eva'],
          [13, 'u-mallory'],
          [4_294_967_295, 'u-lars'],
        ]),
      )
    })

    it('commits an update with its audit entries and client-id bindings, and never rebinds an owned id', async () => {
      const t = await under()
      await newWorkbook(t.storage)
      await t.storage.store.bindClientIds('wb', [7], 'u-eva')
      const doc = new Y.Doc()
      doc.getMap('cells:s').set('r:c', 5)
      const seq = await t.storage.store.commitUpdate('wb', {
        update: Y.encodeStateAsUpdate(doc),
        userId: 'u-mallory',
        bind: [7, 8],
        audit: [{ userId: 'u-mallory', sheetId: 's', rowId: 'r', colId: 'c', address: 'Budget!C2', old: null, new: 5 }],
        at: AT,
      })
      expect(seq).toBeGreaterThan(0)
      expect(await t.storage.store.clientOwners('wb')).toEqual(
        new Map([
          [7, 'u-eva'],
          [8, 'u-mallory'],
        ]),
      )
      expect(await t.storage.audit.history('wb', {})).toEqual([
        { seq, userId: 'u-mallory', userName: null, at: AT, sheetId: 's', rowId: 'r', colId: 'c', address: 'Budget!C2', old: null, new: 5 },
      ])
      expect((await t.storage.store.loadDoc('wb')).getMap('cells:s').toJSON()).toEqual({ 'r:c': 5 })
    })

    it('stores nothing of a commit that fails: no update, no audit entry, no binding', async () => {
      const t = await under()
      await newWorkbook(t.storage)
      const failing = t.storage.store.commitUpdate('wb', {
        update: new Uint8Array([0, 0]),
        userId: 'u-eva',
        bind: [21],
        // sheet_id is NOT NULL: the audit insert fails after the update row was written.
        audit: [{ userId: 'u-eva', sheetId: null as unknown as string, rowId: 'r', colId: 'c', address: null, old: 1, new: 2 }],
        at: AT,
      })
      await expect(failing).rejects.toThrow()
      expect((await t.storage.store.stats('wb')).updates).toBe(0)
      expect(await t.storage.store.clientOwners('wb')).toEqual(new Map())
      expect(await t.storage.audit.history('wb', {})).toEqual([])
    })

    it('answers the audit trail newest first, by cell, with the writer named and inputs as they were', async () => {
      const t = await under()
      await t.storage.users.insert({ id: 'u-eva', username: 'ekonom', name: 'Eva Ekonom', role: 'ekonom', omrade: null, passwordHash: 'h' })
      const cell = { sheetId: 's', rowId: 'r1', colId: 'c1' }
      await t.storage.audit.record('wb', 1, AT, [{ userId: 'u-eva', ...cell, address: 'Budget!C2', old: null, new: '=SUM(A1:A2)' }])
      await t.storage.audit.record('wb', 2, AT, [
        { userId: 'u-eva', ...cell, address: 'Budget!C2', old: '=SUM(A1:A2)', new: 21500.5 },
        { userId: null, sheetId: 's', rowId: 'r2', colId: 'c1', address: null, old: true, new: 'text' },
      ])
      const all = await t.storage.audit.history('wb', {})
      expect(all.map((e) => [e.seq, e.rowId])).toEqual([
        [2, 'r2'],
        [2, 'r1'],
        [1, 'r1'],
      ])
      const byCell = await t.storage.audit.history('wb', cell)
      expect(byCell.map((e) => [e.old, e.new, e.userName])).toEqual([
        ['=SUM(A1:A2)', 21500.5, 'Eva Ekonom'],
        [null, '=SUM(A1:A2)', 'Eva Ekonom'],
      ])
      expect(await t.storage.audit.history('wb', { limit: 1 })).toHaveLength(1)
      expect(await t.storage.audit.history('other', {})).toEqual([])
    })

    it('keeps named versions in order with their creator and exact state', async () => {
      const t = await under()
      await t.storage.users.insert({ id: 'u-anna', username: 'admin', name: 'Anna Admin', role: 'admin', omrade: null, passwordHash: 'h' })
      const state = Y.encodeStateAsUpdate(new Y.Doc())
      const first = await t.storage.versions.create('wb', 'Förslag', 'u-anna', state)
      const second = await t.storage.versions.create('wb', 'Beslutad', 'u-anna', new Uint8Array([9, 8, 7]))
      expect(first).toMatchObject({ name: 'Förslag', createdBy: 'u-anna', createdByName: 'Anna Admin' })
      expect(first.id).toMatch(/^v-/)
      expect((await t.storage.versions.list('wb')).map((v) => v.id)).toEqual([first.id, second.id])
      expect(await t.storage.versions.state('wb', second.id)).toEqual(new Uint8Array([9, 8, 7]))
      expect(await t.storage.versions.state('other', second.id)).toBeUndefined()
      expect(await t.storage.versions.list('other')).toEqual([])
    })

    it('finds users by name regardless of case, lists them by name and refuses a second user of the same name', async () => {
      const t = await under()
      const row = { id: 'u-2', username: 'Ekonom', name: 'Eva', role: 'ekonom', omrade: null, passwordHash: 'scrypt$1$x$y' }
      await t.storage.users.insert(row)
      await t.storage.users.insert({ ...row, id: 'u-1', username: 'chef1', omrade: 'Område 1' })
      expect(await t.storage.users.byUsername('EKONOM')).toEqual({
        ...row,
        oidcIssuer: null,
        oidcSubject: null,
        sessionGeneration: 0,
        deactivatedAt: null,
      })
      expect(await t.storage.users.byId('u-1')).toMatchObject({ username: 'chef1', omrade: 'Område 1' })
      expect(await t.storage.users.byId('u-9')).toBeUndefined()
      expect((await t.storage.users.list()).map((u) => u.username)).toEqual(['chef1', 'Ekonom'])
      await expect(t.storage.users.insert({ ...row, id: 'u-3', username: 'ekonom' })).rejects.toThrow()
    })

    it("finds a person by the identity provider's issuer and subject, one user per pair", async () => {
      const t = await under()
      const row = { id: 'u-o', username: 'eva@stad.se', name: 'Eva', role: 'lasare', omrade: null, passwordHash: '' }
      await t.storage.users.insert({ ...row, oidcIssuer: 'https://idp.stad.se', oidcSubject: 'sub-1' })
      await t.storage.users.insert({ ...row, id: 'u-p', username: 'per', oidcIssuer: 'https://other.idp', oidcSubject: 'sub-1' })
      // Local accounts have no identity, and any number of them may be without one.
      await t.storage.users.insert({ ...row, id: 'u-l1', username: 'lokal1' })
      await t.storage.users.insert({ ...row, id: 'u-l2', username: 'lokal2' })
      expect(await t.storage.users.byOidcIdentity('https://idp.stad.se', 'sub-1')).toMatchObject({ id: 'u-o', oidcSubject: 'sub-1' })
      expect(await t.storage.users.byOidcIdentity('https://other.idp', 'sub-1')).toMatchObject({ id: 'u-p' })
      expect(await t.storage.users.byOidcIdentity('https://idp.stad.se', 'sub-2')).toBeUndefined()
      await expect(
        t.storage.users.insert({ ...row, id: 'u-q', username: 'another', oidcIssuer: 'https://idp.stad.se', oidcSubject: 'sub-1' }),
      ).rejects.toThrow()
      expect(await t.storage.users.updateProfile('u-o', { name: 'Eva Ekonom', role: 'ekonom', omrade: 'Område 1' })).toBe(true)
      expect(await t.storage.users.byId('u-o')).toMatchObject({ name: 'Eva Ekonom', role: 'ekonom', omrade: 'Område 1' })
      expect(await t.storage.users.updateProfile('u-none', { name: 'x', role: 'lasare', omrade: null })).toBe(false)
    })

    it('raises a session generation one step at a time, also when raised concurrently, and keeps it across reopening', async () => {
      const t = await under()
      await t.storage.users.insert({ id: 'u-g', username: 'g', name: 'G', role: 'ekonom', omrade: null, passwordHash: '' })
      expect(await t.storage.users.bumpSessionGeneration('u-g')).toBe(1)
      const raised = await Promise.all([1, 2, 3].map(() => t.storage.users.bumpSessionGeneration('u-g')))
      expect(raised.sort()).toEqual([2, 3, 4])
      expect(await t.storage.users.bumpSessionGeneration('u-none')).toBeUndefined()
      await t.storage.close()
      const again = await t.reopen()
      expect((await again.users.byId('u-g'))?.sessionGeneration).toBe(4)
    })

    it('keeps memberships once each, from both sides', async () => {
      const t = await under()
      await t.storage.members.add('wb-1', 'u-eva')
      await t.storage.members.add('wb-1', 'u-eva')
      await t.storage.members.add('wb-2', 'u-eva')
      await t.storage.members.add('wb-1', 'u-lars')
      expect(await t.storage.members.has('wb-1', 'u-lars')).toBe(true)
      expect(await t.storage.members.has('wb-2', 'u-lars')).toBe(false)
      expect(await t.storage.members.workbooksOf('u-eva')).toEqual(['wb-1', 'wb-2'])
      expect(await t.storage.members.usersOf('wb-1')).toEqual(['u-eva', 'u-lars'])
    })

    it('[A6] deactivates and reactivates a user and replaces a password hash, across reopening', async () => {
      const t = await under()
      await t.storage.users.insert({ id: 'u-d', username: 'd', name: 'D', role: 'ekonom', omrade: null, passwordHash: 'old' })
      expect(await t.storage.users.setDeactivatedAt('u-d', AT)).toBe(true)
      expect(await t.storage.users.setPasswordHash('u-d', 'new')).toBe(true)
      expect(await t.storage.users.setDeactivatedAt('u-none', AT)).toBe(false)
      expect(await t.storage.users.setPasswordHash('u-none', 'x')).toBe(false)
      await t.storage.close()
      const again = await t.reopen()
      expect(await again.users.byId('u-d')).toMatchObject({ deactivatedAt: AT, passwordHash: 'new' })
      expect((await again.users.list())[0]?.deactivatedAt).toBe(AT)
      expect(await again.users.setDeactivatedAt('u-d', null)).toBe(true)
      expect((await again.users.byUsername('D'))?.deactivatedAt).toBeNull()
    })

    it('[A6] removes a membership, and says whether there was one', async () => {
      const t = await under()
      await t.storage.members.add('wb-1', 'u-eva')
      await t.storage.members.add('wb-1', 'u-lars')
      expect(await t.storage.members.remove('wb-1', 'u-eva')).toBe(true)
      expect(await t.storage.members.remove('wb-1', 'u-eva')).toBe(false)
      expect(await t.storage.members.usersOf('wb-1')).toEqual(['u-lars'])
      expect(await t.storage.members.workbooksOf('u-eva')).toEqual([])
    })

    it('[A6] keeps administrative actions newest first with the actor named, old and new as given', async () => {
      const t = await under()
      await t.storage.users.insert({ id: 'u-a', username: 'a', name: 'Anna Admin', role: 'admin', omrade: null, passwordHash: '' })
      await t.storage.audit.recordAdmin({ at: AT, actorId: 'u-a', action: 'create-person', target: 'u-x', old: null, new: 'lasare' })
      await t.storage.audit.recordAdmin({ at: AT, actorId: 'u-a', action: 'change-role', target: 'u-x', old: 'lasare', new: 'ekonom' })
      await t.storage.audit.recordAdmin({ at: AT, actorId: 'u-gone', action: 'deactivate', target: 'u-x', old: 'aktiv', new: 'inaktiv' })
      const entries = await t.storage.audit.adminHistory()
      expect(entries.map((e) => e.action)).toEqual(['deactivate', 'change-role', 'create-person'])
      expect(entries[1]).toMatchObject({ actorId: 'u-a', actorName: 'Anna Admin', target: 'u-x', old: 'lasare', new: 'ekonom', at: AT })
      expect(entries[0]?.actorName).toBeNull()
      expect(typeof entries[0]?.id).toBe('number')
      expect(await t.storage.audit.adminHistory(1)).toHaveLength(1)
    })

    it('creates a setting once and keeps it across reopening', async () => {
      const t = await under()
      expect(await t.storage.settings.get('jwt-secret')).toBeUndefined()
      expect(await t.storage.settings.getOrCreate('jwt-secret', () => 'first')).toBe('first')
      expect(await t.storage.settings.getOrCreate('jwt-secret', () => 'second')).toBe('first')
      await t.storage.close()
      const again = await t.reopen()
      expect(await again.settings.get('jwt-secret')).toBe('first')
    })

    it('answers a ping while the database is up', async () => {
      const t = await under()
      await expect(t.storage.ping()).resolves.toBeUndefined()
    })
  })
}
