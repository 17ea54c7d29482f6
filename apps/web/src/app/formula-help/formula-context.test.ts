import { describe, expect, it } from 'vitest'
import { argumentHint, formulaContext, functionSuggestions } from './formula-context'

describe('formulaContext', () => {
  it('reads the function name being typed after `=`, an operator or a separator', () => {
    expect(formulaContext('=SU', 3, 'sv-SE')?.word).toEqual({ start: 1, text: 'SU' })
    expect(formulaContext('=1+me', 5, 'sv-SE')?.word).toEqual({ start: 3, text: 'me' })
    expect(formulaContext('=OM(A1>0;su', 11, 'sv-SE')?.word).toEqual({ start: 9, text: 'su' })
  })

  it('reads no name inside a string, after `$` or `!`, or in text that is no formula', () => {
    expect(formulaContext('="SU', 4, 'sv-SE')?.word).toBeNull()
    expect(formulaContext('=$B', 3, 'sv-SE')?.word).toBeNull()
    expect(formulaContext('=Budget!B', 9, 'sv-SE')?.word).toBeNull()
    expect(formulaContext('=1E', 3, 'sv-SE')?.word).toBeNull()
    expect(formulaContext('SU', 2, 'sv-SE')).toBeNull()
  })

  it('finds the call around the caret and which argument it is in, by the language separator', () => {
    expect(formulaContext('=SKOLPENGANDEL(B2;', 18, 'sv-SE')?.call).toEqual({
      canonical: 'SCHOOLVOUCHERSHARE',
      name: 'SKOLPENGANDEL',
      argIndex: 1,
    })
    expect(formulaContext('=SUM(B2,', 8, 'en')?.call).toEqual({ canonical: 'SUM', name: 'SUM', argIndex: 1 })
    expect(formulaContext('=SUMMA(B2;MAX(1;2', 17, 'sv-SE')?.call).toEqual({ canonical: 'MAX', name: 'MAX', argIndex: 1 })
    expect(formulaContext('=SUMMA(B2;MAX(1;2);', 19, 'sv-SE')?.call).toEqual({ canonical: 'SUM', name: 'SUMMA', argIndex: 2 })
    expect(formulaContext("=SUMMA('Blad;1'!B2", 18, 'sv-SE')?.call?.argIndex).toBe(0)
    expect(formulaContext('=SUMMA(B2)', 10, 'sv-SE')?.call).toBeNull()
  })
})

describe('functionSuggestions', () => {
  it('[FH3] offers functions by their Swedish names with Swedish descriptions', () => {
    const names = functionSuggestions('su', 'sv-SE').map((s) => s.name)
    expect(names).toEqual(['SUMMA', 'SUMMA.OM', 'SUMMA.OMF'])
    expect(functionSuggestions('SKOL', 'sv-SE')[0]).toMatchObject({
      name: 'SKOLPENGANDEL',
      description: 'Skolpeng per elev som andel av KF:s schablon.',
    })
  })

  it('[FH3] offers the English names in the English formula language', () => {
    expect(functionSuggestions('SU', 'en').map((s) => s.name)).toEqual(['SUM', 'SUMIF', 'SUMIFS', 'SUMPRODUCT'])
  })

  it('[FH3] sorts Å, Ä and Ö after Z, as Swedish does', () => {
    expect(functionSuggestions('', 'sv-SE', 100).at(-1)?.name).toBe('ÄRTOM')
  })
})

describe('argumentHint', () => {
  it('marks the current argument and writes the sv-SE separator', () => {
    const parts = argumentHint({ canonical: 'SCHOOLVOUCHERSHARE', name: 'SKOLPENGANDEL', argIndex: 1 }, 'sv-SE')
    expect(parts?.map((p) => p.text).join('')).toBe('SKOLPENGANDEL(skolpeng; schablon)')
    expect(parts?.filter((p) => p.current).map((p) => p.text)).toEqual(['schablon'])
  })

  it('keeps a repeating last argument current past its position', () => {
    const parts = argumentHint({ canonical: 'SUM', name: 'SUM', argIndex: 4 }, 'en')
    expect(parts?.map((p) => p.text).join('')).toBe('SUM(number1, [number2]…)')
    expect(parts?.find((p) => p.current)?.text).toBe('[number2]…')
  })
})
