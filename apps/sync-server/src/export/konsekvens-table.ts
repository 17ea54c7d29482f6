import {
  formatScenarioAmount,
  formatScenarioPercent,
  formatScenarioValue,
  type ColumnSpec,
  type FormulaLocale,
  type ScenarioComparison,
  type ScenarioDifference,
} from '@samplan/domain'
import type { SheetTable, TableCell, TableRow } from './sheet-table'

const TEXTS = {
  'sv-SE': {
    sheet: 'Konsekvensbeskrivning',
    columns: ['Blad och cell', 'Rad', 'Kolumn', 'Plan', 'Scenario', 'Skillnad', 'Skillnad, %'],
    changed: 'Ändrade indata',
    moved: 'Summor och formler som ändras',
    none: 'Scenariot skiljer sig inte från planen.',
    dropped: (n: number) => `${n} ändringar gäller rader eller kolumner som inte längre finns i planen och ingår inte.`,
    source: (name: string) => `Scenariot ”${name}” jämfört med planen, beräknat med samma formler som arbetsboken.`,
  },
  en: {
    sheet: 'Impact statement',
    columns: ['Sheet and cell', 'Row', 'Column', 'Plan', 'Scenario', 'Difference', 'Difference, %'],
    changed: 'Changed inputs',
    moved: 'Totals and formulas that move',
    none: 'The scenario does not differ from the plan.',
    dropped: (n: number) => `${n} changes concern rows or columns the plan no longer has and are left out.`,
    source: (name: string) => `The scenario "${name}" compared with the plan, computed with the workbook's own formulas.`,
  },
} as const

const text = (label: string, width: number): ColumnSpec => ({ label, type: 'text', editable: 'locked', width })
const number = (label: string, width: number): ColumnSpec => ({ label, type: 'number', editable: 'locked', width })

function cell(textValue: string, value: TableCell['value'] = textValue): TableCell {
  return { text: textValue, value, input: undefined }
}

/**
 * The comparison of a scenario with its plan as a printable table (domain SPEC SC5, SC9): one row
 * per changed input, then one per total or formula it moves, with plan and scenario figures as the
 * grid formats them, the difference (tkr in mnkr) and the percentage. Printed by the bilaga writer.
 */
export function buildKonsekvensTable(comparison: ScenarioComparison, scenarioName: string, locale: FormulaLocale): SheetTable {
  const t = TEXTS[locale]
  const specs = [
    text(t.columns[0], 150),
    text(t.columns[1], 260),
    text(t.columns[2], 150),
    ...t.columns.slice(3).map((l) => number(l, 100)),
  ]
  const columns = specs.map((spec, i) => ({ colId: `k${i}`, spec }))
  const row = (rowId: string, kind: TableRow['kind'], cells: TableCell[]): TableRow => ({ rowId, kind, cells })
  const difference = (d: ScenarioDifference, i: number): TableRow =>
    row(`d${i}`, 'data', [
      cell(`${d.sheetName}!${d.a1}`),
      cell(d.rowLabel),
      cell(d.columnLabel),
      cell(formatScenarioValue(d.plan, d, locale), d.plan),
      cell(formatScenarioValue(d.scenario, d, locale), d.scenario),
      cell(formatScenarioAmount(d, locale), d.amount?.value ?? null),
      cell(formatScenarioPercent(d.percent, locale), d.percent),
    ])
  const section = (id: string, label: string) => row(id, 'section', [cell(label), ...specs.slice(1).map(() => cell(''))])
  const rows: TableRow[] = [
    row(
      'header',
      'header',
      specs.map((s) => cell(s.label)),
    ),
  ]
  if (comparison.changed.length > 0) rows.push(section('changed', t.changed), ...comparison.changed.map(difference))
  if (comparison.moved.length > 0)
    rows.push(section('moved', t.moved), ...comparison.moved.map((d, i) => difference(d, i + comparison.changed.length)))
  if (comparison.changed.length + comparison.moved.length === 0)
    rows.push(row('none', 'note', [cell(t.none), ...specs.slice(1).map(() => cell(''))]))
  if (comparison.dropped.length > 0)
    rows.push(row('dropped', 'note', [cell(t.dropped(comparison.dropped.length)), ...specs.slice(1).map(() => cell(''))]))
  return {
    sheet: { id: 'konsekvens', name: t.sheet, kind: 'generic', frozenRows: 1, source: t.source(scenarioName) },
    locale,
    columns,
    rows,
  }
}
