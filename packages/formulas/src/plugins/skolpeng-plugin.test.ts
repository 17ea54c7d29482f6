import { DetailedCellError } from 'hyperformula'
import { describe, expect, it } from 'vitest'
import { evaluate } from '../test/evaluate'

describe('SkolpengPlugin', () => {
  it('computes SKOLPENGANDEL in Swedish and SCHOOLVOUCHERSHARE in English', () => {
    expect(evaluate('=SKOLPENGANDEL(71000;100000)')).toBe(0.71)
    expect(evaluate('=SCHOOLVOUCHERSHARE(71000,100000)', 'en')).toBe(0.71)
  })

  it('reads Swedish decimals in the floor argument: UPPFYLLERGOLV(0,688;0,688)', () => {
    expect(evaluate('=UPPFYLLERGOLV(0,688;0,688)')).toBe(true)
    expect(evaluate('=UPPFYLLERGOLV(0,688)')).toBe(false)
    expect(evaluate('=MEETSFLOOR(0.71)', 'en')).toBe(true)
  })

  it('chains with the share: 71 % of the schablon meets the default floor', () => {
    expect(evaluate('=UPPFYLLERGOLV(SKOLPENGANDEL(A1;B1))', 'sv-SE', [[0.71 * 15, 15]])).toBe(true)
  })

  it('returns #DIVISION/0! for a zero schablon and #VÄRDEFEL! for a floor above 100 %, with Swedish messages', () => {
    const zero = evaluate('=SKOLPENGANDEL(1;0)')
    expect(zero).toBeInstanceOf(DetailedCellError)
    expect(zero).toMatchObject({ type: 'DIV_BY_ZERO', value: '#DIVISION/0!' })
    const floor = evaluate('=UPPFYLLERGOLV(0,8;71)')
    expect(floor).toMatchObject({ type: 'VALUE', value: '#VÄRDEFEL!' })
    expect((floor as DetailedCellError).message).toContain('golv')
  })

  it('rejects text where a number is expected', () => {
    expect(evaluate('=SKOLPENGANDEL("mycket";100)')).toMatchObject({ type: 'VALUE' })
  })
})
