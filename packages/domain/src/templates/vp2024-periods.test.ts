import { describe, expect, it } from 'vitest'
import { periodKey, periodLabel } from '../periods/period'
import { WorkbookTemplate } from '../schema/template'
import { vp2024Template } from './vp2024'

const template = WorkbookTemplate.parse(vp2024Template)
const YEAR = /(?<!\d)(19|20)\d\d(?!\d)/

/** `Sheet | Header | period` for every dated column, one line each. */
function describePeriods(): string[] {
  return template.sheets.flatMap((sheet) =>
    sheet.columns
      .filter((c) => c.period !== undefined)
      .map((c) => {
        const p = c.period!
        const extra = [
          p.from !== undefined ? `from ${p.from}` : '',
          p.month !== undefined ? `month ${p.month}` : '',
          p.variant ?? '',
          p.measure ?? '',
        ].filter((x) => x !== '')
        return `${sheet.name} | ${c.label} | ${p.kind} ${p.year}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`
      }),
  )
}

describe('VP 2024 template: periods', () => {
  it('[P4] gives every column whose header holds a year a period, and periodLabel reproduces the header', () => {
    const missing: string[] = []
    const wrong: string[] = []
    for (const sheet of template.sheets) {
      for (const column of sheet.columns) {
        if (YEAR.test(column.label) && column.period === undefined) missing.push(`${sheet.name}: ${column.label}`)
        if (column.period && periodLabel(column.period) !== column.label) {
          wrong.push(`${sheet.name}: ${column.label} != ${periodLabel(column.period)}`)
        }
      }
    }
    expect(missing).toEqual([])
    expect(wrong).toEqual([])
  })

  it('[P2] has no two columns of a sheet holding the same period', () => {
    for (const sheet of template.sheets) {
      const keys = sheet.columns.flatMap((c) => (c.period ? [periodKey(c.period)] : []))
      expect(new Set(keys).size, sheet.name).toBe(keys.length)
    }
  })

  it('[P4] annotates the template as the closing note lists it', () => {
    expect(describePeriods()).toEqual([
      'Budget | Budget 2023 | budget 2023',
      'Budget | Budget 2024 | budget 2024',
      'Budget | Ökning (+)/ minskning (-) | forandring 2024 (from 2023)',
      'Verksamhetsområden | Utfall 2022 | utfall 2022',
      'Verksamhetsområden | Budget 2023 (VP) | budget 2023 (VP)',
      'Verksamhetsområden | Prognos oktober 2023 | prognos 2023 (month 10)',
      'Verksamhetsområden | Budget 2024 (VP) | budget 2024 (VP)',
      'Volym | KF 2023 (härledd) | budget 2023 (KF)',
      'Volym | KF 2024 | budget 2024 (KF)',
      'Volym | Förändring KF 2024 jfr KF 2023 | forandring 2024 (from 2023, KF)',
      'Volym | VP 2024 | budget 2024 (VP)',
      'Volym | Förändring VP 2024 jfr KF 2024 | forandring 2024 (from 2024, VP)',
      'Volym egen regi | VP 2023 (härledd) | budget 2023 (VP)',
      'Volym egen regi | VP 2024 | budget 2024 (VP)',
      'Volym egen regi | Förändring 2024 | forandring 2024 (from 2023)',
      'Schabloner | Förändring 2024 | forandring 2024 (from 2023)',
      'Skolpeng | Förändring skolpeng 2024 | forandring 2024 (from 2023, skolpeng)',
      'Skolpeng | Förändring schablon 2024 | forandring 2024 (from 2023, schablon)',
      'Skolpeng | Andel av schablon 2024 | budget 2024 (andel-av-schablon)',
      'Särskilt stöd | Budget 2024 | budget 2024',
      'Särskilt stöd | Budget 2023 | budget 2023',
      'Särskilt stöd | Antal elever budget 2023 | budget 2023 (elever)',
      'Särskilt stöd | Antal elever okt 2023 | utfall 2023 (month 10, elever)',
      'Särskilt stöd | Antal elever budget 2024 | budget 2024 (elever)',
      'Särskilt stöd | Förändring 2024 | forandring 2024 (from 2023)',
      'Särskilt stöd belopp | Belopp per elev 2024 | avser 2024',
      'RSU-parametrar | 2023 | budget 2023',
      'RSU-parametrar | 2024 | budget 2024',
      'Strukturellt underskott | Intäkter 2024 | plan 2024 (intakter)',
      'Strukturellt underskott | Intäkter 2025 | plan 2025 (intakter)',
      'Strukturellt underskott | Intäkter 2026 | plan 2026 (intakter)',
      'Strukturellt underskott | Kostnader 2024 | plan 2024 (kostnader)',
      'Strukturellt underskott | Kostnader 2025 | plan 2025 (kostnader)',
      'Strukturellt underskott | Kostnader 2026 | plan 2026 (kostnader)',
      'Strukturellt underskott | Beräknat anslag 2024 | budget 2024 (beraknat-anslag)',
      'Strukturellt underskott | Anslag 2024 | budget 2024 (anslag)',
      'Resultatenheter | Resultatenheter 2024 | avser 2024',
      'Indikatorer | Årsmål | arsmal 2024',
      'Indikatorer | KF:s årsmål år 2024 | kf-arsmal 2024',
      'Indikatorer | KF:s årsmål, text | kf-arsmal 2024 (text)',
      'Indikatorer | Utfall | utfall 2024',
    ])
  })

  it('[P5] keeps years out of sheet names: a sheet is dated by its headers', () => {
    expect(template.sheets.filter((s) => YEAR.test(s.name)).map((s) => s.name)).toEqual([])
  })

  it('[P5] dates the label columns whose header names a year with an avser period', () => {
    const avser = template.sheets.flatMap((s) => s.columns.filter((c) => c.period?.kind === 'avser').map((c) => `${s.name}: ${c.label}`))
    expect(avser).toEqual(['Särskilt stöd belopp: Belopp per elev 2024', 'Resultatenheter: Resultatenheter 2024'])
  })
})
