/**
 * The browser reference page: bare Handsontable + HyperFormula fed the same sheets as Samplan's
 * benchmark workbook (fetched as JSON), showing the first sheet's computed values.
 */
import Handsontable from 'handsontable/base'
import { registerAllModules } from 'handsontable/registry'
import { mainTheme, registerTheme } from 'handsontable/themes'
import { HyperFormula, type RawCellContent } from 'hyperformula'

registerAllModules()
const theme = registerTheme(mainTheme)

const sheets = (await (await fetch('/sheets.json')).json()) as Record<string, RawCellContent[][]>
const engine = HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3' })
const first = Object.keys(sheets)[0]!
const container = document.getElementById('grid')!
new Handsontable(container, {
  data: engine.getSheetValues(engine.getSheetId(first)!) as Handsontable.CellValue[][],
  theme,
  licenseKey: 'non-commercial-and-evaluation',
  rowHeaders: true,
  colHeaders: true,
  height: '100%',
  width: '100%',
  colWidths: 110,
})
