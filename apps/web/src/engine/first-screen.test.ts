import type { Api } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { firstScreenRows, firstScreenTable } from './first-screen'

const plain = (text: string) => text.replace(/\u00a0|\u202f/g, ' ')

/** A label column and a column of mnkr with one decimal: a title row, a note, two data rows and their sum. */
const screen: Api.FirstScreen = {
  sheetId: 'budget',
  name: 'Budget',
  frozenRows: 1,
  rowCount: 40,
  stateVector: '',
  columns: [
    { label: 'Post', type: 'text', editable: 'locked' },
    { label: 'Budget', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom', width: 140 },
  ],
  rows: [{ kind: 'header' }, { kind: 'note' }, { kind: 'data' }, { kind: 'data' }, { kind: 'summa' }, { kind: 'summa' }],
  inputs: [
    ['Post', 'Budget 2024'],
    ['Källa: nämndens beslut', null],
    ['Kostnader', 20684.1],
    ['Intäkter', -297],
    ['Netto', '=SUM(B3:B4)'],
    ['Netto igen', '=B5'],
  ],
  values: [[4, 1, { value: 20387.1 }]],
}

describe('the first screen', () => {
  it('[FM15] draws every cell as the grid formats it, formula cells with the server values and none without', () => {
    const table = firstScreenTable(screen, 'sv-SE')
    expect(table.headers).toEqual(['A', 'B · mnkr'])
    expect(table.widths).toEqual([110, 140])
    expect(table.rows.map((row) => row.frozen)).toEqual([true, false, false, false, false, false])
    const text = (row: number, col: number) => plain(table.rows[row]!.cells[col]!.text)
    expect(text(2, 1)).toBe('20 684,1')
    expect(text(3, 1)).toBe('-297,0')
    expect(text(4, 1)).toBe('20 387,1')
    // The server sent no value for B6: it stays empty rather than show a guess.
    expect(text(5, 1)).toBe('')
    expect(table.rows[4]!.cells[1]!.classes).toEqual(expect.arrayContaining(['sp-num', 'sp-row-summa']))
    expect(table.rows[4]!.cells.map((cell) => cell.address)).toEqual(['A5', 'B5'])
  })

  it('[FM15] spans a note row over the sheet, as the grid merges it', () => {
    const { rows } = firstScreenTable(screen, 'sv-SE')
    expect(rows[1]!.cells).toHaveLength(1)
    expect(rows[1]!.cells[0]).toMatchObject({ address: 'A2', text: 'Källa: nämndens beslut', colSpan: 2 })
  })

  it('[FM15] formats in English too', () => {
    const { rows } = firstScreenTable(screen, 'en')
    expect(plain(rows[4]!.cells[1]!.text)).toBe('20,387.1')
  })

  it('asks for a window of rows and some more, never more than the server gives', () => {
    expect(firstScreenRows(900)).toBe(Math.ceil(900 / 22) + 10)
    expect(firstScreenRows(0)).toBe(10)
    expect(firstScreenRows(100_000)).toBe(200)
  })
})
