import { describe, expect, it } from 'vitest'
import { createFormulaEngine } from './engine'
import { errorDisplay } from './error-display'
import { registerSamplanFunctions, samplanFunctionNames } from './register'

describe('createFormulaEngine', () => {
  it('[FE1] is Swedish by default: SUMMA, ; and , decimals, and accepts English input', () => {
    const hf = createFormulaEngine()
    const sheet = hf.getSheetId(hf.addSheet('Blad1'))!
    hf.setSheetContent(sheet, [[1.5, 2], ['=SUMMA(A1;B1)'], ['=SUM(A1;B1)']])
    expect(hf.getCellValue({ sheet, row: 1, col: 0 })).toBe(3.5)
    expect(hf.getCellValue({ sheet, row: 2, col: 0 })).toBe(3.5)
    expect(hf.getCellFormula({ sheet, row: 2, col: 0 })).toBe('=SUMMA(A1;B1)')
    expect(hf.getConfig().decimalSeparator).toBe(',')
    hf.destroy()
  })

  it('[FE1] [FE2] builds an English engine on request and survives repeated registration', () => {
    registerSamplanFunctions()
    registerSamplanFunctions()
    const hf = createFormulaEngine({ language: 'en' })
    const sheet = hf.getSheetId(hf.addSheet('Sheet1'))!
    hf.setCellContents({ sheet, row: 0, col: 0 }, '=RSUGRANT(2,147.5)')
    expect(hf.getCellValue({ sheet, row: 0, col: 0 })).toBe(295)
    hf.destroy()
    expect(createFormulaEngine().getConfig().language).toBe('svSE')
  })

  it('knows every function by its Swedish name', () => {
    const hf = createFormulaEngine()
    const swedish = hf.getRegisteredFunctionNames()
    for (const name of ['SKOLPENGANDEL', 'UPPFYLLERGOLV', 'RSUPREMIE', 'RSUPOTTANDEL', 'RSUBIDRAG', 'RSUAVGIFT']) {
      expect(swedish).toContain(name)
    }
    expect(swedish).toContain('STRUKTURELLTUNDERSKOTT')
    expect(swedish).toContain('UNDERSKOTTSANSLAG')
    expect(samplanFunctionNames()).toHaveLength(8)
    hf.destroy()
  })
})

describe('errorDisplay', () => {
  it('shows errors Swedish Excel style, or in English', () => {
    expect(errorDisplay('VALUE', 'sv-SE')).toBe('#VÄRDEFEL!')
    expect(errorDisplay('REF', 'sv-SE')).toBe('#REFERENS!')
    expect(errorDisplay('DIV_BY_ZERO', 'sv-SE')).toBe('#DIVISION/0!')
    expect(errorDisplay('NAME', 'sv-SE')).toBe('#NAMN?')
    expect(errorDisplay('REF', 'en')).toBe('#REF!')
    expect(errorDisplay('SOMETHING', 'en')).toBe('#ERROR!')
  })
})
