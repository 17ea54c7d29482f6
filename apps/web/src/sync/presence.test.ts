import { describe, expect, it } from 'vitest'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { FALLBACK_PEER_COLOR, peerColor, peers, setCursor, setPresence } from './presence'

describe('presence', () => {
  it("paints the server's colour, and only a #rrggbb one", () => {
    expect(peerColor('#2e7d32')).toBe('#2e7d32')
    expect(peerColor(undefined)).toBe(FALLBACK_PEER_COLOR)
    expect(peerColor('red; background: url(http://x)')).toBe(FALLBACK_PEER_COLOR)
  })

  it('lists the other clients with a user, not myself and not bare clients', () => {
    const mine = new Awareness(new Y.Doc())
    const theirs = new Awareness(new Y.Doc())
    const bare = new Awareness(new Y.Doc())
    setPresence(mine, { user: { id: 'u1', name: 'Eva Ekonom', color: '#000000' }, cursor: null })
    setPresence(theirs, { user: { id: 'u2', name: 'Anna Admin', color: '#111111', role: 'admin' }, cursor: null })
    setCursor(theirs, { sheetId: 's', rowId: 'r', colId: 'c' })
    for (const other of [theirs, bare]) {
      applyAwarenessUpdate(mine, encodeAwarenessUpdate(other, [other.clientID]), 'remote')
    }
    expect(peers(mine)).toEqual([
      { clientId: theirs.clientID, user: { id: 'u2', name: 'Anna Admin', color: '#111111', role: 'admin' }, cursor: { sheetId: 's', rowId: 'r', colId: 'c' } },
    ])
  })
})
