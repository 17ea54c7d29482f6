import { z } from 'zod'
import seedJson from './vp2024-seed-facts.json'
import { SeedFactMissingError, TemplateRowNotFoundError } from './template-errors'

/*
 * The parts of the VP 2024 seed facts the template reads. Parsing them at load makes a changed or
 * broken copy of the JSON fail loudly here instead of producing a template with holes.
 */

const Lines = z.array(z.number().int())
const nullableNumber = z.number().nullable()

const BudgetramRow = z.object({
  label: z.string(),
  budget_2023: z.number(),
  budget_2024: z.number(),
  okning_minskning: z.number(),
  lines: Lines,
  note: z.string().optional(),
})

const VerksamhetsomradeRow = z.object({
  label: z.string(),
  utfall_2022: z.number(),
  budget_2023_vp: z.number(),
  prognos_oktober_2023: z.number(),
  budget_2024_vp: z.number(),
  lines: Lines,
  note: z.string().optional(),
})

const VolymRow = z.object({
  skolform: z.string(),
  kf_2024: z.number(),
  forandring_kf2024_jfr_kf2023: z.number(),
  vp_2024: z.number(),
  forandring_vp2024_jfr_kf2024: z.number(),
  lines: Lines,
})

const EgenRegiVarav = z.object({
  label: z.string(),
  vp_2024: z.number(),
  forandring_2024: z.number(),
  andel: nullableNumber,
  lines: Lines,
})

const EgenRegiRow = z.object({
  skolform: z.string(),
  vp_2024: z.number(),
  forandring_2024: z.number(),
  lines: Lines,
  varav: z.array(EgenRegiVarav),
})

const PercentRow = z.object({
  label: z.string(),
  forandring_2024_pct: z.number(),
  lines: Lines,
  note: z.string().optional(),
  conflict: z.string().optional(),
})

const ProseOnlyRow = z.object({
  label: z.string(),
  forandring_2024_pct: z.number().optional(),
  forandring_pct: z.number().optional(),
  approx: z.boolean().optional(),
  conflict_with_table: z.number().optional(),
  effect: z.string().optional(),
  lines: Lines,
})

const AndelRegel = z.object({
  id: z.string(),
  rule: z.string(),
  min_share: z.number().optional(),
  share: z.number().optional(),
  share_min: z.number().optional(),
  share_max: z.number().optional(),
  forandring_pct: z.number().optional(),
  lines: Lines,
})

const SarskiltStodRow = z.object({
  label: z.string(),
  budget_2024_mnkr: z.number(),
  budget_2023_mnkr: z.number(),
  antal_elever_budget_2023: nullableNumber,
  antal_elever_okt_2023: nullableNumber,
  antal_elever_budget_2024: nullableNumber,
  lines: Lines,
})

const PerElevBelopp = z.object({
  label: z.string(),
  value: z.number(),
  unit: z.string(),
  unit_as_printed: z.string().optional(),
  note: z.string().optional(),
  threshold_share: z.number().optional(),
  lines: Lines,
})

const ArspremieRow = z.object({
  label: z.string(),
  arspremie_2023: z.number(),
  arspremie_2024: z.number(),
  lines: Lines,
  note: z.string().optional(),
})

const Anslag = z.object({ enhet: z.string(), mnkr: z.number(), motivering: z.string(), lines: Lines })

const EnhetCount = z.object({ resultatenheter: z.number(), anslagsenheter: nullableNumber })

const FondRow = z.object({
  label: z.string(),
  antal_enheter: z.number(),
  belopp_mnkr: z.number(),
  belopp_i_snitt_per_enhet_mnkr: z.number(),
  lines: Lines,
})

const Target = z.object({
  raw: z.string(),
  value: nullableNumber,
  unit: z.string().nullable(),
  sic: z.string().optional(),
  kind: z.string().optional(),
  note: z.string().optional(),
  text: z.string().optional(),
})

const Indikator = z.object({
  nr: z.number().int(),
  table_id: z.string(),
  kf_mal_id: z.string(),
  kf_mal: z.string(),
  namndmal_id: z.string().nullable(),
  namndmal: z.string().nullable(),
  level: z.enum(['kf_mal', 'namndmal']),
  indikator: z.string(),
  arsmal: Target,
  kf_arsmal: Target.nullable(),
  periodicitet: z.enum(['År', 'Tertial']),
  lines: Lines,
  note: z.string().optional(),
  layout_note: z.string().optional(),
})

export const Vp2024Seed = z.object({
  budgetram: z.object({ rows: z.array(BudgetramRow) }),
  verksamhetsomraden: z.object({
    rows: z.array(VerksamhetsomradeRow),
    summa: VerksamhetsomradeRow,
    investeringar: VerksamhetsomradeRow,
  }),
  volymer_hemkommun: z.object({
    lines: Lines,
    rows: z.array(VolymRow),
    derived_kf_2023: z.record(z.string(), z.union([z.number(), z.string()])),
    kalla: z.string(),
  }),
  volymer_egen_regi: z.object({ lines: Lines, rows: z.array(EgenRegiRow) }),
  schabloner_forandring: z.object({
    tables: z.array(z.object({ title: z.string(), lines: Lines, rows: z.array(PercentRow) })),
    prose_only: z.array(ProseOnlyRow),
  }),
  skolpeng_forandring: z.object({
    tables: z.array(z.object({ title: z.string(), lines: Lines, rows: z.array(PercentRow) })),
    andel_av_schablon_regler: z.array(AndelRegel),
  }),
  sarskilt_stod: z.object({
    lines: Lines,
    rows: z.array(SarskiltStodRow),
    totalt: SarskiltStodRow,
    prose_total: z.object({ total_mnkr: z.number(), okning_mnkr: z.number(), lines: Lines }),
    per_elev_belopp: z.array(PerElevBelopp),
  }),
  rsu: z.object({
    arspremie_table: z.object({ lines: Lines, rows: z.array(ArspremieRow) }),
    rsu_bidrag: z.object({
      value: z.number(),
      budget_2024_mnkr: z.number(),
      elever_budget_2024: z.number(),
      budget_2023_mnkr: z.number(),
      elever_budget_2023: z.number(),
    }),
    kunskapsbidrag_lokalkostnader_rsu_2024_mnkr: z.number(),
  }),
  strukturellt_underskott: z.object({
    lines: Lines,
    anslag_2024: z.array(Anslag),
    anslag_2024_summa_mnkr_derived: z.number(),
    antal_enheter_2024: z.object({
      grundskola: EnhetCount,
      gymnasium: EnhetCount,
      stod_kring_larande_och_elevhalsa: EnhetCount,
    }),
    fonder_table: z.object({ title: z.string(), lines: Lines, rows: z.array(FondRow) }),
  }),
  indikatorer: z.object({ count: z.number(), items: z.array(Indikator) }),
})
export type Vp2024Seed = z.infer<typeof Vp2024Seed>

/** The committed copy of the VP 2024 seed facts, checked against the shape the template needs. */
export const vp2024Seed: Vp2024Seed = Vp2024Seed.parse(seedJson)

/** The item of `items` whose `key` equals `label`. Throws TemplateRowNotFoundError. */
export function seedRow<T, K extends keyof T>(items: readonly T[], key: K, label: T[K], where: string): T {
  const found = items.find((item) => item[key] === label)
  if (found === undefined) throw new TemplateRowNotFoundError(`seed ${where}`, String(label))
  return found
}

/** "rad 3306–3317" for a seed `lines` pair. */
export function lineRef(lines: readonly number[]): string {
  const [first, last] = lines
  return first === last || last === undefined ? `rad ${first}` : `rad ${first}–${last}`
}

/** `value`, or a SeedFactMissingError naming `fact` when the seed has none. */
export function required<T>(value: T | null | undefined, fact: string): T {
  if (value === null || value === undefined) throw new SeedFactMissingError(fact)
  return value
}
