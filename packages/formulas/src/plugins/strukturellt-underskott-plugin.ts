import {
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  type SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { ARGUMENT_MESSAGES, toCellValue } from '../error-messages'
import type { EvaluationState, FormulaCall, FormulaValue } from '../hyperformula-seam'
import { DEFAULT_BALANCE_HORIZON_YEARS, deficitGrant, isStructuralDeficit } from '../rules/strukturellt-underskott'

const NUMBER = { argumentType: FunctionArgumentType.NUMBER }
const RANGE = { argumentType: FunctionArgumentType.RANGE }

/** Reads a one-year-per-cell forecast (a row or a column) as numbers, or the first problem in it. */
function forecastYears(range: SimpleRangeValue): number[] | CellError {
  const years: number[] = []
  for (const cell of range.valuesFromTopLeftCorner()) {
    if (cell instanceof CellError) return cell
    if (cell === EmptyValue) return new CellError(ErrorType.VALUE, ARGUMENT_MESSAGES.emptyInRange)
    if (typeof cell === 'number') years.push(cell)
    // Dates, percentages and currency arrive as rich numbers carrying the raw value in `val`.
    else if (typeof cell === 'object' && typeof cell.val === 'number') years.push(cell.val)
    else return new CellError(ErrorType.VALUE, ARGUMENT_MESSAGES.textInRange)
  }
  return years
}

/**
 * Strukturellt underskott (VP 2024 p. 89): whether an anslagsenhet cannot reach balance within the
 * horizon, and the year's anslag covering the gap.
 * @example =STRUKTURELLTUNDERSKOTT(B2:D2;B3:D3) and =UNDERSKOTTSANSLAG(B2;B3) in Swedish.
 */
export class StrukturelltUnderskottPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    STRUCTURALDEFICIT: {
      method: 'structuralDeficit',
      parameters: [RANGE, RANGE, { ...NUMBER, defaultValue: DEFAULT_BALANCE_HORIZON_YEARS, emptyAsDefault: true }],
    },
    DEFICITGRANT: { method: 'deficitGrant', parameters: [NUMBER, NUMBER] },
  }

  /** STRUCTURALDEFICIT(intakter_range, kostnader_range, [horizon_years=3]): TRUE when no year of the horizon balances. */
  structuralDeficit(call: FormulaCall, state: EvaluationState): FormulaValue {
    return this.runFunction(
      call.args,
      state,
      this.metadata('STRUCTURALDEFICIT'),
      (intakterRange: SimpleRangeValue, kostnaderRange: SimpleRangeValue, horizon: number) => {
        const intakter = forecastYears(intakterRange)
        if (intakter instanceof CellError) return intakter
        const kostnader = forecastYears(kostnaderRange)
        if (kostnader instanceof CellError) return kostnader
        return toCellValue(isStructuralDeficit(intakter, kostnader, horizon))
      },
    )
  }

  /** DEFICITGRANT(intakter, kostnader): max(0, kostnader - intakter). */
  deficitGrant(call: FormulaCall, state: EvaluationState): FormulaValue {
    return this.runFunction(call.args, state, this.metadata('DEFICITGRANT'), (intakter: number, kostnader: number) =>
      toCellValue(deficitGrant(intakter, kostnader)),
    )
  }
}

const english = { STRUCTURALDEFICIT: 'STRUCTURALDEFICIT', DEFICITGRANT: 'DEFICITGRANT' }

/** Function names per HyperFormula language. */
export const strukturelltUnderskottTranslations = {
  enGB: english,
  enUS: english,
  svSE: { STRUCTURALDEFICIT: 'STRUKTURELLTUNDERSKOTT', DEFICITGRANT: 'UNDERSKOTTSANSLAG' },
}
