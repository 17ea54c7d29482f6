import { enGB, svSE } from 'hyperformula/i18n/languages'
import { describe, expect, it } from 'vitest'
import { ENGINE_ERROR_TEXTS, errorDisplay, errorExplanation, errorTooltip } from './error-display'
import { toCellComputed } from './mirror/computed'
import { evaluate } from './test/evaluate'

describe('error names and explanations', () => {
  it("[FD1] errors show with Excel's Swedish names, and English ones in English", () => {
    const sv = ['DIV_BY_ZERO', 'REF', 'VALUE', 'NAME', 'NA', 'NUM'].map((t) => errorDisplay(t, 'sv-SE'))
    expect(sv).toEqual(['#DIVISION/0!', '#REFERENS!', '#VÄRDEFEL!', '#NAMN?', '#SAKNAS!', '#OGILTIGT!'])
    const en = ['DIV_BY_ZERO', 'REF', 'VALUE', 'NAME', 'NA', 'NUM'].map((t) => errorDisplay(t, 'en'))
    expect(en).toEqual(['#DIV/0!', '#REF!', '#VALUE!', '#NAME?', '#N/A', '#NUM!'])
  })

  it("[FD1][FM13] the copied error texts equal HyperFormula's svSE and enGB packs", () => {
    expect(ENGINE_ERROR_TEXTS.svSE).toEqual(svSE.errors)
    expect(ENGINE_ERROR_TEXTS.enGB).toEqual(enGB.errors)
  })

  it('[FD2] a cycle shows #CYKEL! (#CYCLE!), never a silent 0; a formula that cannot be read shows #FEL!', () => {
    expect(errorDisplay('CYCLE', 'sv-SE')).toBe('#CYKEL!')
    expect(errorDisplay('CYCLE', 'en')).toBe('#CYCLE!')
    expect(errorDisplay('ERROR', 'sv-SE')).toBe('#FEL!')
    expect(errorDisplay('SOMETHING', 'sv-SE')).toBe('#FEL!')
    const cycle = toCellComputed(evaluate('=A1+1'))
    expect(cycle.error).toMatchObject({ type: 'CYCLE', display: '#CYKEL!' })
  })

  it('[FD3] the hover text names the error, says what it means and why, in the locale', () => {
    const div = toCellComputed(evaluate('=1/0')).error!
    expect(errorTooltip(div, 'sv-SE')).toBe('#DIVISION/0!: Division med noll: nämnaren är 0 eller en tom cell.')
    expect(errorTooltip(div, 'en')).toBe('#DIV/0!: Division by zero: the divisor is 0 or an empty cell.')
    const name = toCellComputed(evaluate('=OKÄND(1)')).error!
    expect(errorTooltip(name, 'sv-SE')).toBe(`#NAMN?: ${errorExplanation('NAME', 'sv-SE')} Funktionen OKÄND finns inte.`)
    expect(errorTooltip(name, 'en')).toBe(`#NAME?: ${errorExplanation('NAME', 'en')} Function name OKÄND not recognized.`)
    const cycle = toCellComputed(evaluate('=A1+1')).error!
    expect(errorTooltip(cycle, 'sv-SE')).toMatch(/^#CYKEL!: Cirkelreferens: formeln beror på sitt eget resultat/)
    // A parse error: the explanation, not the parser's English token list.
    const parse = toCellComputed(evaluate('=SUMMA(A2:')).error!
    expect(parse.message).toBe('Formeln kan inte tolkas.')
    expect(errorTooltip(parse, 'sv-SE')).toBe('#FEL!: Formeln kan inte tolkas. Öppna cellen och rätta den.')
    expect(errorTooltip(parse, 'en')).toBe('#ERROR!: The formula cannot be read. Open the cell and correct it.')
  })
})
