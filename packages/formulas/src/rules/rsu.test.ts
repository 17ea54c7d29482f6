import { describe, expect, it } from 'vitest'
import { RSU_GRANT_PER_ELEV_TKR_2024, RSU_PREMIUMS, rsuFee, rsuFundingGap, rsuGrant, rsuPotShare, rsuPremium } from './rsu'

const one = { f3: 1, g4to6: 1, g7to9: 1 }

describe('rsuPremium', () => {
  it('reproduces the 2024 and 2023 premium table per elev and band', () => {
    expect(rsuPremium({ f3: 1, g4to6: 0, g7to9: 0 }, RSU_PREMIUMS[2024])).toEqual({ ok: true, value: 60 })
    expect(rsuPremium({ f3: 0, g4to6: 1, g7to9: 0 }, RSU_PREMIUMS[2024])).toEqual({ ok: true, value: 349 })
    expect(rsuPremium({ f3: 0, g4to6: 0, g7to9: 1 }, RSU_PREMIUMS[2024])).toEqual({ ok: true, value: 469 })
    expect(rsuPremium(one, RSU_PREMIUMS[2023])).toEqual({ ok: true, value: 80 + 336 + 420 })
  })

  it('[FR4] sums elever times premium over the bands for a school', () => {
    // 300 F-3, 200 4-6, 250 7-9: 18 000 + 69 800 + 117 250 kr.
    expect(rsuPremium({ f3: 300, g4to6: 200, g7to9: 250 }, RSU_PREMIUMS[2024])).toEqual({ ok: true, value: 205_050 })
  })

  it('rejects negative elever', () => {
    expect(rsuPremium({ f3: 1, g4to6: -2, g7to9: 0 }, RSU_PREMIUMS[2024])).toEqual({
      ok: false,
      error: { code: 'NEGATIVE', argument: 'elever 4-6' },
    })
  })
})

describe('rsuPotShare', () => {
  it('[FR5] gives each group an equal amount per place', () => {
    // A pot of 1 200 000 kr over 40 places is 30 000 kr per place; a group of 12 gets 360 000 kr.
    expect(rsuPotShare(1_200_000, 12, 40)).toEqual({ ok: true, value: 360_000 })
    expect(rsuPotShare(1_200_000, 40, 40)).toEqual({ ok: true, value: 1_200_000 })
  })

  it('rejects more group places than the område has, and an område without places', () => {
    expect(rsuPotShare(100, 5, 4)).toMatchObject({ ok: false, error: { code: 'EXCEEDS_TOTAL' } })
    expect(rsuPotShare(100, 0, 0)).toMatchObject({ ok: false, error: { code: 'DIVISION_BY_ZERO' } })
  })
})

describe('rsuGrant', () => {
  it('[FR6] reproduces the 2024 budget: 170 placed elever x 147,0 tkr = 24 990 tkr, about 25 mnkr', () => {
    const grant = rsuGrant(170, RSU_GRANT_PER_ELEV_TKR_2024)
    expect(grant).toEqual({ ok: true, value: 24_990 })
    expect(grant.ok && Math.round(grant.value / 1000)).toBe(25)
  })

  it('is the per-elev rule that also gives förhöjt grundbelopp: 779 x 244 000 kr, about 190 mnkr', () => {
    const total = rsuGrant(779, 244_000)
    expect(total).toEqual({ ok: true, value: 190_076_000 })
    expect(total.ok && Math.round(total.value / 1e6)).toBe(190)
  })
})

describe('rsuFee', () => {
  // A group of 8 placed elever; amounts in tkr. The 2024 rate gives an RSU-bidrag of 8 x 147 = 1 176 tkr.
  const budget = {
    costs: 4_000,
    potShare: 360,
    skolpengAndFritids: 8 * 110,
    rsuGrant: 8 * 147,
    kunskapsbidrag: 200,
    placedElever: 8,
  }

  it('shares the gap between costs and revenues equally by the placed elever', () => {
    // 4 000 - 360 - 880 - 1 176 - 200 = 1 384 tkr; / 8 = 173 tkr per elev.
    expect(rsuFundingGap(budget)).toBe(1_384)
    expect(rsuFee(budget)).toEqual({ ok: true, value: 173 })
  })

  it('[FR7] is 0 when revenues cover the costs (surplus rule) and the gap shows the surplus', () => {
    const rich = { ...budget, costs: 2_000 }
    expect(rsuFee(rich)).toEqual({ ok: true, value: 0 })
    expect(rsuFundingGap(rich)).toBe(-616)
  })

  it('needs placed elever only when there is a gap to cover', () => {
    expect(rsuFee({ ...budget, placedElever: 0 })).toMatchObject({ ok: false, error: { code: 'DIVISION_BY_ZERO' } })
    expect(rsuFee({ ...budget, costs: 0, placedElever: 0 })).toEqual({ ok: true, value: 0 })
  })

  it('rejects negative revenues', () => {
    expect(rsuFee({ ...budget, kunskapsbidrag: -1 })).toMatchObject({ ok: false, error: { code: 'NEGATIVE' } })
  })
})
