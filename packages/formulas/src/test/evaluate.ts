import type { CellValue, RawCellContent } from 'hyperformula'
import { createFormulaEngine, type FormulaLocale } from '../engine'

/** Evaluates the formula in the last cell of row 1 after the given data, in a fresh engine of that locale. */
export function evaluate(formula: string, locale: FormulaLocale = 'sv-SE', rows: RawCellContent[][] = []): CellValue {
  const hf = createFormulaEngine({ language: locale })
  try {
    const sheet = hf.getSheetId(hf.addSheet('Blad1'))
    if (sheet === undefined) throw new Error('sheet not created')
    hf.setSheetContent(sheet, [...rows, [formula]])
    return hf.getCellValue({ sheet, row: rows.length, col: 0 })
  } finally {
    hf.destroy()
  }
}
