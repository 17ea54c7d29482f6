import { describe, expect, it } from 'vitest'
import { evaluate } from '../test/evaluate'
import { toCellComputed } from './computed'

describe('toCellComputed', () => {
  it('keeps plain values and turns errors into Swedish display text and messages', () => {
    expect(toCellComputed(42)).toEqual({ value: 42 })
    expect(toCellComputed(null)).toEqual({ value: null })
    expect(toCellComputed(evaluate('=RSUBIDRAG(170)'))).toEqual({
      value: null,
      error: { type: 'NA', display: '#SAKNAS!', message: 'Fel antal argument.', messageEn: 'Wrong number of arguments.' },
    })
    expect(toCellComputed(evaluate('=OKÄND(1)'))).toMatchObject({ error: { type: 'NAME', display: '#NAMN?', message: 'Funktionen OKÄND finns inte.' } })
    expect(toCellComputed(evaluate('=RSUPREMIE(-1;0;0;60;349;469)'))).toMatchObject({
      error: { display: '#VÄRDEFEL!', message: 'Argumentet elever F-3 får inte vara negativt.' },
    })
  })
})
