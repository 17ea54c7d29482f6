import { countColumn, labelColumn, mnkrColumn, numberColumn, SheetBuilder, textColumn } from './template-builder'
import { lineRef, required, seedRow, vp2024Seed } from './vp2024-seed'

const SOURCE = 'Utbildningsnämndens verksamhetsplan 2024'

/** "Särskilt stöd": grundskolans särskilt stöd in mnkr and elever, Totalt and the change computed. */
export function buildSarskiltStodSheet(): SheetBuilder {
  const seed = vp2024Seed.sarskilt_stod
  const sheet = new SheetBuilder(
    'Särskilt stöd',
    'sarskilt-stod',
    [
      labelColumn('Grundskola, särskilt stöd i mnkr', 380),
      mnkrColumn('Budget 2024', { period: { kind: 'budget', year: 2024 } }),
      mnkrColumn('Budget 2023', { period: { kind: 'budget', year: 2023 } }),
      countColumn('Antal elever budget 2023', { width: 150, period: { kind: 'budget', year: 2023, measure: 'elever', header: 'Antal elever budget {year}' } }),
      countColumn('Antal elever okt 2023', { width: 150, period: { kind: 'utfall', year: 2023, month: 10, measure: 'elever', header: 'Antal elever {mon} {year}' } }),
      countColumn('Antal elever budget 2024', { width: 150, period: { kind: 'budget', year: 2024, measure: 'elever', header: 'Antal elever budget {year}' } }),
      mnkrColumn('Förändring 2024', { editable: 'locked', width: 120, period: { kind: 'forandring', year: 2024, from: 2023 } }),
    ],
    `${SOURCE}, grundskola särskilt stöd (${lineRef(seed.lines)})`,
  )
  const first = sheet.nextRow
  for (const r of seed.rows) {
    const n = sheet.nextRow
    sheet.add('data', [
      r.label,
      r.budget_2024_mnkr,
      r.budget_2023_mnkr,
      r.antal_elever_budget_2023,
      r.antal_elever_okt_2023,
      r.antal_elever_budget_2024,
      `=B${n}-C${n}`,
    ])
  }
  const last = sheet.nextRow - 1
  const t = seed.totalt
  const n = sheet.nextRow
  const sum = (c: string) => `=SUM(${c}${first}:${c}${last})`
  sheet.add('summa', [t.label, sum('B'), sum('C'), sum('D'), sum('E'), sum('F'), `=B${n}-C${n}`], {
    note: `Ökningen ${seed.prose_total.okning_mnkr} mnkr jämfört med budget 2023 anges i texten (${lineRef(seed.prose_total.lines)}).`,
  })
  sheet.printedAt(`B${n}`, t.budget_2024_mnkr)
  sheet.printedAt(`C${n}`, t.budget_2023_mnkr)
  sheet.printedAt(`D${n}`, required(t.antal_elever_budget_2023, 'sarskilt_stod.totalt.antal_elever_budget_2023'))
  sheet.printedAt(`E${n}`, required(t.antal_elever_okt_2023, 'sarskilt_stod.totalt.antal_elever_okt_2023'))
  sheet.printedAt(`F${n}`, required(t.antal_elever_budget_2024, 'sarskilt_stod.totalt.antal_elever_budget_2024'))
  sheet.printedAt(`G${n}`, seed.prose_total.okning_mnkr)
  return sheet
}

/** Per-elev amounts of särskilt stöd as a parameter block; units vary by row, so they sit in Enhet. */
export function buildSarskiltStodBeloppSheet(): SheetBuilder {
  const seed = vp2024Seed.sarskilt_stod.per_elev_belopp
  const belopp = (label: string) => seedRow(seed, 'label', label, 'sarskilt_stod.per_elev_belopp')
  const sheet = new SheetBuilder(
    'Särskilt stöd belopp',
    'parametrar',
    [
      { ...labelColumn('Belopp per elev 2024', 520), period: { kind: 'avser', year: 2024, header: 'Belopp per elev {year}' } },
      numberColumn('Värde', { width: 120 }),
      textColumn('Enhet', { width: 180 }),
    ],
    `${SOURCE}, grundskola och gymnasieskola särskilt stöd (rad 3656–3816)`,
  )
  const input = (label: string, shown: string, unit: string, kind: 'data' | 'varav' = 'data', extra?: string) => {
    const b = belopp(label)
    const notes = [
      b.unit_as_printed?.startsWith('tkr') ? "Enheten är tryckt 'tkr' (felskrivning för kr)." : undefined,
      extra,
      `Källa ${lineRef(b.lines)}.`,
    ].filter((x) => x !== undefined)
    return sheet.add(kind, [shown, b.value, unit], { note: notes.join(' ') })
  }

  const total = belopp('Förhöjt grundbelopp resursskolor 2024, exkl. momskompensation')
  const top = sheet.nextRow
  sheet.add('data', [total.label, `=SUM(B${top + 1}:B${top + 2})`, 'kr per elev och år'], {
    note: `Summan av strukturbidrag och SU-gruppstillägg (${lineRef(total.lines)}).`,
  })
  sheet.printedAt(`B${top}`, total.value)
  input('varav strukturbidrag', 'varav strukturbidrag', 'kr per elev och år', 'varav')
  const su = input('varav SU-gruppstillägg', 'varav SU-gruppstillägg', 'kr per elev och år', 'varav')
  input(
    'Förhöjt grundbelopp inkl. momskompensation',
    'Förhöjt grundbelopp resursskolor 2024, inkl. momskompensation',
    'kr per elev och år',
    'data',
    'Motsvarar 244 000 kr med 6 % momskompensation; momssatsen anges inte i texten, så beloppet står som tryckt.',
  )
  input(
    'Avräkning från förhöjt grundbelopp för elever med tilläggsbelopp (högst)',
    'Avräkning från förhöjt grundbelopp för elever med tilläggsbelopp, högst',
    'tkr per elev och år',
  )
  const suExtra = belopp('SU-grupp, extra grundbelopp 2024 (exkl. momskompensation)')
  const suRow = sheet.nextRow
  sheet.add('data', [suExtra.label, `=B${su}`, 'kr per elev och år'], {
    note: `Samma belopp som SU-gruppstillägget; utgår för elev som till minst 75 procent av sin undervisning är i särskild undervisningsgrupp (${lineRef(suExtra.lines)}).`,
  })
  sheet.printedAt(`B${suRow}`, suExtra.value)
  const threshold = required(suExtra.threshold_share, 'SU-grupp threshold_share')
  sheet.add('data', ['Lägsta andel av undervisningen i SU-grupp för SU-gruppstillägg', threshold, 'andel'], {
    note: `Källa ${lineRef(suExtra.lines)}.`,
  })
  input('RSU-bidrag egen regi', 'RSU-bidrag egen regi', 'tkr per elev och år')
  input(
    'Strukturbidrag gymnasieskolans specialpedagogiska verksamhet (SPV-klasser), 2024, exkl. momskompensation',
    'Strukturbidrag SPV-klasser gymnasieskola 2024, exkl. momskompensation',
    'kr per elev och år',
  )
  input(
    'Påslag på tilläggsbelopp/verksamhetsstöd vid individuellt bedömt behov av omfattande stödinsatser',
    'Påslag på tilläggsbelopp/verksamhetsstöd vid omfattande stödinsatser',
    '%',
  )
  return sheet
}
