import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkV1UpdateBytes } from './update-bytes'

function realUpdate(): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('cells:s1').set('r1:c1', 20684.1)
  doc.getArray('rows:s1').push(['r1', 'r2'])
  doc.getArray('rows:s1').delete(0, 1)
  return Y.encodeStateAsUpdate(doc)
}

describe('checkV1UpdateBytes [G2]', () => {
  it('accepts what a Y.Doc sends: JSON content, deleted content and a delete set', () => {
    expect(checkV1UpdateBytes(realUpdate())).toBeNull()
    expect(checkV1UpdateBytes(Y.encodeStateAsUpdate(new Y.Doc()))).toBeNull()
  })

  it('refuses trailing bytes, the v2 encoding read as v1, truncation and other content kinds', () => {
    const update = realUpdate()
    expect(checkV1UpdateBytes(new Uint8Array([...update, 0]))).toMatch(/överflödiga/)
    const doc = new Y.Doc()
    doc.getMap('cells:s1').set('r1:c1', 1)
    expect(checkV1UpdateBytes(Y.encodeStateAsUpdateV2(doc))).not.toBeNull()
    expect(checkV1UpdateBytes(update.subarray(0, update.length - 3))).toMatch(/avkodas/)
    const text = new Y.Doc()
    text.getText('t').insert(0, 'hej')
    expect(checkV1UpdateBytes(Y.encodeStateAsUpdate(text))).toMatch(/typ/)
  })
})
