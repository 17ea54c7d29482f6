import { countChangeColumn, countColumn, labelColumn, percentColumn, SheetBuilder } from './template-builder'
import { SeedFactMissingError } from './template-errors'
import { lineRef, vp2024Seed } from './vp2024-seed'

const SOURCE = 'Utbildningsnämndens verksamhetsplan 2024'

/**
 * "Volym": pupils with Stockholm as hemkommun. The document prints KF 2024, VP 2024 and the two
 * changes; KF 2023 is not printed, so it is carried as a marked input (KF 2024 less the printed
 * change) to let the change columns be formulas.
 */
export function buildVolymSheet(): SheetBuilder {
  const seed = vp2024Seed.volymer_hemkommun
  const sheet = new SheetBuilder(
    'Volym',
    'volym',
    [
      labelColumn('Antal barn/elever, hemkommun Stockholm', 280),
      countColumn('KF 2023 (härledd)', { width: 120, period: { kind: 'budget', year: 2023, variant: 'KF', header: '{variant} {year} (härledd)' } }),
      countColumn('KF 2024', { period: { kind: 'budget', year: 2024, variant: 'KF', header: '{variant} {year}' } }),
      countChangeColumn('Förändring KF 2024 jfr KF 2023', {
        width: 190,
        period: { kind: 'forandring', year: 2024, from: 2023, variant: 'KF', header: 'Förändring KF {year} jfr KF {from}' },
      }),
      countColumn('VP 2024', { period: { kind: 'budget', year: 2024, variant: 'VP', header: '{variant} {year}' } }),
      countChangeColumn('Förändring VP 2024 jfr KF 2024', {
        width: 190,
        period: { kind: 'forandring', year: 2024, from: 2024, variant: 'VP', header: 'Förändring VP {year} jfr KF {from}' },
      }),
    ],
    `${SOURCE}, antal barn/elever (volymer), ${lineRef(seed.lines)}`,
  )
  const firstSkolform = sheet.nextRow
  for (const r of seed.rows) {
    const kf2023 = seed.derived_kf_2023[r.skolform]
    if (typeof kf2023 !== 'number') throw new SeedFactMissingError(`derived_kf_2023.${r.skolform}`)
    const n = sheet.nextRow
    sheet.add('data', [r.skolform, kf2023, r.kf_2024, `=C${n}-B${n}`, r.vp_2024, `=E${n}-C${n}`], {
      note: `KF 2023 är inte tryckt i VP 2024; härledd som KF 2024 minus tryckt förändring (${r.forandring_kf2024_jfr_kf2023}). Källa ${lineRef(r.lines)}.`,
    })
    sheet.printedAt(`D${n}`, r.forandring_kf2024_jfr_kf2023)
    sheet.printedAt(`F${n}`, r.forandring_vp2024_jfr_kf2024)
  }
  // One line per skolform over the planned years; the change column between KF 2024 and VP 2024 is left out.
  sheet.chart({
    kind: 'line',
    title: 'Antal barn/elever per skolform',
    range: `B${firstSkolform}:E${sheet.nextRow - 1}`,
    seriesIn: 'rows',
    categoryLabels: '1',
    seriesLabels: 'A',
    omit: ['D'],
  })
  sheet.add('note', [seed.kalla])
  return sheet
}

/**
 * "Volym egen regi": pupils in Stockholm's own schools. Each skolform row is the sum of its varav
 * rows (hemkommun Stockholm + annan kommun); the change is against VP 2023, which is not printed
 * and is carried as a marked input (VP 2024 less the printed change). Andel divides the hemkommun
 * pupils in egen regi by all Stockholm pupils of the skolform (VP 2024 on "Volym").
 */
export function buildVolymEgenRegiSheet(volym: SheetBuilder): SheetBuilder {
  const seed = vp2024Seed.volymer_egen_regi
  const sheet = new SheetBuilder(
    'Volym egen regi',
    'volym',
    [
      labelColumn('Antal elever i egen regi, huvudman Stockholm', 300),
      countColumn('VP 2023 (härledd)', { width: 120, period: { kind: 'budget', year: 2023, variant: 'VP', header: '{variant} {year} (härledd)' } }),
      countColumn('VP 2024', { period: { kind: 'budget', year: 2024, variant: 'VP', header: '{variant} {year}' } }),
      countChangeColumn('Förändring 2024', { period: { kind: 'forandring', year: 2024, from: 2023 } }),
      percentColumn('Andel av totalt antal stockholmselever', { decimals: 0, editable: 'locked', width: 200 }),
    ],
    `${SOURCE}, antal barn/elever i egen regi (volymer), ${lineRef(seed.lines)}`,
  )
  for (const r of seed.rows) {
    const top = sheet.nextRow
    const first = top + 1
    const last = top + r.varav.length
    sheet.add('data', [r.skolform, `=SUM(B${first}:B${last})`, `=SUM(C${first}:C${last})`, `=C${top}-B${top}`, null])
    sheet.printedAt(`C${top}`, r.vp_2024)
    sheet.printedAt(`D${top}`, r.forandring_2024)
    for (const v of r.varav) {
      const n = sheet.nextRow
      const hemkommun = v.label === 'varav hemkommun Stockholm'
      const total = volym.refTo(r.skolform, 'E')
      // Empty, not #DIVISION/0!, while the total is not entered yet (a rolled-over plan's new VP column).
      const andel = hemkommun ? `=IF(${total}=0,"",C${n}/${total})` : null
      sheet.add('varav', [v.label, v.vp_2024 - v.forandring_2024, v.vp_2024, `=C${n}-B${n}`, andel], {
        note: `VP 2023 är inte tryckt; härledd som VP 2024 minus tryckt förändring (${v.forandring_2024}). Källa ${lineRef(v.lines)}.`,
      })
      sheet.printedAt(`D${n}`, v.forandring_2024)
      if (hemkommun && v.andel !== null) sheet.printedAt(`E${n}`, v.andel, 'Tryckt i hela procent.')
    }
  }
  return sheet
}
