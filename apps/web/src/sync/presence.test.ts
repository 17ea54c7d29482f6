import { describe, expect, it } from 'vitest'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { colorFor, peers, setCursor, setPresence } from './presence'

describe('presence', () => {
  it('gives each user one stable colour', () => {
    expect(colorFor('u-1')).toBe(colorFor('u-1'))
    expect(colorFor('u-1')).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('lists the other clients with a user, not myself and not bare clients', () => {
    const mine = new Awareness(new Y.Doc())
    const theirs = new Awareness(new Y.Doc())
    const bare = new Awareness(new Y.Doc())
    setPresence(mine, { user: { id: 'u1', name: 'Eva Ekonom', color: '#000' }, cursor: null })
    setPresence(theirs, { user: { id: 'u2', name: 'Anna Admin', color: '#111' }, cursor: null })
    setCursor(theirs, { sheetId: 's', rowId: 'r', colId: 'c' })
    for (const other of [theirs, bare]) {
      applyAwarenessUpdate(mine, encodeAwarenessUpdate(other, [other.clientID]), 'remote')
    }
    expect(peers(mine)).toEqual([
      { clientId: theirs.clientID, user: { id: 'u2', name: 'Anna Admin', color: '#111' }, cursor: { sheetId: 's', rowId: 'r', colId: 'c' } },
    ])
  })
})
