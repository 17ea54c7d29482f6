import { describe, expect, it } from 'vitest'
import { decodeClusterMessage, encodeClusterMessage, type ClusterMessage } from './cluster-message'

describe('messages between servers', () => {
  it('decodes what it encodes, for every kind', () => {
    const messages: ClusterMessage[] = [
      { kind: 'update', from: 'a', seq: 2 ** 40, prev: 17, update: new Uint8Array([1, 2, 3]) },
      { kind: 'awareness', from: 'b', update: new Uint8Array([9]) },
      { kind: 'presence-query', from: 'c' },
      { kind: 'head', from: 'd', seq: 12 },
      {
        kind: 'forward',
        from: 'e',
        to: 'f',
        forward: 3,
        user: { id: 'u1', username: 'anna', name: 'Anna Ek', role: 'omradeschef', omrade: 'Nord' },
        update: new Uint8Array([4, 5]),
      },
      {
        kind: 'forward',
        from: 'e',
        to: 'f',
        forward: 4,
        user: { id: 'u2', username: 'bo', name: 'Bo', role: 'ekonom', omrade: null },
        update: new Uint8Array([6]),
      },
      { kind: 'verdict', from: 'f', to: 'e', forward: 3, verdict: { outcome: 'accepted' } },
      { kind: 'verdict', from: 'f', to: 'e', forward: 4, verdict: { outcome: 'refused', code: 4403, reason: 'Raden hör till Syd.' } },
      { kind: 'verdict', from: 'f', to: 'e', forward: 5, verdict: { outcome: 'ask', message: new Uint8Array([0, 0, 1]) } },
      { kind: 'verdict', from: 'f', to: 'e', forward: 6, verdict: { outcome: 'declined' } },
      { kind: 'released', from: 'f' },
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

  it('ignores a forwarded update whose user has a role Samplan does not know', () => {
    const user = { id: 'u1', username: 'anna', name: 'Anna', role: 'ekonom' as const, omrade: null }
    const bytes = encodeClusterMessage({ kind: 'forward', from: 'e', to: 'f', forward: 1, user, update: new Uint8Array([1]) })
    const forged = new TextDecoder().decode(bytes).replace('ekonom', 'kungen')
    expect(decodeClusterMessage(new TextEncoder().encode(forged))).toBeNull()
  })
})
