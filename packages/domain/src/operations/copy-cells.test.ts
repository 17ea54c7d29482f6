import { describe, expect, it } from 'vitest'
import { renderInput } from '../input/text'
import { getCellInput } from '../model/read'
import type { Workbook } from '../model/workbook'
import { a1, budgetAndVolym, cellAt } from '../testing'
import { setCellFromText } from './cells'
import { CopiedBlock, copyCells, fillCells, pasteCells, type CellRect } from './copy-cells'
import { deleteRows, insertRows } from './structure'

const setup = (rows = 10, cols = 6) => budgetAndVolym(rows, cols)

function type(wb: Workbook, sheet: string, at: string, text: string): void {
  const { rowId, colId } = cellAt(wb, sheet, at)
  setCellFromText(wb, sheet, rowId, colId, text, 'sv-SE')
}

function shown(wb: Workbook, sheet: string, at: string, locale: 'sv-SE' | 'en' = 'sv-SE'): string {
  const { rowId, colId } = cellAt(wb, sheet, at)
  return renderInput(wb, sheet, getCellInput(wb, sheet, rowId, colId) ?? null, locale)
}

function stored(wb: Workbook, sheet: string, at: string) {
  const { rowId, colId } = cellAt(wb, sheet, at)
  return getCellInput(wb, sheet, rowId, colId)
}

/** `B2:C4` -> a CellRect. */
function rect(range: string): CellRect {
  const [from, to = from] = range.split(':') as [string, string?]
  const a = a1(from)
  const b = a1(to)
  return { top: a.row, left: a.col, bottom: b.row, right: b.col }
}

describe('copy and paste (F11, F12)', () => {
  it('[F11] a copied total pasted one column right sums that column, by the ids now there', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'B5', '=SUMMA(B2:B4)')
    const block = copyCells(wb, budget, rect('B5'))
    expect(block.cells).toEqual([['=SUM(B2:B4)']])
    pasteCells(wb, budget, rect('C5'), block)
    expect(shown(wb, budget, 'C5')).toBe('=SUMMA(C2:C4)')
    const c2 = cellAt(wb, budget, 'C2')
    const c4 = cellAt(wb, budget, 'C4')
    expect(stored(wb, budget, 'C5')).toBe(`=SUM({@${c2.colId}.${c2.rowId}:${c4.colId}.${c4.rowId}})`)
    // Stored by id: a row inserted inside the range is counted, as for a typed formula (F2).
    insertRows(wb, budget, 2, 1)
    expect(shown(wb, budget, 'C6')).toBe('=SUMMA(C2:C5)')
  })

  it('[F11] $ parts stay, relative parts move, in both directions', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'C3', '=$B$2*B3+B$2+$A3')
    pasteCells(wb, budget, rect('D5'), copyCells(wb, budget, rect('C3')))
    expect(shown(wb, budget, 'D5')).toBe('=$B$2*C5+C$2+$A5')
    pasteCells(wb, budget, rect('B2'), copyCells(wb, budget, rect('C3')))
    expect(shown(wb, budget, 'B2')).toBe('=$B$2*A2+A$2+$A2')
  })

  it('[F11] a reference moved off the sheet becomes #REFERENS!, and so does one to a deleted row', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'D2', '=C2-B2')
    pasteCells(wb, budget, rect('B2'), copyCells(wb, budget, rect('D2')))
    expect(shown(wb, budget, 'B2')).toBe('=A2-#REFERENS!')
    expect(shown(wb, budget, 'B2', 'en')).toBe('=A2-#REF!')
    type(wb, budget, 'E6', '=B3+B4')
    deleteRows(wb, budget, 2, 1) // row 3 goes; E6 is now E5 and reads =#REFERENS!+B3
    expect(shown(wb, budget, 'E5')).toBe('=#REFERENS!+B3')
    pasteCells(wb, budget, rect('F5'), copyCells(wb, budget, rect('E5')))
    expect(shown(wb, budget, 'F5')).toBe('=#REFERENS!+C3')
  })

  it('[F11] a range whose corner row was deleted is copied as the rows it covers now (F6)', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'B9', '=SUMMA(B2:B8)')
    deleteRows(wb, budget, 1, 1)
    expect(shown(wb, budget, 'B8')).toBe('=SUMMA(B2:B7)')
    pasteCells(wb, budget, rect('C8'), copyCells(wb, budget, rect('B8')))
    expect(shown(wb, budget, 'C8')).toBe('=SUMMA(C2:C7)')
  })

  it('[F11] references beyond the grid stay positional, as typed (F4)', () => {
    const { wb, budget } = setup(10, 6)
    type(wb, budget, 'B10', '=B9+B12')
    pasteCells(wb, budget, rect('C10'), copyCells(wb, budget, rect('B10')))
    expect(shown(wb, budget, 'C10')).toBe('=C9+C12')
    expect(stored(wb, budget, 'C10')).toMatch(/^=\{@[^}]+\}\+C12$/)
  })

  it('[F11] pasted on another sheet, references without a sheet mean that sheet; named sheets stay', () => {
    const { wb, budget, volym } = setup()
    type(wb, budget, 'B5', '=SUMMA(B2:B4)+Volym!C2')
    pasteCells(wb, volym, rect('C5'), copyCells(wb, budget, rect('B5')))
    expect(shown(wb, volym, 'C5')).toBe('=SUMMA(C2:C4)+Volym!D2')
  })

  it('[F12] a cut formula moves unchanged; to another sheet it names the sheet it came from', () => {
    const { wb, budget, volym } = setup()
    type(wb, budget, 'B5', '=SUMMA(B2:B4)')
    const cut = copyCells(wb, budget, rect('B5'), 'cut')
    pasteCells(wb, budget, rect('D7'), cut)
    expect(shown(wb, budget, 'D7')).toBe('=SUMMA(B2:B4)')
    pasteCells(wb, volym, rect('D7'), cut)
    expect(shown(wb, volym, 'D7')).toBe('=SUMMA(Budget!B2:B4)')
  })

  it('[F12] values are pasted as stored; a copy repeats over a selection that is a whole multiple of it', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'B2', '1,5')
    type(wb, budget, 'C2', "'007")
    type(wb, budget, 'D2', '=B2*2')
    const block = copyCells(wb, budget, rect('B2:D2'))
    expect(block.cells).toEqual([[1.5, '007', '=B2*2']])
    pasteCells(wb, budget, rect('B4:D5'), block)
    expect([stored(wb, budget, 'B5'), stored(wb, budget, 'C5')]).toEqual([1.5, '007'])
    expect(shown(wb, budget, 'D4')).toBe('=B4*2')
    expect(shown(wb, budget, 'D5')).toBe('=B5*2')
    // One cell fills the whole selection; a selection that is not a multiple gets the block once, at its top-left cell.
    pasteCells(wb, budget, rect('E7:F8'), copyCells(wb, budget, rect('D2')))
    expect(['E7', 'F7', 'E8', 'F8'].map((a) => shown(wb, budget, a))).toEqual(['=C7*2', '=D7*2', '=C8*2', '=D8*2'])
    pasteCells(wb, budget, rect('B9:D10'), copyCells(wb, budget, rect('C2:D2')))
    expect([stored(wb, budget, 'B9'), shown(wb, budget, 'C9')]).toEqual(['007', '=A9*2'])
    expect([stored(wb, budget, 'D9'), stored(wb, budget, 'B10')]).toEqual([undefined, undefined])
  })

  it('[F12] cells the person may not write are left alone and counted; cells beyond the grid are dropped', () => {
    const { wb, budget } = setup(4, 3)
    type(wb, budget, 'B2', '=A2')
    const block = copyCells(wb, budget, rect('B2:C3'))
    const result = pasteCells(wb, budget, rect('B3'), block, { canWrite: (_row, col) => col !== 2 })
    expect(result).toEqual({ area: rect('B3:C4'), written: 2, skipped: 2 })
    expect(shown(wb, budget, 'B3')).toBe('=A3')
    const beyond = pasteCells(wb, budget, rect('C4'), block)
    expect(beyond.area).toEqual(rect('C4'))
  })

  it('[F12] a clipboard block is plain JSON and the schema refuses anything else', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'B5', '=SUMMA(B2:B4)')
    const block = copyCells(wb, budget, rect('A5:B5'))
    expect(CopiedBlock.parse(JSON.parse(JSON.stringify(block)))).toEqual(block)
    expect(CopiedBlock.safeParse({ ...block, cells: [[{ evil: true }]] }).success).toBe(false)
    expect(CopiedBlock.safeParse({ ...block, format: 'other' }).success).toBe(false)
    expect(CopiedBlock.safeParse({ ...block, cells: [] }).success).toBe(false)
  })
})

describe('fill (fill handle, Ctrl+D, Ctrl+R) (F11)', () => {
  it('[F11] Ctrl+R: the left column fills the selection, each formula moved by its distance', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'B5', '=SUMMA(B2:B4)')
    fillCells(wb, budget, rect('B5'), rect('B5:E5'))
    expect(['C5', 'D5', 'E5'].map((a) => shown(wb, budget, a))).toEqual(['=SUMMA(C2:C4)', '=SUMMA(D2:D4)', '=SUMMA(E2:E4)'])
  })

  it('[F11] Ctrl+D and the fill handle repeat a pattern of several cells, downwards and upwards', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'D4', '=B4-C4')
    type(wb, budget, 'D5', '=$B$1*C5')
    fillCells(wb, budget, rect('D4:D5'), rect('D6:D9'))
    expect(['D6', 'D7', 'D8', 'D9'].map((a) => shown(wb, budget, a))).toEqual(['=B6-C6', '=$B$1*C7', '=B8-C8', '=$B$1*C9'])
    // Dragged up, the cell just above the source copies the source's last cell.
    fillCells(wb, budget, rect('D4:D5'), rect('D1:D3'))
    expect(['D1', 'D2', 'D3'].map((a) => shown(wb, budget, a))).toEqual(['=$B$1*C1', '=B2-C2', '=$B$1*C3'])
  })

  it('[F11] fill leaves the source alone and skips cells the person may not write', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'B2', '=A2')
    const result = fillCells(wb, budget, rect('B2'), rect('B2:B5'), { canWrite: (row) => row !== 3 })
    expect(result.skipped).toBe(1)
    expect(shown(wb, budget, 'B3')).toBe('=A3')
    expect(stored(wb, budget, 'B4')).toBeUndefined()
    expect(shown(wb, budget, 'B5')).toBe('=A5')
  })

  it('[F11][C7] one fill is one transaction (one undo step)', () => {
    const { wb, budget } = setup()
    type(wb, budget, 'B2', '=A2')
    let transactions = 0
    wb.doc.on('afterTransaction', () => transactions++)
    fillCells(wb, budget, rect('B2'), rect('B2:B9'))
    expect(transactions).toBe(1)
  })
})
