import { countColumn, labelColumn, mnkrColumn, SheetBuilder, textColumn } from './template-builder'
import { lineRef, vp2024Seed } from './vp2024-seed'
import type { Period } from '../schema/period'

const SOURCE = 'Utbildningsnämndens verksamhetsplan 2024'

/**
 * "Strukturellt underskott": anslagsenheter with intäkter and kostnader over three plan years, the
 * rule's verdict (STRUCTURALDEFICIT) and the gap as computed anslag (DEFICITGRANT), next to the
 * anslag the VP grants for 2024.
 */
export function buildStrukturelltUnderskottSheet(): SheetBuilder {
  const seed = vp2024Seed.strukturellt_underskott
  const sheet = new SheetBuilder(
    'Strukturellt underskott',
    'anslag',
    [
      labelColumn('Anslagsenhet', 240),
      mnkrColumn('Intäkter 2024', { period: planPeriod(2024, 'intakter', 'Intäkter {year}') }),
      mnkrColumn('Intäkter 2025', { period: planPeriod(2025, 'intakter', 'Intäkter {year}') }),
      mnkrColumn('Intäkter 2026', { period: planPeriod(2026, 'intakter', 'Intäkter {year}') }),
      mnkrColumn('Kostnader 2024', { period: planPeriod(2024, 'kostnader', 'Kostnader {year}') }),
      mnkrColumn('Kostnader 2025', { period: planPeriod(2025, 'kostnader', 'Kostnader {year}') }),
      mnkrColumn('Kostnader 2026', { period: planPeriod(2026, 'kostnader', 'Kostnader {year}') }),
      textColumn('Strukturellt underskott', { width: 170 }),
      mnkrColumn('Beräknat anslag 2024', {
        editable: 'locked',
        width: 150,
        period: { kind: 'budget', year: 2024, measure: 'beraknat-anslag', header: 'Beräknat anslag {year}' },
      }),
      mnkrColumn('Anslag 2024', { width: 120, period: { kind: 'budget', year: 2024, measure: 'anslag', header: 'Anslag {year}' } }),
    ],
    `${SOURCE}, strukturellt underskott (${lineRef(seed.lines)})`,
  )
  const first = sheet.nextRow
  for (const a of seed.anslag_2024) {
    const n = sheet.nextRow
    sheet.add(
      'data',
      [
        a.enhet,
        null,
        null,
        null,
        null,
        null,
        null,
        // The rule needs all three years; until they are filled in there is no verdict.
        `=IF(COUNT(B${n}:G${n})=6,STRUCTURALDEFICIT(B${n}:D${n},E${n}:G${n},3),"")`,
        `=IF(COUNT(B${n},E${n})=2,DEFICITGRANT(B${n},E${n}),"")`,
        a.mnkr,
      ],
      {
        note: `Anslaget motiveras: ${a.motivering} (${lineRef(a.lines)}). Intäkter och kostnader per år anges inte i VP 2024 (åtgärdsplanen står i bilaga 3); fyll i för att pröva regeln.`,
      },
    )
  }
  const last = sheet.nextRow - 1
  const sum = (c: string) => `=SUM(${c}${first}:${c}${last})`
  sheet.add(
    'summa',
    ['Summa', sum('B'), sum('C'), sum('D'), sum('E'), sum('F'), sum('G'), null, sum('I'), sum('J')],
    { note: `Summan av anslagen (${seed.anslag_2024_summa_mnkr_derived.toFixed(1).replace('.', ',')} mnkr) är inte tryckt i VP 2024.` },
  )
  sheet.add('note', [
    'Med strukturellt underskott menas att anslagsenheten inte har förutsättningar att kunna nå ekonomi i balans inom 2–3 år. Anslaget är tidsbegränsat och finansieras genom en avsättning från egen regis schabloner.',
  ])
  return sheet
}

/** A later year of the multi-year plan: intäkter and kostnader per year are one series each (SPEC P2). */
function planPeriod(year: number, measure: string, header: string): Period {
  return { kind: 'plan', year, measure, header }
}

/** "Resultatenheter": resultat- and anslagsenheter per verksamhet and the forecast opening fonder. */
export function buildResultatenheterSheet(): SheetBuilder {
  const seed = vp2024Seed.strukturellt_underskott
  const counts = seed.antal_enheter_2024
  const anslagsenheter: Record<string, number | null> = {
    'Grundskolor (128 st)': counts.grundskola.anslagsenheter,
    'Gymnasieskolor (22 st)': counts.gymnasium.anslagsenheter,
    'Stöd kring lärande och elevhälsa (2 st)': counts.stod_kring_larande_och_elevhalsa.anslagsenheter,
  }
  const sheet = new SheetBuilder(
    'Resultatenheter',
    'generic',
    [
      { ...labelColumn('Resultatenheter 2024', 280), period: { kind: 'avser', year: 2024, header: 'Resultatenheter {year}' } },
      countColumn('Resultatenheter'),
      countColumn('Anslagsenheter'),
      mnkrColumn('Prognos ingående fond', { width: 150 }),
      mnkrColumn('Fond i snitt per enhet', { editable: 'locked', width: 150 }),
    ],
    `${SOURCE}, resultatenheter och anslagsenheter (${lineRef(seed.fonder_table.lines)}, rad 4012–4016)`,
  )
  for (const r of seed.fonder_table.rows) {
    const n = sheet.nextRow
    const label = r.label.replace(/ \(\d+ st\)$/, '')
    const anslag = anslagsenheter[r.label] ?? null
    const missing = anslag === null ? ' Antalet anslagsenheter anges inte.' : ''
    sheet.add('data', [label, r.antal_enheter, anslag, r.belopp_mnkr, `=D${n}/B${n}`], {
      note: `Tryckt '${r.label}' (${lineRef(r.lines)}).${missing}`,
    })
    sheet.printedAt(`E${n}`, r.belopp_i_snitt_per_enhet_mnkr, 'Tryckt med en decimal.')
  }
  return sheet
}
