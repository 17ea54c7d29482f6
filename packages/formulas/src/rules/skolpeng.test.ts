import { describe, expect, it } from 'vitest'
import { meetsFloor, schoolVoucherShare, SKOLPENG_FLOORS } from './skolpeng'

describe('schoolVoucherShare', () => {
  it('[FR2] divides skolpeng by the schablon', () => {
    // 71 % of a 100 000 kr schablon is 71 000 kr (VP 2024: skolpeng = 71 % of the schabloner).
    expect(schoolVoucherShare(71_000, 100_000)).toEqual({ ok: true, value: 0.71 })
  })

  it('[FR1] [FR2] rejects a zero schablon as division by zero and negative amounts as bad values', () => {
    expect(schoolVoucherShare(1, 0)).toEqual({ ok: false, error: { code: 'DIVISION_BY_ZERO', argument: 'schablon' } })
    expect(schoolVoucherShare(-1, 10)).toEqual({ ok: false, error: { code: 'NEGATIVE', argument: 'skolpeng' } })
    expect(schoolVoucherShare(Number.NaN, 10)).toMatchObject({ ok: false, error: { code: 'NOT_A_NUMBER' } })
  })
})

describe('meetsFloor', () => {
  it('[FR3] accepts the VP 2024 outcome of exactly 71 % for grundskola F-9 and fritidshem', () => {
    expect(meetsFloor(0.71)).toEqual({ ok: true, value: true })
    // A share computed from kronor lands a few ulps below 0.71; it still meets the floor.
    const share = schoolVoucherShare(0.71 * 15, 15)
    expect(share.ok && share.value < 0.71).toBe(true)
    expect(share.ok && meetsFloor(share.value)).toEqual({ ok: true, value: true })
  })

  it('fails a share below the default 71 % floor', () => {
    expect(meetsFloor(0.7099)).toEqual({ ok: true, value: false })
  })

  it("takes the floor as an argument: gymnasiet's 68,8 % and anpassad grundskola's 86,8-93,8 %", () => {
    expect(meetsFloor(0.688, SKOLPENG_FLOORS.gymnasieskola)).toEqual({ ok: true, value: true })
    expect(meetsFloor(0.688)).toEqual({ ok: true, value: false })
    expect(meetsFloor(0.9, SKOLPENG_FLOORS.anpassadGrundskolaMin)).toEqual({ ok: true, value: true })
    expect(meetsFloor(0.9, SKOLPENG_FLOORS.anpassadGrundskolaMax)).toEqual({ ok: true, value: false })
  })

  it('rejects a floor above 100 % and negative figures', () => {
    expect(meetsFloor(0.8, 71)).toEqual({ ok: false, error: { code: 'NOT_A_SHARE', argument: 'golv' } })
    expect(meetsFloor(-0.1)).toEqual({ ok: false, error: { code: 'NEGATIVE', argument: 'andel' } })
  })
})
