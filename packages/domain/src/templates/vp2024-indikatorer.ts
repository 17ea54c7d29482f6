import { labelColumn, numberColumn, SheetBuilder, textColumn } from './template-builder'
import { lineRef, vp2024Seed } from './vp2024-seed'

type Item = (typeof vp2024Seed)['indikatorer']['items'][number]

/**
 * "Indikatorer": all 60 indicators, grouped under their KF-mål or nämndmål as in the document.
 * Targets are numbers with their unit in Enhet (80 and "%"), so an utfall can be compared with
 * them; KF's textual targets ("Tas fram av nämnd") keep their own column.
 */
export function buildIndikatorerSheet(): SheetBuilder {
  const seed = vp2024Seed.indikatorer
  const sheet = new SheetBuilder(
    'Indikatorer',
    'indikator',
    [
      labelColumn('Mål', 130),
      { label: 'Nr', type: 'integer', decimals: 0, min: 1, editable: 'locked', width: 50 },
      textColumn('Indikator', { width: 480 }),
      numberColumn('Årsmål', { width: 90, period: { kind: 'arsmal', year: 2024, header: 'Årsmål' } }),
      textColumn('Enhet', { width: 150 }),
      numberColumn('KF:s årsmål år 2024', { width: 140, period: { kind: 'kf-arsmal', year: 2024 } }),
      textColumn('KF:s årsmål, text', {
        editable: 'ekonom',
        width: 190,
        period: { kind: 'kf-arsmal', year: 2024, measure: 'text', header: 'KF:s årsmål, text' },
      }),
      textColumn('Periodicitet', { width: 100 }),
      numberColumn('Utfall', { width: 90, period: { kind: 'utfall', year: 2024, header: 'Utfall' } }),
    ],
    'Utbildningsnämndens verksamhetsplan 2024, indikatortabeller (rad 257–2910)',
  )
  let table = ''
  for (const item of seed.items) {
    if (item.table_id !== table) {
      table = item.table_id
      sheet.add('section', [sectionTitle(item)])
    }
    const kf = item.kf_arsmal
    const note = itemNote(item)
    sheet.add(
      'data',
      [
        goalRef(item),
        item.nr,
        item.indikator,
        item.arsmal.value,
        unitOf(item),
        kf?.value ?? null,
        kf?.text ?? null,
        item.periodicitet,
        null,
      ],
      note === '' ? {} : { note },
    )
  }
  return sheet
}

function goalRef(item: Item): string {
  return item.namndmal_id === null ? `KF-mål ${item.kf_mal_id}` : `Nämndmål ${item.namndmal_id}`
}

function sectionTitle(item: Item): string {
  return item.namndmal_id === null || item.namndmal === null
    ? `KF:s mål för verksamhetsområdet ${item.kf_mal_id}: ${item.kf_mal}`
    : `Nämndmål ${item.namndmal_id}: ${item.namndmal}`
}

/** One unit for both targets; the seed leaves it out where the print does. */
function unitOf(item: Item): string | null {
  const unit = item.arsmal.unit ?? item.kf_arsmal?.unit ?? null
  if (unit === null) return null
  if (item.arsmal.kind === 'plus_minus') return '+/- %'
  return unit.replace(/ \(implied\)$/, '')
}

const UNIT_NOTES: Record<string, string> = {
  'Årsmål printed without % sign': 'Årsmålet är tryckt utan procenttecken.',
  'no space before %': '',
}

function itemNote(item: Item): string {
  const notes: string[] = []
  const sic = item.arsmal.sic === undefined ? undefined : UNIT_NOTES[item.arsmal.sic]
  if (sic) notes.push(sic)
  if (item.arsmal.unit?.endsWith('(implied)')) notes.push(`Enheten är underförstådd; tryckt '${item.arsmal.raw}'.`)
  if (item.arsmal.kind === 'plus_minus') notes.push(`Tryckt '${item.arsmal.raw}': högst 1 procents avvikelse åt något håll.`)
  if (item.kf_arsmal?.note === 'stadens totala mål') notes.push(`KF:s årsmål (${item.kf_arsmal.raw}) är stadens totala mål.`)
  if (item.note !== undefined) notes.push(`${item.note.charAt(0).toUpperCase()}${item.note.slice(1)}.`)
  notes.push(`Källa ${lineRef(item.lines)}.`)
  return notes.join(' ')
}
