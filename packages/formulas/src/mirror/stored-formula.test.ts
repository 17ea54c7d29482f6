import { describe, expect, it } from 'vitest'
import { analyzeStoredFormula, type IdLookup } from './stored-formula'

// Sheet s1 "Budget" and s2 "Volym egen regi"; ids cN/rN sit at index N-1, anything else is gone.
const ids: IdLookup = {
  sheetName: (s) => ({ s1: 'Budget', s2: "Elevs' volym" })[s],
  rowIndex: (_s, r) => (/^r\d+$/.test(r) ? Number(r.slice(1)) - 1 : undefined),
  colIndex: (_s, c) => (/^c\d+$/.test(c) ? Number(c.slice(1)) - 1 : undefined),
}
const analyze = (stored: string) => analyzeStoredFormula(stored, 's1', ids)

describe('analyzeStoredFormula', () => {
  it('[FM7] renders live id references as the domain does for the engine', () => {
    expect(analyze("=SUM({@c1.r1:c1.r8})/IF({@c2.r2}>0,{@c2.r2},1)+{@'s2!c3.r3}")).toEqual({
      engineText: "=SUM(A1:A8)/IF(B2>0,B2,1)+'Elevs'' volym'!C3",
      risky: false,
    })
    expect(analyze('=LOG10({@$c1.$r1})*1.5E3+RSUGRANT({@c28.r2},147)')).toEqual({
      engineText: '=LOG10($A$1)*1.5E3+RSUGRANT(AB2,147)',
      risky: false,
    })
    expect(analyze('={@s1!c1.r1}')).toEqual({ engineText: "='Budget'!A1", risky: false })
  })

  it('leaves strings and booleans to the domain renderer', () => {
    expect(analyze('=IF({@c1.r1}>0,"A1 text",#REF!)')).toEqual({ engineText: undefined, risky: false })
    expect(analyze('=IF({@c1.r1}>0,TRUE,FALSE)').engineText).toBeUndefined()
  })

  it('[FM8] flags positional references: outside the grid, unknown sheets, whole columns and rows', () => {
    expect(analyze('=Z1000+{@c1.r1}').risky).toBe(true)
    expect(analyze("='Okänt blad'!A1").risky).toBe(true)
    expect(analyze('=SUM(A:A)').risky).toBe(true)
    expect(analyze('=SUM(2:3)').risky).toBe(true)
    expect(analyze('=$B$2')).toEqual({ engineText: undefined, risky: true })
  })

  it('flags references to deleted rows, columns or sheets, and leaves them to the domain', () => {
    expect(analyze('=SUM({@c1.r1:c1.x8})')).toEqual({ engineText: undefined, risky: true })
    expect(analyze('={@y1.r1}').risky).toBe(true)
    expect(analyze("={@'s9!c1.r1}").risky).toBe(true)
    expect(analyze('={@garbage}').risky).toBe(true)
  })
})
