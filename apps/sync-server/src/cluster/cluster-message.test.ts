import { describe, expect, it } from 'vitest'
import { decodeClusterMessage, encodeClusterMessage, type ClusterMessage } from './cluster-message'

describe('messages between servers', () => {
  it('decodes what it encodes, for every kind', () => {
    const messages: ClusterMessage[] = [
      { kind: 'update', from: 'a', seq: 2 ** 40, prev: 17, update: new Uint8Array([1, 2, 3]) },
      { kind: 'awareness', from: 'b', update: new Uint8Array([9]) },
      { kind: 'presence-query', from: 'c' },
      { kind: 'head', from: 'd', seq: 12 },
    ]
    for (const message of messages) expect(decodeClusterMessage(encodeClusterMessage(message))).toEqual(message)
  })

  it('ignores bytes no server sends: unknown kinds, truncated or trailing bytes', () => {
    const update = encodeClusterMessage({ kind: 'update', from: 'a', seq: 5, prev: 4, update: new Uint8Array([1, 2, 3]) })
    expect(decodeClusterMessage(new Uint8Array([9, 1, 97]))).toBeNull()
    expect(decodeClusterMessage(update.subarray(0, update.length - 1))).toBeNull()
    expect(decodeClusterMessage(new Uint8Array([...update, 0]))).toBeNull()
    expect(decodeClusterMessage(new Uint8Array())).toBeNull()
  })
})
