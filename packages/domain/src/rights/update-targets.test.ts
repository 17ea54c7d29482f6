import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { inspectUpdate } from './update-targets'

/** A server doc and a synced client doc; returns the update the client's change produces. */
function pair() {
  const server = new Y.Doc()
  server.getMap('cells:s1').set('r1:c1', 1)
  server.getArray('rows:s1').push(['r1', 'r2', 'r3'])
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const capture = (change: (doc: Y.Doc) => void): Uint8Array => {
    const sv = Y.encodeStateVector(client)
    change(client)
    return Y.encodeStateAsUpdate(client, sv)
  }
  return { server, client, capture }
}

describe('inspectUpdate', () => {
  it('names the map key of a new cell and of an overwritten one (whose parent Yjs leaves out)', () => {
    const { server, capture } = pair()
    const fresh = capture((d) => d.getMap('cells:s1').set('r2:c1', 5))
    expect(inspectUpdate(server, fresh)).toEqual({
      ok: true,
      targets: [{ root: 'cells:s1', key: 'r2:c1', value: 5, change: 'insert' }],
    })
    const overwrite = capture((d) => d.getMap('cells:s1').set('r1:c1', 'två'))
    const result = inspectUpdate(server, overwrite)
    expect(result).toMatchObject({ ok: true })
    if (!result.ok) return
    expect(result.targets).toContainEqual({ root: 'cells:s1', key: 'r1:c1', value: 'två', change: 'insert' })
    expect(result.targets).toContainEqual({ root: 'cells:s1', key: 'r1:c1', change: 'delete' })
  })

  it('places array inserts by their left origin and lists deleted row ids', () => {
    const { server, capture } = pair()
    const update = capture((d) => {
      d.getArray('rows:s1').insert(1, ['new'])
      d.getArray('rows:s1').delete(2, 1)
    })
    const result = inspectUpdate(server, update)
    expect(result).toMatchObject({ ok: true })
    if (!result.ok) return
    expect(result.targets).toContainEqual({ root: 'rows:s1', key: null, values: ['new'], change: 'insert' })
    expect(result.targets).toContainEqual({ root: 'rows:s1', key: null, values: ['r2'], change: 'delete' })
  })

  it('skips content the server already has', () => {
    const { server, client } = pair()
    expect(inspectUpdate(server, Y.encodeStateAsUpdate(client))).toEqual({ ok: true, targets: [] })
  })

  it('fails closed on nested types, garbage and deletes of unknown content', () => {
    const { server, capture } = pair()
    const nested = capture((d) => d.getMap('cells:s1').set('r3:c1', new Y.Map()))
    expect(inspectUpdate(server, nested)).toMatchObject({ ok: false })
    expect(inspectUpdate(server, new Uint8Array([1, 2, 3, 250, 250]))).toMatchObject({ ok: false })

    const stranger = new Y.Doc()
    stranger.getMap('cells:s1').set('x:y', 1)
    const strangerUpdate = Y.encodeStateAsUpdate(stranger)
    const deleteUnknown = (() => {
      const sv = Y.encodeStateVector(stranger)
      stranger.getMap('cells:s1').delete('x:y')
      return Y.encodeStateAsUpdate(stranger, sv)
    })()
    expect(inspectUpdate(server, deleteUnknown)).toMatchObject({ ok: false })
    // The same content announced first is fine.
    expect(inspectUpdate(server, strangerUpdate)).toMatchObject({ ok: true })
  })
})
