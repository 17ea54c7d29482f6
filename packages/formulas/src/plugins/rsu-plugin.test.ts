import { describe, expect, it } from 'vitest'
import { evaluate } from '../test/evaluate'

describe('RsuPlugin', () => {
  it("reproduces the 2024 premium table per band with RSUPREMIE", () => {
    expect(evaluate('=RSUPREMIE(1;0;0;60;349;469)')).toBe(60)
    expect(evaluate('=RSUPREMIE(0;1;0;60;349;469)')).toBe(349)
    expect(evaluate('=RSUPREMIE(0;0;1;60;349;469)')).toBe(469)
    expect(evaluate('=RSUPREMIUM(1,1,1,80,336,420)', 'en')).toBe(836)
  })

  it('reads elever and premiums from cells', () => {
    expect(evaluate('=RSUPREMIE(A1;B1;C1;A2;B2;C2)', 'sv-SE', [[300, 200, 250], [60, 349, 469]])).toBe(205_050)
  })

  it('reproduces the 2024 RSU-bidrag: RSUBIDRAG(170;147,0) = 24 990 tkr', () => {
    expect(evaluate('=RSUBIDRAG(170;147,0)')).toBe(24_990)
    expect(evaluate('=ROUND(RSUGRANT(170,147)/1000,0)', 'en')).toBe(25)
  })

  it('splits the pot per place with RSUPOTTANDEL', () => {
    expect(evaluate('=RSUPOTTANDEL(1200000;12;40)')).toBe(360_000)
    expect(evaluate('=RSUPOTTANDEL(1200000;12;0)')).toMatchObject({ type: 'DIV_BY_ZERO', value: '#DIVISION/0!' })
    expect(evaluate('=RSUPOTTANDEL(1200000;41;40)')).toMatchObject({ type: 'VALUE', value: '#VÄRDEFEL!' })
  })

  it('computes RSUAVGIFT and gives 0 on a surplus', () => {
    // 4 000 - 360 - 880 - 1 176 - 200 = 1 384 tkr over 8 placed elever = 173 tkr each.
    expect(evaluate('=RSUAVGIFT(4000;360;880;RSUBIDRAG(8;147);200;8)')).toBe(173)
    expect(evaluate('=RSUFEE(2000,360,880,1176,200,8)', 'en')).toBe(0)
    expect(evaluate('=RSUAVGIFT(4000;360;880;1176;200;0)')).toMatchObject({ type: 'DIV_BY_ZERO' })
  })

  it('[FR10] rejects negative elever with a Swedish message', () => {
    const value = evaluate('=RSUPREMIE(-1;0;0;60;349;469)')
    expect(value).toMatchObject({ type: 'VALUE', value: '#VÄRDEFEL!', message: 'Argumentet elever F-3 får inte vara negativt.' })
  })

  it('rejects a wrong number of arguments', () => {
    expect(evaluate('=RSUBIDRAG(170)')).toMatchObject({ type: 'NA' })
  })
})
