import { FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula'
import { toCellValue } from '../error-messages'
import type { EvaluationState, FormulaCall, FormulaValue } from '../hyperformula-seam'
import { rsuFee, rsuGrant, rsuPotShare, rsuPremium } from '../rules/rsu'

const NUMBER = { argumentType: FunctionArgumentType.NUMBER }

/**
 * The RSU financing model (VP 2024 p. 94): premium, pot share, RSU-bidrag and avgift.
 * @example =RSUPREMIE(B2;C2;D2;60;349;469) and =RSUBIDRAG(170;147) in Swedish.
 */
export class RsuPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    RSUPREMIUM: { method: 'rsuPremium', parameters: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER] },
    RSUPOTSHARE: { method: 'rsuPotShare', parameters: [NUMBER, NUMBER, NUMBER] },
    RSUGRANT: { method: 'rsuGrant', parameters: [NUMBER, NUMBER] },
    RSUFEE: { method: 'rsuFee', parameters: [NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER] },
  }

  /** RSUPREMIUM(elever_F3, elever_4_6, elever_7_9, premie_F3, premie_4_6, premie_7_9): kr to the pot. */
  rsuPremium(call: FormulaCall, state: EvaluationState): FormulaValue {
    return this.runFunction(
      call.args,
      state,
      this.metadata('RSUPREMIUM'),
      (f3: number, g4to6: number, g7to9: number, pf3: number, p4to6: number, p7to9: number) =>
        toCellValue(rsuPremium({ f3, g4to6, g7to9 }, { f3: pf3, g4to6: p4to6, g7to9: p7to9 })),
    )
  }

  /** RSUPOTSHARE(pot_kr, group_places, total_places): the group's share of the pot. */
  rsuPotShare(call: FormulaCall, state: EvaluationState): FormulaValue {
    return this.runFunction(call.args, state, this.metadata('RSUPOTSHARE'), (pot: number, group: number, total: number) =>
      toCellValue(rsuPotShare(pot, group, total)),
    )
  }

  /** RSUGRANT(placed_elever, bidrag_per_elev_tkr): RSU-bidrag in tkr. */
  rsuGrant(call: FormulaCall, state: EvaluationState): FormulaValue {
    return this.runFunction(call.args, state, this.metadata('RSUGRANT'), (placed: number, perElev: number) =>
      toCellValue(rsuGrant(placed, perElev)),
    )
  }

  /** RSUFEE(group_costs, pot_share, skolpeng_and_fritids, rsu_grant, kunskapsbidrag, placed_elever): fee per elev, 0 on surplus. */
  rsuFee(call: FormulaCall, state: EvaluationState): FormulaValue {
    return this.runFunction(
      call.args,
      state,
      this.metadata('RSUFEE'),
      (costs: number, potShare: number, skolpengAndFritids: number, grant: number, kunskapsbidrag: number, placedElever: number) =>
        toCellValue(rsuFee({ costs, potShare, skolpengAndFritids, rsuGrant: grant, kunskapsbidrag, placedElever })),
    )
  }
}

const english = { RSUPREMIUM: 'RSUPREMIUM', RSUPOTSHARE: 'RSUPOTSHARE', RSUGRANT: 'RSUGRANT', RSUFEE: 'RSUFEE' }

/** Function names per HyperFormula language. */
export const rsuTranslations = {
  enGB: english,
  enUS: english,
  svSE: { RSUPREMIUM: 'RSUPREMIE', RSUPOTSHARE: 'RSUPOTTANDEL', RSUGRANT: 'RSUBIDRAG', RSUFEE: 'RSUAVGIFT' },
}
