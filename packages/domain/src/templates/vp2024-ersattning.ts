import { fraction, labelColumn, percentColumn, SheetBuilder, textColumn } from './template-builder'
import { lineRef, required, seedRow, vp2024Seed } from './vp2024-seed'

const SOURCE = 'Utbildningsnämndens verksamhetsplan 2024'

const SCHABLON_SECTIONS = [
  'Grundskola inkl. fritidshem och anpassad grundskola (hemkommun)',
  'Gymnasieskola och anpassad gymnasieskola (hemkommun)',
]

/** "Schabloner": KF's schablon changes 2024 per skolform, and those the text states outside the tables. */
export function buildSchablonerSheet(): SheetBuilder {
  const seed = vp2024Seed.schabloner_forandring
  const sheet = new SheetBuilder(
    'Schabloner',
    'parametrar',
    [labelColumn('Schabloner KF Budget (ersättning per barn/elev)', 520), percentColumn('Förändring 2024', { width: 130, period: { kind: 'forandring', year: 2024, from: 2023 } })],
    `${SOURCE}, schabloner KF budget (rad 3575–3600, 3788–3799)`,
  )
  const conflicts = new Map(
    seed.prose_only
      .filter((p) => p.conflict_with_table !== undefined)
      .map((p) => [p.label.replace(/ \(prose\)$/, ''), p]),
  )
  seed.tables.forEach((table, i) => {
    sheet.add('section', [SCHABLON_SECTIONS[i] ?? table.title])
    for (const r of table.rows) {
      const conflict = conflicts.get(r.label)
      const note =
        conflict === undefined
          ? undefined
          : `Texten (${lineRef(conflict.lines)}) anger ${formatPercent(required(conflict.forandring_2024_pct, conflict.label))} procent; tabellen (${lineRef(r.lines)}) ${formatPercent(r.forandring_2024_pct)} %. Tabellens värde används.`
      sheet.add('data', [r.label, fraction(r.forandring_2024_pct)], note === undefined ? {} : { note })
    }
  })
  sheet.add('section', ['Övriga förändringar enligt texten'])
  for (const p of seed.prose_only) {
    if (p.conflict_with_table !== undefined) continue
    const pct = p.forandring_2024_pct ?? p.forandring_pct
    if (pct === undefined) continue
    const notes = [p.approx ? 'Texten anger "cirka".' : undefined, PROSE_NOTES[p.label], `Källa ${lineRef(p.lines)}.`]
    sheet.add('data', [p.label, fraction(pct)], { note: notes.filter((n) => n !== undefined).join(' ') })
  }
  return sheet
}

const PROSE_NOTES: Record<string, string> = {
  'Extra schablonhöjning juni 2023 (helårsbasis, jfr KF budget 2023)':
    '0,94 procent på helårsbasis; gav en höjning av skolpengen för grundskolorna i egen regi med ungefär 1,3 procent. Ökningarna 2024 utgår från nivåerna efter extrahöjningen.',
}

/**
 * "Skolpeng": skolpeng changes in egen regi against KF's schablon changes, and the share of the
 * schablon paid out as peng checked against KF's 71 % floor (MEETSFLOOR).
 */
export function buildSkolpengSheet(schabloner: SheetBuilder): SheetBuilder {
  const seed = vp2024Seed.skolpeng_forandring
  const rules = seed.andel_av_schablon_regler
  const rule = (id: string) => seedRow(rules, 'id', id, 'andel_av_schablon_regler')
  const floor = required(rule('71pct_regel').min_share, '71pct_regel.min_share')
  const outcome = rule('71pct_utfall_2024')
  const gymnasium = rule('gymnasium_68_8')
  const anpassad = rule('anpassad_grundskola_86_8_93_8')
  const tillagg = rule('fritidshem_tillagg_92_2')
  const sheet = new SheetBuilder(
    'Skolpeng',
    'skolpeng',
    [
      labelColumn('Skolpeng egen regi VP (ersättning per elev)', 300),
      percentColumn('Förändring skolpeng 2024', {
        width: 150,
        period: { kind: 'forandring', year: 2024, from: 2023, measure: 'skolpeng', header: 'Förändring skolpeng {year}' },
      }),
      percentColumn('Förändring schablon 2024', {
        editable: 'locked',
        width: 150,
        period: { kind: 'forandring', year: 2024, from: 2023, measure: 'schablon', header: 'Förändring schablon {year}' },
      }),
      percentColumn('Skillnad mot schablon', { editable: 'locked', width: 150 }),
      percentColumn('Andel av schablon 2024', {
        width: 150,
        period: { kind: 'budget', year: 2024, measure: 'andel-av-schablon', header: 'Andel av schablon {year}' },
      }),
      percentColumn('Lägsta andel enligt KF', { decimals: 0, width: 150 }),
      textColumn('Når lägsta andel', { width: 130 }),
    ],
    `${SOURCE}, skolpeng egen regi (rad 3917–3941, 4126–4139, 4217–4224, 4300–4314)`,
  )
  const shareOf: Record<string, { share: number; note: string } | undefined> = {
    'Fritidshem 6–9 år': { share: required(outcome.share, '71pct_utfall_2024.share'), note: shareNote(outcome.lines) },
    'Grundskola åk F-9': { share: required(outcome.share, '71pct_utfall_2024.share'), note: shareNote(outcome.lines) },
    Gymnasieskola: {
      share: required(gymnasium.share, 'gymnasium_68_8.share'),
      note: `Genomsnittlig programpeng, oförändrad andel jämfört med 2023 (${lineRef(gymnasium.lines)}).`,
    },
  }
  const table = required(seed.tables[0], 'skolpeng_forandring.tables[0]')
    for (const r of table.rows) {
    const n = sheet.nextRow
    const share = shareOf[r.label]
    const hasFloor = r.label === 'Fritidshem 6–9 år' || r.label === 'Grundskola åk F-9'
    const notes = [
      share?.note,
      r.label === 'Anpassad grundskola'
        ? `Mellan ${formatPercent(required(anpassad.share_min, 'share_min') * 100)} och ${formatPercent(required(anpassad.share_max, 'share_max') * 100)} procent av schablonen beroende på årskurs och behovsgrupp (${lineRef(anpassad.lines)}); ingen enskild andel anges.`
        : undefined,
      r.note?.includes('without %') ? "Tryckt '+3,4' utan procenttecken." : undefined,
    ].filter((x) => x !== undefined)
    sheet.add(
      'data',
      [
        r.label,
        fraction(r.forandring_2024_pct),
        `=${schabloner.refTo(r.label, 'B')}`,
        `=B${n}-C${n}`,
        share?.share ?? null,
        hasFloor ? floor : null,
        hasFloor ? `=MEETSFLOOR(E${n},F${n})` : null,
      ],
      notes.length > 0 ? { note: notes.join(' ') } : {},
    )
  }
  const n = sheet.nextRow
  sheet.add(
    'data',
    [
      'Tillägg för fritidshem, anpassad grundskola',
      fraction(required(tillagg.forandring_pct, 'fritidshem_tillagg_92_2.forandring_pct')),
      `=${schabloner.refTo('Anpassad grundskola – skolskjuts och tillägg för elever i anpassad grundskola i fritidshem', 'B')}`,
      `=B${n}-C${n}`,
      required(tillagg.share, 'fritidshem_tillagg_92_2.share'),
      null,
      null,
    ],
    { note: `Se bilaga 5.4 (${lineRef(tillagg.lines)}).` },
  )
  return sheet
}

function shareNote(lines: readonly number[]): string {
  return `Andelen anges i texten (${lineRef(lines)}); beloppen per elev står i bilaga 5.1, som inte ingår i källan.`
}

/** 4.7 -> "4,7" */
function formatPercent(value: number): string {
  return value.toFixed(1).replace('.', ',')
}
