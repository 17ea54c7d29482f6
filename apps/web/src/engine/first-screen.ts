import { type Api, columnLetters, type FormulaLocale, type SheetGrid } from '@samplan/domain'
import type { CellComputed } from '@samplan/formulas'
import { serverAnswerOrNull } from './computed-seed'
import { cellView } from '../grid/cell-view'
import { sheetLayout } from '../grid/sheet-layout'

/** `localStorage[FIRST_SCREEN_OFF_KEY] = '1'` opens without the first screen (the cold-open benchmark compares the two). */
export const FIRST_SCREEN_OFF_KEY = 'samplan:first-screen-off'

/** Whether this page opens without the first screen (the switch is set). */
export function firstScreenOff(): boolean {
  try {
    return localStorage.getItem(FIRST_SCREEN_OFF_KEY) === '1'
  } catch {
    // Storage refused (a sandboxed frame): the default.
    return false
  }
}

/** The grid's smallest row height: a window this many pixels tall shows at most one row per this. */
const MIN_ROW_PX = 22
/** Rows beyond the window, so a taller window or a small scroll before the grid is there still finds rows. */
const SPARE_ROWS = 10

/** How many rows of the first sheet fill a window `height` pixels tall (the server caps it at 200). */
export function firstScreenRows(height: number): number {
  return Math.min(200, Math.max(1, Math.ceil(height / MIN_ROW_PX) + SPARE_ROWS))
}

/** One painted cell of the first screen: what the grid would show there, and how many columns it spans. */
export interface FirstScreenCell {
  address: string
  text: string
  classes: string[]
  title: string
  colSpan: number
}

/** The first screen as a table: column headers, then each row's number and cells (a spanning row has fewer). */
export interface FirstScreenTable {
  sheetId: string
  headers: string[]
  rows: Array<{ label: string; frozen: boolean; cells: FirstScreenCell[] }>
  widths: number[]
}

/**
 * The server's first screen (`Api.FirstScreen`) as the grid would draw it: every cell through the grid's own
 * `cellView` (column formats, row kinds, errors), formula cells with the server's values (empty where it sent
 * none), note and section rows spanning the sheet as the grid merges them.
 */
export function firstScreenTable(screen: Api.FirstScreen, locale: FormulaLocale): FirstScreenTable {
  const computed = new Map<string, CellComputed>()
  for (const [row, col, value] of screen.values) computed.set(`${row}:${col}`, value)
  // The grid's layout reads the sheet's specs and texts only; ids do not matter here.
  const grid: SheetGrid = {
    sheet: { id: screen.sheetId, name: screen.name, kind: 'generic', frozenRows: screen.frozenRows },
    rowIds: screen.rows.map((_, i) => String(i)),
    colIds: screen.columns.map((_, i) => String(i)),
    columns: screen.columns,
    rows: screen.rows,
  }
  const texts = screen.inputs.map((row) => row.map((input) => (input === null ? '' : String(input))))
  const layout = sheetLayout(grid, texts)
  const spanning = new Set(layout.mergeCells.map((merge) => merge.row))
  const width = screen.columns.length
  return {
    sheetId: screen.sheetId,
    headers: screen.columns.map((column, index) => (column.unit ? `${columnLetters(index)} · ${column.unit}` : columnLetters(index))),
    widths: layout.colWidths,
    rows: screen.rows.map((row, r) => {
      const inputs = screen.inputs[r] ?? []
      const cols = spanning.has(r) ? 1 : width
      const cells: FirstScreenCell[] = []
      for (let c = 0; c < cols; c++) {
        const input = inputs[c] ?? undefined
        const column = screen.columns[c]
        const isFormula = typeof input === 'string' && input.startsWith('=')
        const value: CellComputed | undefined = isFormula
          ? computed.get(`${r}:${c}`)
          : input === undefined || input === null
            ? undefined
            : { value: input }
        const address = `${columnLetters(c)}${r + 1}`
        const view = cellView({
          locale,
          address,
          column,
          row,
          computed: value,
          input: input === null ? undefined : input,
          readOnly: column?.editable === 'locked',
          highlightEditable: false,
          commented: false,
          peers: [],
          sumWarning: undefined,
          overwritten: undefined,
        })
        cells.push({ address, text: view.text, classes: view.classes, title: view.title, colSpan: spanning.has(r) ? width : 1 })
      }
      return { label: String(r + 1), frozen: r < screen.frozenRows, cells }
    }),
  }
}

/** The server's first screen, or null when it has none to give (an older server, offline, no such workbook). */
export function fetchFirstScreen(fetchScreen: () => Promise<Api.FirstScreen>): Promise<Api.FirstScreen | null> {
  return serverAnswerOrNull('First screen from the server', fetchScreen)
}
