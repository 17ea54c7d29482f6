import { describe, expect, it } from 'vitest'
import { decodeSessionEvent, encodeSessionEvent, type SessionEvent } from './session-event'

describe('session events between servers', () => {
  it('decodes what it encodes, for every kind', () => {
    const events: SessionEvent[] = [
      { kind: 'signed-out-everywhere', from: 'a', userId: 'u-1', sparedTokenHash: 'ab'.repeat(32) },
      { kind: 'deactivated', from: 'a', userId: 'u-2' },
      { kind: 'user-changed', from: 'b', userId: 'u-3' },
      { kind: 'member-removed', from: 'c', userId: 'u-4', workbookId: 'vp-2024' },
    ]
    for (const event of events) expect(decodeSessionEvent(encodeSessionEvent(event))).toEqual(event)
  })

  it('ignores what no server sends: unknown kinds, a role in place of a re-read, a raw token, bad JSON', () => {
    expect(decodeSessionEvent('{"kind":"promote","from":"a","userId":"u"}')).toBeNull()
    expect(decodeSessionEvent('{"kind":"user-changed","from":"a"}')).toBeNull()
    expect(decodeSessionEvent('{"kind":"signed-out-everywhere","from":"a","userId":"u","sparedTokenHash":"eyJhbGciOi"}')).toBeNull()
    expect(decodeSessionEvent('{')).toBeNull()
    // Unknown fields are dropped: a receiver reads the role from the database.
    expect(decodeSessionEvent('{"kind":"user-changed","from":"a","userId":"u","role":"admin"}')).toEqual({
      kind: 'user-changed',
      from: 'a',
      userId: 'u',
    })
  })
})
