import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeMessage, encodeAwareness, encodeSyncStep1, encodeSyncUpdate } from './protocol'

describe('decodeMessage', () => {
  it('round-trips the frames the server sends', () => {
    const doc = new Y.Doc()
    doc.getMap('m').set('k', 1)
    const update = Y.encodeStateAsUpdate(doc)
    expect(decodeMessage(encodeSyncUpdate(update))).toEqual({ ok: true, value: { type: 'sync-update', update } })
    const sv = Y.encodeStateVector(doc)
    expect(decodeMessage(encodeSyncStep1(sv))).toEqual({ ok: true, value: { type: 'sync-step1', stateVector: sv } })
    expect(decodeMessage(encodeAwareness(new Uint8Array([1, 2])))).toMatchObject({ ok: true, value: { type: 'awareness' } })
  })

  it('refuses empty, truncated, unknown and over-long frames with a reason', () => {
    const frame = encodeSyncUpdate(new Uint8Array([1, 2, 3, 4]))
    expect(decodeMessage(new Uint8Array())).toMatchObject({ ok: false })
    expect(decodeMessage(frame.subarray(0, frame.length - 2))).toMatchObject({ ok: false })
    expect(decodeMessage(new Uint8Array([...frame, 0]))).toMatchObject({ ok: false, error: expect.stringMatching(/överflödiga/) })
    const unknown = encoding.createEncoder()
    encoding.writeVarUint(unknown, 9)
    expect(decodeMessage(encoding.toUint8Array(unknown))).toMatchObject({ ok: false, error: expect.stringMatching(/okänd/) })
    const badSync = encoding.createEncoder()
    encoding.writeVarUint(badSync, 0)
    encoding.writeVarUint(badSync, 7)
    encoding.writeVarUint8Array(badSync, new Uint8Array([1]))
    expect(decodeMessage(encoding.toUint8Array(badSync))).toMatchObject({ ok: false })
  })
})
