import { applyTemplate, initWorkbook, openWorkbook, Origin, vp2024Template } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  encodeUpdateV1,
  encodeUpdateV2,
  type ClientSection,
  type Content,
  type DeleteRanges,
  type Struct,
  type UpdateModel,
} from './yjs-update-encoder'

/** The model of what `Y.encodeStateAsUpdate(doc)` writes, read from the doc's struct store as `Item#write` reads it. */
function modelFromDoc(doc: Y.Doc, update: Uint8Array): UpdateModel {
  const clients: ClientSection[] = [...doc.store.clients.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([client, structs]) => ({ client, clock: 0, structs: structs.map(structFromStore) }))
  return { clients, deleteSet: deleteRanges(Y.decodeUpdate(update).ds) }
}

function structFromStore(struct: Y.Item | Y.GC): Struct {
  if (struct instanceof Y.GC) return { kind: 'gc', length: struct.length }
  const parent = struct.parent as Y.AbstractType<unknown>
  return {
    kind: 'item',
    origin: struct.origin,
    rightOrigin: struct.rightOrigin,
    parent: parent._item === null ? Y.findRootTypeKey(parent) : parent._item.id,
    parentSub: struct.parentSub,
    content: contentModel(struct.content),
  }
}

function contentModel(content: Y.Item['content']): Content {
  if (content instanceof Y.ContentAny) return { kind: 'any', values: content.arr }
  if (content instanceof Y.ContentDeleted) return { kind: 'deleted', length: content.len }
  if (content instanceof Y.ContentString) return { kind: 'string', value: content.str }
  if (content instanceof Y.ContentJSON) return { kind: 'json', values: content.arr }
  if (content instanceof Y.ContentBinary) return { kind: 'binary', value: content.content }
  if (content instanceof Y.ContentEmbed) return { kind: 'embed', value: content.embed }
  if (content instanceof Y.ContentFormat) return { kind: 'format', key: content.key, value: content.value }
  if (content instanceof Y.ContentDoc) return { kind: 'doc', guid: content.doc!.guid, opts: content.opts }
  if (content instanceof Y.ContentType) {
    // Subclasses first: XmlText extends Text, XmlHook extends Map, XmlElement extends XmlFragment.
    const t = content.type
    if (t instanceof Y.XmlText) return { kind: 'type', type: 'xmlText' }
    if (t instanceof Y.XmlHook) return { kind: 'type', type: 'xmlHook', name: t.hookName }
    if (t instanceof Y.XmlElement) return { kind: 'type', type: 'xmlElement', name: t.nodeName }
    if (t instanceof Y.XmlFragment) return { kind: 'type', type: 'xmlFragment' }
    if (t instanceof Y.Text) return { kind: 'type', type: 'text' }
    if (t instanceof Y.Map) return { kind: 'type', type: 'map' }
    if (t instanceof Y.Array) return { kind: 'type', type: 'array' }
  }
  throw new Error(`unknown content ${content.constructor.name}`)
}

function deleteRanges(ds: { clients: Map<number, Array<{ clock: number; len: number }>> }): DeleteRanges[] {
  return [...ds.clients].map(([client, items]) => ({ client, ranges: items.map((d) => [d.clock, d.len] as [number, number]) }))
}

/** Decoded structs as plain data, so two updates can be compared field by field. */
function plainStructs(decoded: ReturnType<typeof Y.decodeUpdate>) {
  return {
    structs: decoded.structs.map((s) => {
      const base = { type: s.constructor.name, client: s.id.client, clock: s.id.clock, length: s.length }
      if (!(s instanceof Y.Item)) return base
      const parent = s.parent as unknown
      return {
        ...base,
        origin: s.origin,
        rightOrigin: s.rightOrigin,
        parent: typeof parent === 'string' || parent === null ? parent : { ...(parent as Y.ID) },
        parentSub: s.parentSub,
        content: s.content.constructor.name,
        values: plainContent(s.content),
      }
    }),
    ds: deleteRanges(decoded.ds),
  }
}

/** Content values, with types and subdocs (whose replicas get random client ids) by name. */
function plainContent(content: Y.Item['content']): unknown {
  if (content instanceof Y.ContentType) return content.type.constructor.name
  if (content instanceof Y.ContentDoc) return content.doc?.guid
  return content.getContent()
}

function expectSameAsYjs(doc: Y.Doc): void {
  const v1 = Y.encodeStateAsUpdate(doc)
  const model = modelFromDoc(doc, v1)
  expect(encodeUpdateV1(model)).toEqual(v1)
  expect(encodeUpdateV2(model)).toEqual(Y.encodeStateAsUpdateV2(doc))
  expect(plainStructs(Y.decodeUpdate(encodeUpdateV1(model)))).toEqual(plainStructs(Y.decodeUpdate(v1)))
  expect(plainStructs(Y.decodeUpdateV2(encodeUpdateV2(model)))).toEqual(plainStructs(Y.decodeUpdate(v1)))
}

describe('yjs-update-encoder writes the bytes Yjs writes', () => {
  it('a hand-written model of a small workbook equals Yjs bytes and applies to the expected JSON', () => {
    const doc = new Y.Doc()
    doc.clientID = 7
    const wb = doc.getMap('workbook')
    wb.set('status', 'utkast') // (7,0)
    doc.getArray('rows:s1').insert(0, ['r1', 'r2']) // (7,1) length 2
    wb.set('status', 'inskickad') // (7,3), origin (7,0); the old value is deleted and gc'd to ContentDeleted
    const model: UpdateModel = {
      clients: [
        {
          client: 7,
          clock: 0,
          structs: [
            { kind: 'item', parent: 'workbook', parentSub: 'status', content: { kind: 'deleted', length: 1 } },
            { kind: 'item', parent: 'rows:s1', content: { kind: 'any', values: ['r1', 'r2'] } },
            // With an origin Yjs writes no parent, but still sets the parentSub bit.
            { kind: 'item', origin: { client: 7, clock: 0 }, parentSub: 'status', content: { kind: 'any', values: ['inskickad'] } },
          ],
        },
      ],
      deleteSet: [{ client: 7, ranges: [[0, 1]] }],
    }
    expect(encodeUpdateV1(model)).toEqual(Y.encodeStateAsUpdate(doc))
    expect(encodeUpdateV2(model)).toEqual(Y.encodeStateAsUpdateV2(doc))
    expect(plainStructs(Y.decodeUpdate(encodeUpdateV1(model)))).toEqual(plainStructs(Y.decodeUpdate(Y.encodeStateAsUpdate(doc))))

    for (const [bytes, apply] of [
      [encodeUpdateV1(model), Y.applyUpdate],
      [encodeUpdateV2(model), Y.applyUpdateV2],
    ] as const) {
      const replica = new Y.Doc()
      apply(replica, bytes)
      expect(replica.getMap('workbook').toJSON()).toEqual({ status: 'inskickad' })
      expect(replica.getArray('rows:s1').toJSON()).toEqual(['r1', 'r2'])
      expect(Y.encodeStateVector(replica)).toEqual(Y.encodeStateVector(doc))
    }
  })

  it('the seeded VP 2024 workbook, re-encoded from its structs, is byte-identical (v1 and v2)', () => {
    const doc = new Y.Doc()
    const wb = openWorkbook(doc)
    applyTemplate(wb, vp2024Template)
    initWorkbook(wb, { title: vp2024Template.title }, Origin.Seed)
    expectSameAsYjs(doc)
  })

  it('every content kind, nested parents and several clients are byte-identical (v1 and v2)', () => {
    const a = new Y.Doc()
    a.clientID = 11
    const m = a.getMap('m')
    m.set('n', 1)
    m.set('n', 2.5)
    const child = new Y.Map<unknown>()
    m.set('child', child)
    child.set('k', [1, 'two', { three: 3 }, null, true])
    const arr = a.getArray<unknown>('a')
    arr.insert(0, [1, 'x', new Uint8Array([1, 2, 3]), new Y.Array(), new Y.Doc({ guid: 'sub' })])
    arr.delete(1, 1)
    const text = a.getText('t')
    text.insert(0, 'hello wörld')
    text.format(0, 5, { bold: true })
    text.insertEmbed(2, { image: 'x.png' })
    text.delete(7, 2)
    const xml = a.getXmlFragment('x')
    const element = new Y.XmlElement('p')
    xml.insert(0, [element, new Y.XmlText('hi'), new Y.XmlHook('hook') as unknown as Y.XmlText])
    element.setAttribute('class', 'c')
    const b = new Y.Doc()
    b.clientID = 3_000_000_000 // above 2^31: ids are unsigned varints
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    b.getMap('m').set('n', 'from b')
    b.getArray('a').insert(1, ['b'])
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
    expectSameAsYjs(a)
  })

  it('Skip structs in a merged update with a gap are byte-identical', () => {
    const doc = new Y.Doc()
    doc.clientID = 5
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    for (const key of ['a', 'b', 'c']) doc.getMap('m').set(key, key)
    const merged = Y.mergeUpdates([updates[0]!, updates[2]!])
    const model: UpdateModel = {
      clients: [
        {
          client: 5,
          clock: 0,
          structs: [
            { kind: 'item', parent: 'm', parentSub: 'a', content: { kind: 'any', values: ['a'] } },
            { kind: 'skip', length: 1 },
            { kind: 'item', parent: 'm', parentSub: 'c', content: { kind: 'any', values: ['c'] } },
          ],
        },
      ],
      deleteSet: [],
    }
    expect(encodeUpdateV1(model)).toEqual(merged)
  })

  it('writes the shapes Yjs never writes itself exactly as modelled (zero and huge lengths, repeated and unsorted sections)', () => {
    const model: UpdateModel = {
      clients: [
        { client: 9, clock: 5, structs: [{ kind: 'item', parent: 'm', parentSub: 'k', content: { kind: 'any', values: [] } }] },
        { client: 2, clock: 0, structs: [{ kind: 'gc', length: 2 ** 40 }, { kind: 'skip', length: 2 ** 45 }] },
        // The same client again, overlapping the first section's clock.
        { client: 9, clock: 4, structs: [{ kind: 'item', origin: { client: 2, clock: 3 }, content: { kind: 'deleted', length: 2 ** 31 } }] },
        { client: 9, clock: 0, structs: [{ kind: 'item', parent: { client: 2, clock: 1 }, content: { kind: 'string', value: '' } }] },
      ],
      deleteSet: [
        { client: 9, ranges: [[7, 1], [2, 3]] },
        { client: 2, ranges: [[0, 0]] },
      ],
    }
    const expected = {
      structs: [
        { type: 'Item', client: 9, clock: 5, length: 0 },
        { type: 'GC', client: 2, clock: 0, length: 2 ** 40 },
        { type: 'Skip', client: 2, clock: 2 ** 40, length: 2 ** 45 },
        { type: 'Item', client: 9, clock: 4, length: 2 ** 31 },
        { type: 'Item', client: 9, clock: 0, length: 0 },
      ],
      ds: [
        { client: 9, ranges: [[7, 1], [2, 3]] },
        { client: 2, ranges: [[0, 0]] },
      ],
    }
    const decoded = plainStructs(Y.decodeUpdate(encodeUpdateV1(model)))
    expect(decoded.structs.map(({ type, client, clock, length }) => ({ type, client, clock, length }))).toEqual(expected.structs)
    expect(decoded.ds).toEqual(expected.ds)
    expect(decoded.structs[2]).not.toHaveProperty('origin')
    expect(decoded.structs[3]).toMatchObject({ origin: { client: 2, clock: 3 }, parent: null, content: 'ContentDeleted' })
    expect(decoded.structs[4]).toMatchObject({ parent: { client: 2, clock: 1 }, content: 'ContentString', values: [] })

    // v2 cannot write a zero-length or descending delete range; without them the same structs decode alike.
    expect(() => encodeUpdateV2(model)).toThrow(/delete range/)
    const v2 = plainStructs(Y.decodeUpdateV2(encodeUpdateV2({ ...model, deleteSet: [{ client: 9, ranges: [[2, 3], [7, 1]] }] })))
    expect(v2.structs).toEqual(decoded.structs)
    expect(v2.ds).toEqual([{ client: 9, ranges: [[2, 3], [7, 1]] }])
  })

  it('Yjs applies only the last of repeated sections of one client, while decodeUpdate lists them all', () => {
    const section = (clock: number, value: string): ClientSection => ({
      client: 9,
      clock,
      structs: [{ kind: 'item', parent: 'm', parentSub: value, content: { kind: 'any', values: [value] } }],
    })
    const update = encodeUpdateV1({ clients: [section(0, 'first'), section(0, 'second')], deleteSet: [] })
    expect(Y.decodeUpdate(update).structs).toHaveLength(2)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, update)
    expect(doc.getMap('m').toJSON()).toEqual({ second: 'second' })
  })

  it('applies legacy JSON content and nested parents given by id', () => {
    const update = encodeUpdateV1({
      clients: [
        {
          client: 4,
          clock: 0,
          structs: [
            { kind: 'item', parent: 'm', parentSub: 'child', content: { kind: 'type', type: 'map' } },
            { kind: 'item', parent: { client: 4, clock: 0 }, parentSub: 'legacy', content: { kind: 'json', values: [{ a: 1 }] } },
            { kind: 'item', parent: 'list', content: { kind: 'json', values: [1, 'two', undefined] } },
          ],
        },
      ],
      deleteSet: [{ client: 4, ranges: [[3, 1]] }],
    })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, update)
    expect(doc.getMap('m').toJSON()).toEqual({ child: { legacy: { a: 1 } } })
    expect(doc.getArray('list').toJSON()).toEqual([1, undefined])
  })
})
