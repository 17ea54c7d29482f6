import {
  countColumn,
  krColumn,
  labelColumn,
  numberColumn,
  SheetBuilder,
  textColumn,
  tkrColumn,
} from './template-builder'
import { lineRef, vp2024Seed } from './vp2024-seed'

const SOURCE = 'Utbildningsnämndens verksamhetsplan 2024'

/** Placeholder områden: the VP names none of them (skolorna per område are in bilaga 4, not in the source). */
export const VP2024_RSU_OMRADEN = ['Område 1', 'Område 2', 'Område 3', 'Område 4'] as const

const PREMIE_SECTION = 'Årspremie, kr per elev (samtliga elever)'

/** "RSU-parametrar": årspremier per band, RSU-bidrag and placed elever, with the derived grant total. */
export function buildRsuParametrarSheet(
  sarskiltStod: SheetBuilder,
  sarskiltStodBelopp: SheetBuilder,
  volymEgenRegi: SheetBuilder,
): SheetBuilder {
  const seed = vp2024Seed.rsu
  const sheet = new SheetBuilder(
    'RSU-parametrar',
    'parametrar',
    [
      labelColumn('Parameter', 460),
      numberColumn('2023', { period: { kind: 'budget', year: 2023, header: '{year}' } }),
      numberColumn('2024', { period: { kind: 'budget', year: 2024, header: '{year}' } }),
      textColumn('Enhet', { width: 160 }),
    ],
    `${SOURCE}, regionala särskilda undervisningsgrupper (rad 4160–4214)`,
  )
  sheet.add('section', [PREMIE_SECTION])
  for (const r of seed.arspremie_table.rows) {
    const average = r.label === 'Genomsnitt samtliga elever'
    sheet.add('data', [r.label, r.arspremie_2023, r.arspremie_2024, 'kr per elev och år'], {
      note: average
        ? `Tryckt genomsnitt, viktat med antal elever per stadium, som inte anges i källan (${lineRef(r.lines)}); står därför som tryckt.`
        : `Källa ${lineRef(r.lines)}.`,
    })
  }
  sheet.add('section', ['RSU-bidrag och placerade elever'])
  const rate = sheet.add('data', ['RSU-bidrag per placerad elev', null, `=${sarskiltStodBelopp.refTo('RSU-bidrag egen regi', 'B')}`, 'tkr per elev och år'], {
    note: 'Bidraget betalas till hemskolan, som för över det till skolan där RSU-verksamheten bedrivs (rad 4202–4205). Beloppet 2023 anges inte.',
  })
  const placed = sheet.add('data', [
    'Placerade elever i RSU, budget',
    `=${sarskiltStod.refTo('RSU-bidrag egen regi', 'D')}`,
    `=${sarskiltStod.refTo('RSU-bidrag egen regi', 'F')}`,
    'st',
  ])
  sheet.add('data', ['RSU-bidrag totalt', null, `=RSUGRANT(C${placed},C${rate})`, 'tkr'], {
    note: `Budgeten är ${seed.rsu_bidrag.budget_2024_mnkr} mnkr (se Särskilt stöd); ${seed.rsu_bidrag.elever_budget_2024} × 147,0 tkr = 24 990 tkr.`,
  })
  sheet.add('data', ['Kunskapsbidrag för lokalkostnader RSU-verksamhet', null, seed.kunskapsbidrag_lokalkostnader_rsu_2024_mnkr, 'mnkr'], {
    note: 'Avsätts ur statsbidraget Kunskapsbidraget 2024 (rad 4201–4202).',
  })
  sheet.add('section', ['Kontroll'])
  const average = sheet.rowOf('Genomsnitt samtliga elever')
  sheet.add(
    'data',
    [
      'Pott om alla elever i grundskola egen regi betalar genomsnittspremien',
      `=${volymEgenRegi.refTo('Grundskola åk F-9', 'B')}*B${average}`,
      `=${volymEgenRegi.refTo('Grundskola åk F-9', 'C')}*C${average}`,
      'kr',
    ],
    { note: 'Härledd, anges inte i VP 2024. Elevantal från Volym egen regi (förskoleklass ingår).' },
  )
  return sheet
}

/**
 * "RSU": per område, elever per årskursband pay the årspremie into the område's pot; the pot is
 * shared per RSU place; placed elever bring RSU-bidrag; the fee per placed elev covers the rest of
 * the groups' costs. Områdeschefer edit only the RSU-platser of their own område's row.
 */
export function buildRsuSheet(parametrar: SheetBuilder): SheetBuilder {
  const premie = (band: string) => parametrar.refTo(band, 'C')
  const rate = parametrar.refTo('RSU-bidrag per placerad elev', 'C')
  const sheet = new SheetBuilder(
    'RSU',
    'rsu',
    [
      labelColumn('Område', 200),
      countColumn('Elever F-3'),
      countColumn('Elever 4–6'),
      countColumn('Elever 7–9'),
      krColumn('Pott', { editable: 'locked', width: 120 }),
      countColumn('RSU-platser', { editable: 'omradeschef' }),
      krColumn('Pott per plats', { editable: 'locked', width: 120 }),
      countColumn('Placerade elever', { width: 120 }),
      tkrColumn('RSU-bidrag', { editable: 'locked' }),
      tkrColumn('Budgeterade kostnader RSU-grupper', { width: 200 }),
      tkrColumn('Skolpeng och fritidshemspeng', { width: 190 }),
      tkrColumn('Kunskapsbidrag', { width: 120 }),
      tkrColumn('Avgift per placerad elev', { editable: 'locked', width: 160 }),
    ],
    `${SOURCE}, modell för finansiering av RSU (rad 4160–4214)`,
  )
  const first = sheet.nextRow
  for (const omrade of VP2024_RSU_OMRADEN) {
    const n = sheet.nextRow
    sheet.add(
      'data',
      [
        omrade,
        null,
        null,
        null,
        `=RSUPREMIUM(B${n},C${n},D${n},${premie('Årskurs F-3')},${premie('Årskurs 4–6')},${premie('Årskurs 7–9')})`,
        null,
        `=IF(F${n}>0,RSUPOTSHARE(E${n},1,F${n}),0)`,
        null,
        `=RSUGRANT(H${n},${rate})`,
        null,
        null,
        null,
        feeFormula(n),
      ],
      {
        omrade,
        note: 'Platshållare: VP 2024 namnger inte områdena och anger inte elever, platser eller gruppernas budget per område. Byt namn och fyll i.',
      },
    )
  }
  const last = sheet.nextRow - 1
  const n = sheet.nextRow
  const sum = (c: string) => `=SUM(${c}${first}:${c}${last})`
  sheet.add('summa', [
    'Summa',
    sum('B'),
    sum('C'),
    sum('D'),
    sum('E'),
    sum('F'),
    `=IF(F${n}>0,E${n}/F${n},0)`,
    sum('H'),
    sum('I'),
    sum('J'),
    sum('K'),
    sum('L'),
    feeFormula(n),
  ])
  sheet.add('note', [
    'Källan anger inte skolområdena, elever per årskursband, RSU-platser, placerade elever eller RSU-gruppernas budget per område (skolorna per område står i bilaga 4, som inte ingår). Områdesraderna är tomma planeringsindata. Avgiften räknas per område som om områdets grupper vore en; den kan variera mellan grupper (rad 4211–4212). Summaradens avgift är ett snitt för alla områden.',
  ])
  return sheet
}

/** Fee per placed elev in tkr; the pot is in kr, the other amounts in tkr. Nobody placed: no fee. */
function feeFormula(n: number): string {
  return `=IF(H${n}>0,RSUFEE(J${n},E${n}/1000,K${n},I${n},L${n},H${n}),0)`
}
