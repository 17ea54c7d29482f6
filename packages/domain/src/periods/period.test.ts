import { describe, expect, it } from 'vitest'
import { ColumnSpec } from '../schema/sheet'
import { defaultPeriodHeader, periodKey, periodLabel, rollPeriod } from './period'

describe('periods', () => {
  it('[P1] renders a header from the kind by default', () => {
    expect(periodLabel({ kind: 'budget', year: 2025 })).toBe('Budget 2025')
    expect(periodLabel({ kind: 'budget', year: 2025, variant: 'VP' })).toBe('Budget 2025 (VP)')
    expect(periodLabel({ kind: 'utfall', year: 2023 })).toBe('Utfall 2023')
    expect(periodLabel({ kind: 'prognos', year: 2024, month: 10 })).toBe('Prognos oktober 2024')
    expect(periodLabel({ kind: 'forandring', year: 2025, from: 2024 })).toBe('Förändring 2025')
    expect(periodLabel({ kind: 'plan', year: 2027 })).toBe('Plan 2027')
    expect(periodLabel({ kind: 'arsmal', year: 2025 })).toBe('Årsmål 2025')
    expect(periodLabel({ kind: 'kf-arsmal', year: 2025 })).toBe('KF:s årsmål år 2025')
    expect(defaultPeriodHeader({ kind: 'avser', year: 2024 })).toBe('{year}')
  })

  it('[P1] fills the placeholders of a header pattern', () => {
    const change = { kind: 'forandring', year: 2025, from: 2024, variant: 'KF', header: 'Förändring {variant} {year} jfr {variant} {from}' } as const
    expect(periodLabel(change)).toBe('Förändring KF 2025 jfr KF 2024')
    expect(periodLabel({ kind: 'utfall', year: 2024, month: 10, header: 'Antal elever {mon} {year}' })).toBe('Antal elever okt 2024')
    expect(periodLabel({ kind: 'arsmal', year: 2025, header: 'Årsmål' })).toBe('Årsmål')
    // A placeholder without a value stays as written rather than printing "undefined".
    expect(periodLabel({ kind: 'budget', year: 2025, header: 'Budget {year} jfr {from}' })).toBe('Budget 2025 jfr {from}')
    expect(periodLabel({ kind: 'budget', year: 2025 }, 'Egen {year}')).toBe('Egen 2025')
  })

  it('[P3] rolls year and from on, keeping kind, month, variant, measure and header', () => {
    const period = { kind: 'forandring', year: 2024, from: 2023, variant: 'KF', measure: 'elever', header: 'F {from}-{year}' } as const
    expect(rollPeriod(period)).toEqual({ ...period, year: 2025, from: 2024 })
    expect(rollPeriod({ kind: 'prognos', year: 2023, month: 10 }, 2)).toEqual({ kind: 'prognos', year: 2025, month: 10 })
    expect(period.year).toBe(2024)
  })

  it('[P2] identifies a period by everything but its header', () => {
    expect(periodKey({ kind: 'budget', year: 2024, header: 'Budget {year}' })).toBe(periodKey({ kind: 'budget', year: 2024 }))
    const keys = new Set([
      periodKey({ kind: 'budget', year: 2024 }),
      periodKey({ kind: 'budget', year: 2024, measure: 'elever' }),
      periodKey({ kind: 'budget', year: 2024, variant: 'VP' }),
      periodKey({ kind: 'budget', year: 2023 }),
      periodKey({ kind: 'utfall', year: 2024 }),
      periodKey({ kind: 'utfall', year: 2024, month: 10 }),
      periodKey({ kind: 'forandring', year: 2024, from: 2023 }),
      periodKey({ kind: 'forandring', year: 2024, from: 2024 }),
    ])
    expect(keys.size).toBe(8)
  })

  it('[P1] is part of the column spec schema, validated like the rest of it', () => {
    const spec = { label: 'Budget 2024 (VP)', type: 'number', period: { kind: 'budget', year: 2024, variant: 'VP' } }
    expect(ColumnSpec.parse(spec).period).toEqual({ kind: 'budget', year: 2024, variant: 'VP' })
    expect(ColumnSpec.safeParse({ ...spec, period: { kind: 'budget', year: 24 } }).success).toBe(false)
    expect(ColumnSpec.safeParse({ ...spec, period: { kind: 'kvartal', year: 2024 } }).success).toBe(false)
    expect(ColumnSpec.safeParse({ ...spec, period: { kind: 'prognos', year: 2024, month: 13 } }).success).toBe(false)
    expect(ColumnSpec.parse({ label: 'Enhet', type: 'text' }).period).toBeUndefined()
  })
})
