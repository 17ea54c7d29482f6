import { DetailedCellError, type CellValue } from 'hyperformula'
import { errorDisplay } from '../error-display'
import { swedishEngineMessage } from '../error-messages'

/** The computed value of one cell: what the grid shows and exports print. */
export interface CellComputed {
  value: number | string | boolean | null
  error?: {
    /** HyperFormula error type: 'VALUE', 'REF', 'DIV_BY_ZERO', 'NAME', ... */
    type: string
    /** Swedish Excel style text, e.g. '#VÄRDEFEL!'; errorDisplay(type, 'en') gives the English one. */
    display: string
    /** Why, in Swedish where the catalog knows the engine's message (src/error-messages.ts). */
    message?: string
    /** Why, as the engine (or a Samplan function) said it: for the English UI. */
    messageEn?: string
  }
}

/** An empty cell. */
export const EMPTY_COMPUTED: CellComputed = Object.freeze({ value: null }) as CellComputed

/** Converts a HyperFormula cell value to a CellComputed (errors get value null, their Swedish display text and message). */
export function toCellComputed(value: CellValue): CellComputed {
  if (value instanceof DetailedCellError) {
    const error: NonNullable<CellComputed['error']> = { type: value.type, display: errorDisplay(value.type, 'sv-SE') }
    if (value.message) {
      error.message = swedishEngineMessage(value.message)
      error.messageEn = value.message
    }
    return { value: null, error }
  }
  return value === null ? EMPTY_COMPUTED : { value }
}
