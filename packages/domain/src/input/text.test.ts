import { describe, expect, it } from 'vitest'
import { getCellInput, getSheetGrid } from '../model/read'
import type { Workbook } from '../model/workbook'
import { setCellFromText, setCells } from '../operations/cells'
import { renameSheet } from '../operations/sheets'
import { deleteColumns, deleteRows, insertColumns, insertRows } from '../operations/structure'
import type { ColumnSpec } from '../schema/sheet'
import { budgetAndVolym, cellAt } from '../testing'
import { formulaFromA1, parseUserInput, renderInput, toEngineFormula } from './text'

const NUM: ColumnSpec = { label: 'Tal', type: 'number', editable: 'ekonom' }

const setup = (rows = 10, cols = 5) => budgetAndVolym(rows, cols)

/** Types text into a cell (A1) and returns what the user sees when editing it again. */
function typeAndShow(wb: Workbook, sheet: string, at: string, text: string, locale: 'sv-SE' | 'en'): string {
  const { rowId, colId } = cellAt(wb, sheet, at)
  setCellFromText(wb, sheet, rowId, colId, text, locale)
  return renderInput(wb, sheet, getCellInput(wb, sheet, rowId, colId), locale)
}

function shown(wb: Workbook, sheet: string, at: string, locale: 'sv-SE' | 'en' = 'sv-SE'): string {
  const { rowId, colId } = cellAt(wb, sheet, at)
  return renderInput(wb, sheet, getCellInput(wb, sheet, rowId, colId), locale)
}

function engine(wb: Workbook, sheet: string, at: string): string {
  const { rowId, colId } = cellAt(wb, sheet, at)
  return toEngineFormula(wb, sheet, getCellInput(wb, sheet, rowId, colId) as string)
}

describe('formula round trip', () => {
  it.each([
    '=SUMMA(B2:B9)/OM(C3>0;C3;1)',
    '=SUMMA(B2:B9)/OM(C3>0;C3;1,5)',
    '=$B$2*B$3+$C4',
    "='Volym'!C4*2",
    '=MEDEL(Volym!B1:C3)',
    '=OM(OCH(A1>0;SANT);"ja; nej";FALSKT)',
    '=AVRUNDA(B2 * 1,25 ; 0)',
    '=RSUBIDRAG(B2;147,0)+SKOLPENGANDEL(C2;D2)',
    '=#REFERENS!+1',
    '=B1000+1',
    "='Finns inte'!A1",
  ])('[F3] %s typed in Swedish comes back identical', (text) => {
    const { wb, budget } = setup()
    expect(typeAndShow(wb, budget, 'E10', text, 'sv-SE')).toBe(text)
  })

  it.each(['=SUM(B2:B9)/IF(C3>0,C3,1.5)', "='Volym'!C4", '=ROUND(B2,0)&"a,b"', '=TRUE'])(
    '[F3] %s typed in English comes back identical',
    (text) => {
      const { wb, budget } = setup()
      expect(typeAndShow(wb, budget, 'E10', text, 'en')).toBe(text)
    },
  )

  it.each(['=SUMMA(B2:B9', '="oavslutad', '=1++;)', "='oavslutat blad!A1", '=#'])(
    '[F9] the unparsable formula %s is stored and shown back as typed',
    (text) => {
      const { wb, budget } = setup()
      expect(typeAndShow(wb, budget, 'E10', text, 'sv-SE')).toBe(text)
    },
  )

  it('[F3][F7] a Swedish sheet name typed without quotes comes back without them; the engine gets them quoted', () => {
    const { wb, budget, volym } = setup()
    renameSheet(wb, volym, 'Särskilt')
    expect(typeAndShow(wb, budget, 'A1', '=Särskilt!B2*2', 'sv-SE')).toBe('=Särskilt!B2*2')
    expect(engine(wb, budget, 'A1')).toBe("='Särskilt'!B2*2")
    renameSheet(wb, volym, 'Särskilt stöd')
    expect(shown(wb, budget, 'A1')).toBe("='Särskilt stöd'!B2*2")
  })

  it('[F1][F7] the engine gets canonical English A1 with quoted sheet names', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'E10', '=SUMMA(B2:B9)/OM(C3>0;C3;1,5)+Volym!C4', 'sv-SE')
    expect(engine(wb, budget, 'E10')).toBe("=SUM(B2:B9)/IF(C3>0,C3,1.5)+'Volym'!C4")
  })

  it('[F3] a Swedish formula shows in English and back', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'A1', '=OM(B2>=1,5;"x";FALSKT)', 'sv-SE')
    expect(shown(wb, budget, 'A1', 'en')).toBe('=IF(B2>=1.5,"x",FALSE)')
  })

  it('[F8] English function names typed in Swedish are accepted and shown in Swedish', () => {
    const { wb, budget } = setup()
    expect(typeAndShow(wb, budget, 'A1', '=SUM(B2:B3)', 'sv-SE')).toBe('=SUMMA(B2:B3)')
    expect(typeAndShow(wb, budget, 'A1', '=summa(b2:b3)', 'sv-SE')).toBe('=SUMMA(B2:B3)')
  })

  it('[F2] references are stored by id, not position', () => {
    const { wb, budget, volym } = setup()
    const stored = formulaFromA1(wb, budget, "=SUM(B2:B3)+'Volym'!$C$4")
    const b2 = cellAt(wb, budget, 'B2')
    const b3 = cellAt(wb, budget, 'B3')
    const c4 = cellAt(wb, volym, 'C4')
    expect(stored).toBe(`=SUM({@${b2.colId}.${b2.rowId}:${b3.colId}.${b3.rowId}})+{@'${volym}!$${c4.colId}.$${c4.rowId}}`)
    // Outside the id tokens (random ids may hold any two characters, `B2` too).
    expect(stored.replace(/\{@[^}]*\}/g, '')).not.toMatch(/B2|C4/)
  })

  it('[F4] a reference outside the grid stays positional', () => {
    const { wb, budget } = setup(3, 3)
    const stored = formulaFromA1(wb, budget, '=SUM(A1:A50)+Z1')
    expect(stored).toBe('=SUM(A1:A50)+Z1')
  })
})

describe('references follow structure', () => {
  it('[F2] inserting rows above moves the references', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'E10', '=SUMMA(B2:B9)+$C$3', 'sv-SE')
    insertRows(wb, budget, 0, 2)
    expect(shown(wb, budget, 'E12')).toBe('=SUMMA(B4:B11)+$C$5')
  })

  it('[F2] inserting inside a range extends it', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'E10', '=SUMMA(B2:B9)', 'sv-SE')
    insertRows(wb, budget, 4, 1)
    expect(shown(wb, budget, 'E11')).toBe('=SUMMA(B2:B10)')
  })

  it('[F2] inserting columns moves column letters', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'E10', '=B2+$C$2', 'sv-SE')
    insertColumns(wb, budget, 0, [NUM])
    expect(shown(wb, budget, 'F10')).toBe('=C2+$D$2')
  })

  it('[F5] a reference to a deleted row renders #REF! (#REFERENS! in Swedish)', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'E10', '=B3*2+B4', 'sv-SE')
    deleteRows(wb, budget, 2, 1)
    expect(shown(wb, budget, 'E9')).toBe('=#REFERENS!*2+B3')
    expect(engine(wb, budget, 'E9')).toBe('=#REF!*2+B3')
  })

  it('[F5] a reference to a deleted column renders #REF!', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'E10', '=C3+D3', 'sv-SE')
    deleteColumns(wb, budget, 2, 1)
    expect(shown(wb, budget, 'D10', 'en')).toBe('=#REF!+C3')
  })

  it('[F6] a range whose top corner row is deleted shrinks to the surviving rows', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'E10', '=SUMMA(B2:B9)', 'sv-SE')
    deleteRows(wb, budget, 1, 1)
    expect(shown(wb, budget, 'E9')).toBe('=SUMMA(B2:B8)')
  })

  it('[F6] a range whose bottom corner rows are deleted shrinks upward', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'E10', '=SUMMA(B2:B9)', 'sv-SE')
    deleteRows(wb, budget, 6, 3)
    expect(shown(wb, budget, 'E7')).toBe('=SUMMA(B2:B6)')
  })

  it('[F6] a range whose every row is deleted renders #REF!', () => {
    const { wb, budget } = setup()
    typeAndShow(wb, budget, 'E10', '=SUMMA(B2:B3)+1', 'sv-SE')
    deleteRows(wb, budget, 1, 2)
    expect(shown(wb, budget, 'E8')).toBe('=SUMMA(#REFERENS!)+1')
  })

  it('[F6] a range in another sheet shrinks when its corner column is deleted', () => {
    const { wb, budget, volym } = setup()
    typeAndShow(wb, budget, 'A1', '=SUMMA(Volym!B2:D2)', 'sv-SE')
    deleteColumns(wb, volym, 3, 1)
    expect(shown(wb, budget, 'A1')).toBe('=SUMMA(Volym!B2:C2)')
  })

  it('[F10] renaming a sheet renames it in every formula', () => {
    const { wb, budget, volym } = setup()
    typeAndShow(wb, budget, 'A1', '=Volym!C4', 'sv-SE')
    renameSheet(wb, volym, 'Volym egen regi')
    expect(shown(wb, budget, 'A1')).toBe("='Volym egen regi'!C4")
  })

  it('[C3] cells of deleted rows leave the cell map', () => {
    const { wb, budget } = setup()
    const { rowId, colId } = cellAt(wb, budget, 'B3')
    setCells(wb, budget, [{ rowId, colId, input: 5 }])
    deleteRows(wb, budget, 2, 1)
    expect(getCellInput(wb, budget, rowId, colId)).toBeUndefined()
    expect(getSheetGrid(wb, budget).rowIds).not.toContain(rowId)
  })
})

describe('parseUserInput', () => {
  it.each<[string, unknown]>([
    ['1,5', 1.5],
    ['-1,5', -1.5],
    ['20 684,1', 20684.1],
    ['20\u00A0684,1', 20684.1],
    ['74 %', 0.74],
    ['1e3', 1000],
    ['', null],
    ['abc', 'abc'],
    ['1.5', '1.5'],
    ["'123", '123'],
    ['SANT', true],
  ])('[I1-I5] sv-SE %j -> %j', (text, expected) => {
    const { wb, budget } = setup()
    expect(parseUserInput(wb, budget, text, 'sv-SE')).toEqual(expected)
  })

  it.each<[string, unknown]>([
    ['1.5', 1.5],
    ['1,234.5', 1234.5],
    ['74%', 0.74],
    ['1,5', '1,5'],
    ['FALSE', false],
  ])('[I1] en %j -> %j', (text, expected) => {
    const { wb, budget } = setup()
    expect(parseUserInput(wb, budget, text, 'en')).toEqual(expected)
  })

  it('[I1] numbers render with the locale decimal mark and no grouping', () => {
    const { wb, budget } = setup()
    expect(renderInput(wb, budget, 20684.1, 'sv-SE')).toBe('20684,1')
    expect(renderInput(wb, budget, 20684.1, 'en')).toBe('20684.1')
  })

  it('[I3] text that would read as a number renders with an apostrophe and stays text', () => {
    const { wb, budget } = setup()
    const shownText = renderInput(wb, budget, '123', 'sv-SE')
    expect(shownText).toBe("'123")
    expect(parseUserInput(wb, budget, shownText, 'sv-SE')).toBe('123')
  })
})
