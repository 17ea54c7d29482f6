import { describe, expect, it } from 'vitest'
import { cycleReference, mayInsertReferenceAt, referenceText } from './reference-text'

describe('referenceText', () => {
  it('writes a cell, a range in either drag direction, and another sheet as Excel does', () => {
    expect(referenceText({ top: 1, left: 1, bottom: 1, right: 1 })).toBe('B2')
    expect(referenceText({ top: 4, left: 1, bottom: 1, right: 1 })).toBe('B2:B5')
    expect(referenceText({ top: 0, left: 0, bottom: 0, right: 0 }, 'Budget')).toBe('Budget!A1')
    expect(referenceText({ top: 0, left: 0, bottom: 2, right: 1 }, 'Volym egen regi')).toBe("'Volym egen regi'!A1:B3")
    expect(referenceText({ top: 0, left: 0, bottom: 0, right: 0 }, 'Q1')).toBe("'Q1'!A1")
  })
})

describe('mayInsertReferenceAt', () => {
  it('allows a reference after `=`, an operator, `(` or the separator', () => {
    expect(mayInsertReferenceAt('=', 1, 'sv-SE')).toBe(true)
    expect(mayInsertReferenceAt('=SUMMA(', 7, 'sv-SE')).toBe(true)
    expect(mayInsertReferenceAt('=B2+ ', 5, 'sv-SE')).toBe(true)
    expect(mayInsertReferenceAt('=OM(B2;', 7, 'sv-SE')).toBe(true)
    expect(mayInsertReferenceAt('=IF(B2,', 7, 'en')).toBe(true)
  })

  it('refuses after a value, inside a name, or in text that is no formula', () => {
    expect(mayInsertReferenceAt('=B2', 3, 'sv-SE')).toBe(false)
    expect(mayInsertReferenceAt('=SUMMA(B2)', 10, 'sv-SE')).toBe(false)
    expect(mayInsertReferenceAt('=IF(B2,', 7, 'sv-SE')).toBe(false)
    expect(mayInsertReferenceAt('=B2', 1, 'sv-SE')).toBe(false)
    expect(mayInsertReferenceAt('1+', 2, 'sv-SE')).toBe(false)
  })
})

describe('cycleReference', () => {
  it('cycles A1 → $A$1 → A$1 → $A1 → A1 on the reference at the caret', () => {
    const seen: string[] = []
    let text = '=B2*2'
    for (let i = 0; i < 4; i++) {
      const next = cycleReference(text, 2)
      if (!next) throw new Error('no reference')
      text = next.text
      seen.push(text)
    }
    expect(seen).toEqual(['=$B$2*2', '=B$2*2', '=$B2*2', '=B2*2'])
  })

  it('moves both ends of a range, keeps the sheet, and marks where the reference now stands', () => {
    expect(cycleReference('=SUMMA(B2:B5)', 12)).toEqual({ text: '=SUMMA($B$2:$B$5)', start: 7, end: 16 })
    expect(cycleReference("=1+'Volym egen regi'!C4", 23)?.text).toBe("=1+'Volym egen regi'!$C$4")
    expect(cycleReference('=Budget!C4', 10)?.text).toBe('=Budget!$C$4')
  })

  it('finds no reference in a function name or away from the caret', () => {
    expect(cycleReference('=LOG10(5)', 4)).toBeNull()
    expect(cycleReference('=B2+1', 5)).toBeNull()
    expect(cycleReference('B2', 1)).toBeNull()
  })
})
