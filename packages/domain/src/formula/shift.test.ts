import { describe, expect, it } from 'vitest'
import { qualifyFormula, shiftFormula } from './shift'

describe('shiftFormula', () => {
  it.each([
    // [text, rows, cols, expected]
    ['=SUMMA(B2:B4)', 0, 1, '=SUMMA(C2:C4)'],
    ['=SUMMA(B2:B4)', 1, 0, '=SUMMA(B3:B5)'],
    ['=C2-B2', 3, 0, '=C5-B5'],
    ['=$B$2*B3', 2, 2, '=$B$2*D5'],
    ['=B$2+$B2', 1, 1, '=C$2+$B3'],
    ['=SUMMA($B2:B$4)', 2, 1, '=SUMMA($B4:C$4)'],
    ['=Volym!C4*2', 1, 0, '=Volym!C5*2'],
    ["='Volym egen regi'!C4/'Volym'!E4", 0, -1, "='Volym egen regi'!B4/'Volym'!D4"],
    ['=OM(C3>0;C3;1,5)', 1, 0, '=OM(C4>0;C4;1,5)'],
    ['=SUMMA(B:B)', 0, 2, '=SUMMA(D:D)'],
    ['=SUMMA($B:C)', 0, 1, '=SUMMA($B:D)'],
    ['=SUMMA(2:5)', 3, 0, '=SUMMA(5:8)'],
    ['=SUMMA(Volym!B:B)', 0, 1, '=SUMMA(Volym!C:C)'],
  ])('[F11] %s moved %i rows and %i columns is %s (sv-SE)', (text, rows, cols, expected) => {
    expect(shiftFormula(text, 'sv-SE', rows, cols)).toBe(expected)
  })

  it('[F11] keeps strings, names, numbers and spacing as typed', () => {
    expect(shiftFormula('=OM(B2 > 0; "B2 är positiv"; SUMMA( B2 : B3 ))', 'sv-SE', 1, 0)).toBe(
      '=OM(B3 > 0; "B2 är positiv"; SUMMA( B3 : B4 ))',
    )
    expect(shiftFormula('=ROUND(B2*1.25,0)&"a,b"', 'en', 0, 1)).toBe('=ROUND(C2*1.25,0)&"a,b"')
    expect(shiftFormula('=LOG10(B2)+RSUBIDRAG(H2;147,0)', 'sv-SE', 1, 0)).toBe('=LOG10(B3)+RSUBIDRAG(H3;147,0)')
  })

  it('[F11] a reference that would leave the sheet becomes the locale\u2019s #REF!', () => {
    expect(shiftFormula('=C2-B2', 'sv-SE', 0, -2)).toBe('=A2-#REFERENS!')
    expect(shiftFormula('=C2-B2', 'en', 0, -2)).toBe('=A2-#REF!')
    expect(shiftFormula('=SUMMA(B1:B3)', 'sv-SE', -1, 0)).toBe('=SUMMA(#REFERENS!)')
    expect(shiftFormula('=Volym!B2', 'sv-SE', -2, 0)).toBe('=#REFERENS!')
    expect(shiftFormula('=SUMMA(A:B)', 'sv-SE', 0, -1)).toBe('=SUMMA(#REFERENS!)')
    expect(shiftFormula('=XFD1', 'en', 0, 1)).toBe('=#REF!')
    // Absolute parts never leave: only the relative ones move.
    expect(shiftFormula('=$B$1+B$1', 'sv-SE', -5, 0)).toBe('=$B$1+B$1')
  })

  it('[F11] references already dangling stay #REF!, and non-formulas are unchanged', () => {
    expect(shiftFormula('=#REFERENS!+B2', 'sv-SE', 1, 0)).toBe('=#REFERENS!+B3')
    expect(shiftFormula('B2', 'sv-SE', 1, 0)).toBe('B2')
    expect(shiftFormula('=B2', 'sv-SE', 0, 0)).toBe('=B2')
  })

  it('[F11] text that is not a formula one can read is moved where it can be and otherwise kept', () => {
    expect(shiftFormula('=SUMMA(B2:', 'sv-SE', 0, 1)).toBe('=SUMMA(C2:')
    expect(shiftFormula('="oavslutad B2', 'sv-SE', 0, 1)).toBe('="oavslutad B2')
  })
})

describe('qualifyFormula', () => {
  it('[F12] gives references without a sheet the sheet they were on', () => {
    expect(qualifyFormula('=SUMMA(B2:B4)-C2', 'sv-SE', 'Budget')).toBe('=SUMMA(Budget!B2:B4)-Budget!C2')
    expect(qualifyFormula("=B2+'Volym'!C4", 'en', 'Volym egen regi')).toBe("='Volym egen regi'!B2+'Volym'!C4")
    expect(qualifyFormula('=SUM(B:B)+Volym!C:C', 'en', 'Budget')).toBe('=SUM(Budget!B:B)+Volym!C:C')
    expect(qualifyFormula('42', 'en', 'Budget')).toBe('42')
  })
})
