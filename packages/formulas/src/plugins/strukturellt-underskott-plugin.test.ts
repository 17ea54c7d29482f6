import { describe, expect, it } from 'vitest'
import { evaluate } from '../test/evaluate'

const horizontal = [
  [50, 52, 54],
  [63.1, 64, 65],
]

describe('StrukturelltUnderskottPlugin', () => {
  it('flags a forecast that never balances, in rows or in columns', () => {
    expect(evaluate('=STRUKTURELLTUNDERSKOTT(A1:C1;A2:C2)', 'sv-SE', horizontal)).toBe(true)
    const vertical = [
      [50, 63.1],
      [52, 64],
      [54, 65],
    ]
    expect(evaluate('=STRUCTURALDEFICIT(A1:A3,B1:B3)', 'en', vertical)).toBe(true)
  })

  it('is FALSE when a year of the horizon balances, and honours a shorter horizon', () => {
    const rows = [
      [40, 46, 52],
      [45, 48, 51],
    ]
    expect(evaluate('=STRUKTURELLTUNDERSKOTT(A1:C1;A2:C2)', 'sv-SE', rows)).toBe(false)
    expect(evaluate('=STRUKTURELLTUNDERSKOTT(A1:C1;A2:C2;2)', 'sv-SE', rows)).toBe(true)
  })

  it('gives #VÄRDEFEL! for an empty year, text, mismatched or too short ranges', () => {
    expect(evaluate('=STRUKTURELLTUNDERSKOTT(A1:C1;A2:C2)', 'sv-SE', [[50, null, 54], [63, 64, 65]])).toMatchObject({
      type: 'VALUE',
      message: 'Intervallet innehåller en tom cell; varje år behöver ett belopp.',
    })
    expect(evaluate('=STRUKTURELLTUNDERSKOTT(A1:C1;A2:C2)', 'sv-SE', [[50, 'x', 54], [63, 64, 65]])).toMatchObject({
      type: 'VALUE',
    })
    expect(evaluate('=STRUKTURELLTUNDERSKOTT(A1:C1;A2:B2)', 'sv-SE', horizontal)).toMatchObject({ type: 'VALUE' })
    expect(evaluate('=STRUKTURELLTUNDERSKOTT(A1:B1;A2:B2)', 'sv-SE', horizontal)).toMatchObject({
      type: 'VALUE',
      message: 'Prognosen måste täcka minst 3 år.',
    })
  })

  it('passes on an error from the forecast', () => {
    expect(evaluate('=STRUKTURELLTUNDERSKOTT(A1:C1;A2:C2)', 'sv-SE', [[50, '=1/0', 54], [63, 64, 65]])).toMatchObject({
      type: 'DIV_BY_ZERO',
    })
  })

  it("computes the year's anslag: Kärrtorps gymnasium 13,1 mnkr", () => {
    // Illustrative budget with the seed's 13,1 mnkr gap (the seed states only the anslag).
    expect(evaluate('=AVRUNDA(UNDERSKOTTSANSLAG(61,4;74,5);1)')).toBe(13.1)
    expect(evaluate('=DEFICITGRANT(80,75)', 'en')).toBe(0)
  })
})
