import { labelColumn, mnkrColumn, SheetBuilder } from './template-builder'
import { lineRef, seedRow, vp2024Seed } from './vp2024-seed'

const SOURCE = 'Utbildningsnämndens verksamhetsplan 2024'

/** "Budget": KF's budgetram (kostnader, intäkter, netto, investeringar) with the change computed. */
export function buildBudgetSheet(): SheetBuilder {
  const rows = vp2024Seed.budgetram.rows
  const row = (label: string) => seedRow(rows, 'label', label, 'budgetram')
  const sheet = new SheetBuilder(
    'Budget',
    'budget',
    [
      labelColumn('Driftsbudget, mnkr'),
      mnkrColumn('Budget 2023', { period: { kind: 'budget', year: 2023 } }),
      mnkrColumn('Budget 2024', { period: { kind: 'budget', year: 2024 } }),
      mnkrColumn('Ökning (+)/ minskning (-)', {
        editable: 'locked',
        width: 150,
        period: { kind: 'forandring', year: 2024, from: 2023, header: 'Ökning (+)/ minskning (-)' },
      }),
    ],
    `${SOURCE}, budgetram enligt kommunfullmäktige (rad 153–164, 3306–3317)`,
  )

  const input = (label: string): number => {
    const seed = row(label)
    const r = sheet.nextRow
    sheet.add('data', [label, seed.budget_2023, seed.budget_2024, `=C${r}-B${r}`], noteOf(BUDGET_NOTES[label]))
    sheet.printedAt(`D${r}`, seed.okning_minskning)
    return r
  }

  const kostnader = input('Kostnader')
  const intakter = input('Intäkter')
  const netto = row('Netto KF Budget')
  const n = sheet.add('summa', [
    netto.label,
    `=B${kostnader}-B${intakter}`,
    `=C${kostnader}-C${intakter}`,
    `=C${sheet.nextRow}-B${sheet.nextRow}`,
  ])
  sheet.printedAt(`B${n}`, netto.budget_2023)
  sheet.printedAt(`C${n}`, netto.budget_2024)
  sheet.printedAt(`D${n}`, netto.okning_minskning)
  input('Investeringar')
  return sheet
}

/** "Verksamhetsområden": driftverksamhet per verksamhetsområde, four columns, Summa drift netto computed. */
export function buildVerksamhetsomradenSheet(budget: SheetBuilder): SheetBuilder {
  const seed = vp2024Seed.verksamhetsomraden
  const sheet = new SheetBuilder(
    'Verksamhetsområden',
    'budget',
    [
      labelColumn('Driftverksamhet, mnkr', 340),
      mnkrColumn('Utfall 2022', { period: { kind: 'utfall', year: 2022 } }),
      mnkrColumn('Budget 2023 (VP)', { width: 130, period: { kind: 'budget', year: 2023, variant: 'VP' } }),
      mnkrColumn('Prognos oktober 2023', { width: 150, period: { kind: 'prognos', year: 2023, month: 10 } }),
      mnkrColumn('Budget 2024 (VP)', { width: 130, period: { kind: 'budget', year: 2024, variant: 'VP' } }),
    ],
    `${SOURCE}, utbildningsnämnden per verksamhetsområde (rad 177–211, 3522–3551)`,
  )
  const first = sheet.nextRow
  for (const r of seed.rows) {
    sheet.add(
      'data',
      [r.label, r.utfall_2022, r.budget_2023_vp, r.prognos_oktober_2023, r.budget_2024_vp],
      noteOf(VERKSAMHET_NOTES[r.label]),
    )
  }
  const last = sheet.nextRow - 1
  sheet.chart({
    kind: 'bar',
    title: 'Driftverksamhet netto per verksamhetsområde, mnkr',
    range: `B${first}:E${last}`,
    seriesIn: 'cols',
    categoryLabels: 'A',
    seriesLabels: '1',
    omit: [],
    size: { width: 760, height: 360 },
  })
  const s = seed.summa
  const sumRow = sheet.nextRow
  const sum = (c: string) => `=SUM(${c}${first}:${c}${last})`
  const computedUtfall = Math.round(seed.rows.reduce((acc, r) => acc + r.utfall_2022, 0) * 10) / 10
  const utfallNote =
    computedUtfall === s.utfall_2022
      ? undefined
      : `Utfall 2022 är tryckt ${formatMnkr(s.utfall_2022)} (${lineRef(s.lines)}), men raderna summerar till ${formatMnkr(computedUtfall)} (avrundning i dokumentet). Formeln gäller.`
  sheet.add('summa', [s.label, sum('B'), sum('C'), sum('D'), sum('E')], noteOf(utfallNote))
  sheet.printedAt(`B${sumRow}`, s.utfall_2022, utfallNote)
  sheet.printedAt(`C${sumRow}`, s.budget_2023_vp)
  sheet.printedAt(`D${sumRow}`, s.prognos_oktober_2023)
  sheet.printedAt(`E${sumRow}`, s.budget_2024_vp)
  // The VP prints the budget's netto twice (KF's ram on Budget, the sum of the verksamhetsområden
  // here): one figure, so a difference between the two is flagged rather than silently kept.
  const netto = row(budget, 'Netto KF Budget')
  sheet.add(
    'kontroll',
    ['Kontroll: Summa drift netto mot budgetramen (Budget), ska vara 0', null, `=C${sumRow}-${netto('B')}`, null, `=E${sumRow}-${netto('C')}`],
    { note: 'Budget 2023 och 2024 per verksamhetsområde ska summera till nämndens budgetram netto på bladet Budget. Ett annat värde än 0 är en avvikelse att rätta.' },
  )
  const inv = seed.investeringar
  sheet.add('data', [inv.label, inv.utfall_2022, inv.budget_2023_vp, inv.prognos_oktober_2023, inv.budget_2024_vp])
  return sheet
}

/** `column` of `sheet`'s row labelled `label`, as a cross-sheet reference maker. */
function row(sheet: SheetBuilder, label: string): (column: string) => string {
  return (column) => sheet.refTo(label, column)
}

const BUDGET_NOTES: Record<string, string> = {
  Intäkter: "Tryckt '297' i tabellen och '297,0 mnkr' i texten (rad 167). Minskningen beror på att intäktskravet för statsbidraget för maxtaxa har flyttats till förskolenämnden (rad 3331–3332).",
  Investeringar: "Tryckt '100 100 0'; texten anger 100,0 mnkr (rad 168).",
}

const VERKSAMHET_NOTES: Record<string, string> = {
  Förskola:
    'Negativa belopp 2023 och 0 för 2024 förklaras inte i texten; troligen ligger förskolan inte längre i nämndens budget (intäktskravet för maxtaxan har flyttats till förskolenämnden, rad 3331–3332).',
}

function noteOf(note: string | undefined): { note?: string } {
  return note === undefined ? {} : { note }
}

/** 20727.9 -> "20 727,9" as printed in the document. */
export function formatMnkr(value: number): string {
  const [whole = '0', decimals = '0'] = value.toFixed(1).split('.')
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${decimals}`
}
