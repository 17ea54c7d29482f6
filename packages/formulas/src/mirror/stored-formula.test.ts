import { describe, expect, it } from 'vitest'
import { mayDivergeFromEngine, type IdLookup } from './stored-formula'

const live: IdLookup = {
  hasSheet: (s) => s === 's1' || s === 's2',
  hasRow: (_s, r) => r.startsWith('r'),
  hasCol: (_s, c) => c.startsWith('c'),
}

describe('mayDivergeFromEngine', () => {
  it('trusts formulas whose id references are all live', () => {
    expect(mayDivergeFromEngine('=SUM({@c1.r1:c1.r8})/IF({@c2.r2}>0,{@c2.r2},1)+{@\'s2!c3.r3}', 's1', live)).toBe(false)
    expect(mayDivergeFromEngine('=LOG10({@$c1.$r1})*1.5E3+RSUGRANT({@c1.r2},147)', 's1', live)).toBe(false)
    expect(mayDivergeFromEngine('=IF({@c1.r1}>0,"A1 text",#REF!)', 's1', live)).toBe(false)
  })

  it('flags positional references: outside the grid, unknown sheets, whole columns and rows', () => {
    expect(mayDivergeFromEngine('=Z1000+{@c1.r1}', 's1', live)).toBe(true)
    expect(mayDivergeFromEngine("='Okänt blad'!A1", 's1', live)).toBe(true)
    expect(mayDivergeFromEngine('=SUM(A:A)', 's1', live)).toBe(true)
    expect(mayDivergeFromEngine('=SUM(2:3)', 's1', live)).toBe(true)
    expect(mayDivergeFromEngine('=$B$2', 's1', live)).toBe(true)
  })

  it('flags references to deleted rows, columns or sheets', () => {
    expect(mayDivergeFromEngine('=SUM({@c1.r1:c1.x8})', 's1', live)).toBe(true)
    expect(mayDivergeFromEngine('={@y1.r1}', 's1', live)).toBe(true)
    expect(mayDivergeFromEngine("={@'s9!c1.r1}", 's1', live)).toBe(true)
    expect(mayDivergeFromEngine('={@garbage}', 's1', live)).toBe(true)
  })
})
