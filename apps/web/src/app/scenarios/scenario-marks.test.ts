import type { ColumnSpec, ScenarioDifference } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { sameMarks, scenarioMarks } from './scenario-marks'
import { scenarioTexts } from './scenario-texts'

const tkr: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }

const difference = (rowId: string, plan: number | null, scenario: number | null, overridden: boolean): ScenarioDifference => ({
  sheetId: 'budget',
  rowId,
  colId: 'c2024',
  sheetName: 'Budget',
  a1: 'C2',
  rowLabel: 'Kostnader',
  columnLabel: 'Budget 2024',
  column: tkr,
  overridden,
  plan,
  scenario,
  difference: null,
  amount: null,
  percent: null,
})

const plain = (text: string | undefined) => text?.replace(/\u00a0/g, ' ')

describe('scenarioMarks', () => {
  it('[SC11] marks each changed and moved cell by its ids, with plan and scenario values as the cell shows them', () => {
    const marks = scenarioMarks(
      { changed: [difference('kostnader', 20684.1, 20890.941, true)], moved: [difference('netto', 20387.1, 20593.9, false)] },
      scenarioTexts('sv-SE'),
      'sv-SE',
    )
    expect([...marks.keys()]).toEqual(['budget:netto:c2024', 'budget:kostnader:c2024'])
    expect(marks.get('budget:kostnader:c2024')?.kind).toBe('changed')
    expect(plain(marks.get('budget:kostnader:c2024')?.title)).toBe('Ändrad i scenariot: plan 20 684,1 → scenario 20 890,9')
    expect(marks.get('budget:netto:c2024')?.kind).toBe('moved')
    expect(plain(marks.get('budget:netto:c2024')?.title)).toBe('Påverkas av scenariot: plan 20 387,1 → scenario 20 593,9')
  })

  it('[SC11] says an empty side in words, and in English when set', () => {
    const marks = scenarioMarks({ changed: [difference('ny', null, 5, true)], moved: [] }, scenarioTexts('en'), 'en')
    expect(marks.get('budget:ny:c2024')?.title).toBe('Changed in the scenario: plan (empty) → scenario 5.0')
  })

  it('tells marks that draw the same grid from marks that do not', () => {
    const t = scenarioTexts('sv-SE')
    const a = scenarioMarks({ changed: [difference('k', 1, 2, true)], moved: [] }, t, 'sv-SE')
    const b = scenarioMarks({ changed: [difference('k', 1, 2, true)], moved: [] }, t, 'sv-SE')
    const c = scenarioMarks({ changed: [difference('k', 1, 3, true)], moved: [] }, t, 'sv-SE')
    expect(sameMarks(a, b)).toBe(true)
    expect(sameMarks(a, c)).toBe(false)
    expect(sameMarks(a, null)).toBe(false)
    expect(sameMarks(null, null)).toBe(true)
  })
})
