import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { LogEntry } from '../storage/store'
import { mergedUpdate, PeerEntries } from './peer-entries'

const entry = (seq: number, update: Uint8Array = new Uint8Array([seq])): LogEntry => ({ seq, update, userId: null })

describe('entries announced ahead of the one before them', () => {
  it('are handed over once the entry before them is applied, with every kept one that follows, in log order', () => {
    const waiting = new PeerEntries()
    waiting.hold(12, entry(15))
    waiting.hold(15, entry(16))
    waiting.hold(20, entry(21))
    expect(waiting.takeAfter(10)).toEqual([])
    expect(waiting.takeAfter(12).map((e) => e.seq)).toEqual([15, 16])
    // Taken out: the same entry is never handed over twice.
    expect(waiting.takeAfter(12)).toEqual([])
    expect(waiting.size).toBe(1)
  })

  it('drops entries the room already holds (read from the log meanwhile)', () => {
    const waiting = new PeerEntries()
    waiting.hold(3, entry(5))
    waiting.hold(5, entry(8))
    waiting.hold(8, entry(9))
    expect(waiting.takeAfter(8).map((e) => e.seq)).toEqual([9])
    expect(waiting.size).toBe(0)
  })

  it('ignores an entry that does not come after the seq it claims to follow', () => {
    const waiting = new PeerEntries()
    waiting.hold(7, entry(7))
    waiting.hold(7, entry(3))
    expect(waiting.size).toBe(0)
  })

  it('keeps a bounded number while the entry before them stays missing (the log supplies the rest)', () => {
    const waiting = new PeerEntries()
    for (let seq = 2; seq < 5000; seq++) waiting.hold(seq - 1, entry(seq + 1))
    expect(waiting.size).toBeLessThanOrEqual(1024)
  })
})

describe('a batch of accepted entries as one update', () => {
  it('has the effect of applying each entry in order', () => {
    const source = new Y.Doc()
    const updates: Uint8Array[] = []
    source.on('update', (u: Uint8Array) => updates.push(u))
    const cells = source.getMap<number>('cells')
    cells.set('a', 1)
    cells.set('b', 2)
    cells.delete('a')
    cells.set('b', 3)
    const one = new Y.Doc()
    Y.applyUpdate(one, mergedUpdate(updates.map((u, i) => entry(i + 1, u))))
    expect(one.getMap('cells').toJSON()).toEqual({ b: 3 })
    expect(Y.encodeStateVector(one)).toEqual(Y.encodeStateVector(source))
    expect(mergedUpdate([entry(1, updates[0] as Uint8Array)])).toBe(updates[0])
  })
})
