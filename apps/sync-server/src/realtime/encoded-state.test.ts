import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EncodedState } from './encoded-state'

describe('the live doc encoded once per state', () => {
  it('answers a client with nothing from the stored bytes until the doc changes, then encodes once per change', () => {
    const source = new Y.Doc()
    source.getMap('cells:s').set('r:c', 1)
    const stored = Y.encodeStateAsUpdate(source)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, stored)
    const state = new EncodedState(doc)
    state.seed(stored)
    const nothing = Y.encodeStateVector(new Y.Doc())
    expect(state.missingFrom(nothing)).toBe(stored)

    doc.getMap('cells:s').set('r:c', 2)
    const changed = state.missingFrom(nothing)
    expect(changed).not.toBe(stored)
    expect(changed).toEqual(Y.encodeStateAsUpdate(doc))
    expect(state.get()).toBe(changed)

    // A client that has part of the doc gets only what it lacks.
    const partial = Y.encodeStateVector(source)
    expect(state.missingFrom(partial)).toEqual(Y.encodeStateAsUpdate(doc, partial))
    state.destroy()
  })
})
