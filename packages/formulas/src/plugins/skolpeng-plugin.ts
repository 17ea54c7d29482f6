import { FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula'
import { toCellValue } from '../error-messages'
import type { EvaluationState, FormulaCall, FormulaValue } from '../hyperformula-seam'
import { DEFAULT_SKOLPENG_FLOOR, meetsFloor, schoolVoucherShare } from '../rules/skolpeng'

const NUMBER = { argumentType: FunctionArgumentType.NUMBER }

/**
 * Skolpeng as a share of KF's schablon, and the floor rule.
 * @example =SKOLPENGANDEL(B2;C2) and =UPPFYLLERGOLV(D2;0,688) in Swedish; =MEETSFLOOR(D2) in English.
 */
export class SkolpengPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    SCHOOLVOUCHERSHARE: { method: 'schoolVoucherShare', parameters: [NUMBER, NUMBER] },
    MEETSFLOOR: {
      method: 'meetsFloor',
      parameters: [NUMBER, { ...NUMBER, defaultValue: DEFAULT_SKOLPENG_FLOOR, emptyAsDefault: true }],
    },
  }

  /** SCHOOLVOUCHERSHARE(skolpeng, schablon): skolpeng per elev as a fraction of the schablon. */
  schoolVoucherShare(call: FormulaCall, state: EvaluationState): FormulaValue {
    return this.runFunction(call.args, state, this.metadata('SCHOOLVOUCHERSHARE'), (skolpeng: number, schablon: number) =>
      toCellValue(schoolVoucherShare(skolpeng, schablon)),
    )
  }

  /** MEETSFLOOR(share, [floor=0.71]): TRUE when the share reaches the floor. */
  meetsFloor(call: FormulaCall, state: EvaluationState): FormulaValue {
    return this.runFunction(call.args, state, this.metadata('MEETSFLOOR'), (share: number, floor: number) =>
      toCellValue(meetsFloor(share, floor)),
    )
  }
}

/** Function names per HyperFormula language; Swedish is what users of Samplan type by default. */
export const skolpengTranslations = {
  enGB: { SCHOOLVOUCHERSHARE: 'SCHOOLVOUCHERSHARE', MEETSFLOOR: 'MEETSFLOOR' },
  enUS: { SCHOOLVOUCHERSHARE: 'SCHOOLVOUCHERSHARE', MEETSFLOOR: 'MEETSFLOOR' },
  svSE: { SCHOOLVOUCHERSHARE: 'SKOLPENGANDEL', MEETSFLOOR: 'UPPFYLLERGOLV' },
}
