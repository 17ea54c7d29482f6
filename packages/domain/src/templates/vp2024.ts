import type { WorkbookTemplate } from '../schema/template'
import type { PrintedTotal } from './template-builder'
export type { PrintedTotal } from './template-builder'
export { VP2024_RSU_OMRADEN } from './vp2024-rsu'
import { buildStrukturelltUnderskottSheet, buildResultatenheterSheet } from './vp2024-anslag'
import { buildBudgetSheet, buildVerksamhetsomradenSheet } from './vp2024-budget'
import { buildSchablonerSheet, buildSkolpengSheet } from './vp2024-ersattning'
import { buildIndikatorerSheet } from './vp2024-indikatorer'
import { buildRsuParametrarSheet, buildRsuSheet } from './vp2024-rsu'
import { buildSarskiltStodBeloppSheet, buildSarskiltStodSheet } from './vp2024-sarskilt-stod'
import { buildVolymEgenRegiSheet, buildVolymSheet } from './vp2024-volym'

function buildVp2024(): { template: WorkbookTemplate; printed: PrintedTotal[] } {
  const budget = buildBudgetSheet()
  const verksamhetsomraden = buildVerksamhetsomradenSheet(budget)
  const volym = buildVolymSheet()
  const volymEgenRegi = buildVolymEgenRegiSheet(volym)
  const schabloner = buildSchablonerSheet()
  const skolpeng = buildSkolpengSheet(schabloner)
  const sarskiltStod = buildSarskiltStodSheet()
  const sarskiltStodBelopp = buildSarskiltStodBeloppSheet()
  const rsuParametrar = buildRsuParametrarSheet(sarskiltStod, sarskiltStodBelopp, volymEgenRegi)
  const rsu = buildRsuSheet(rsuParametrar)
  const underskott = buildStrukturelltUnderskottSheet()
  const resultatenheter = buildResultatenheterSheet()
  const indikatorer = buildIndikatorerSheet()
  const sheets = [
    budget,
    verksamhetsomraden,
    volym,
    volymEgenRegi,
    schabloner,
    skolpeng,
    sarskiltStod,
    sarskiltStodBelopp,
    rsu,
    rsuParametrar,
    underskott,
    resultatenheter,
    indikatorer,
  ]
  return {
    template: { title: 'Verksamhetsplan 2024 – Utbildningsnämnden', sheets: sheets.map((s) => s.build()) },
    printed: sheets.flatMap((s) => s.printed),
  }
}

const built = buildVp2024()

/**
 * The utbildningsnämnd's Verksamhetsplan 2024 as a workbook template: every figure from the
 * committed seed facts, every total, change and derived cell a formula (canonical English, A1 on
 * the template grid). Where the print disagrees with its own arithmetic the formula wins and the
 * printed figure sits in the row's note.
 */
export const vp2024Template: WorkbookTemplate = built.template

/**
 * Formula cells whose figure the printed VP 2024 states, for checking computed totals against the
 * document. `note` says when the print is known to differ (rounding, whole percent).
 */
export const vp2024PrintedTotals: PrintedTotal[] = built.printed
