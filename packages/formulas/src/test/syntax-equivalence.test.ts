import { checkFormulaSyntax, parseUserInput, toEngineFormula } from '@samplan/domain'
import { HyperFormula } from 'hyperformula'
import { afterAll, describe, expect, it } from 'vitest'
import { engineConfig } from '../engine'
import { registerSamplanFunctions } from '../register'
import { addGridSheet, createWorkbook } from './workbook-fixture'

// The domain's entry check (domain SPEC F13) must refuse exactly what the mirror's engine cannot parse:
// every formula is converted as the grid stores it and rendered as the mirror gives it to HyperFormula.
registerSamplanFunctions()
const hf = HyperFormula.buildEmpty({ ...engineConfig('en'), maxRows: 1_048_576, maxColumns: 16_384 })
afterAll(() => hf.destroy())
const wb = createWorkbook()
const sheetId = addGridSheet(wb, 'S1', 20, 8)
addGridSheet(wb, 'Volym egen', 20, 8)

function engineText(text: string, locale: 'sv-SE' | 'en'): string {
  const stored = parseUserInput(wb, sheetId, text, locale)
  return toEngineFormula(wb, sheetId, stored as string)
}

const EN = [
  '=SUM(A1,)', '=SUM()', '=-', '=1+', '=(1', '=1)', '=A1:', '=SUM(A1:B)', '="abc', '=A:A', '=1:2', '=S1!A:A',
  "='Volym egen'!A:B", '=+1', '=1%', '=1%%', '=--1', '={1,2}', '={1,2;3,4}', '=SUM (A1)', '=A1 B1', '=TRUE()',
  '=TRUE', '=#REF!', '=#REF!+1', '=SUM(#REF!)', '=foo', '=foo(', '=foo()', '=@A1', '=1e3', '=.5', '=5.', '= ',
  '=1 + 2', '= SUM( A1 , 2 )', '=IF(A1,,2)', '=A1:B2:C3', '=INDEX(A1:B2,1,1):B3', '=(A1:B2)', '=1=1', '=1<>2',
  '=1&"a"', '=-2^2', '=2^-1', '=$A$1', '=A$1:$B2', '=S1!A1:S1!B2', '=S1!A1:B2', '=SUM(1;2)', '=1,2', '=A1!',
  '=#N/A', '=#DIV/0!', '=#NAME?', '=#VALUE!+#NUM!', '=a1', '=sum(a1)', '=SUM(A1)(', '=()', '=1 2', '=A1 ',
  '=1.2.3', '=SUM(A1:A3,)', '=ZZZZ1', '=XFD1048576', '=XFE1', '="a""b"', "='S1'!A1", "='Nope'!A1", '=Nope!A1',
  '=A1:A', '=A:1', '=1:A', '=$A:$A', '=$1:$2', '=S1!1:2', '=SUM(S1!A:A)', '=1+(2', '=1*/2', '=1++2', '=1-+-2',
  '=<1', '=1<', '=%', '=1%2', '=[1]', '=~1', '=A1#', '=?', '=1\n+2', '=SUM(\n1)', '=IF(A1>0;1;2)', '=LOG10(100)',
  '=A1.5', '=_x', '=TRUE+FALSE', '=1E', '=1e+', '=R1C1', '=RSUGRANT(B2,147.0)', '=SUM(B2:B9)/IF(C3>0,C3,1.5)',
]
const SV = [
  '=SUMMA(B2:', '=SUMMA(B2:B9)/OM(C3>0;C3;1,5)', '=SUMMA(B2:B9', '=SUMMA(B2;B3)', '=SUMMA(B2,B3)', '=B2*1.5', '=1,5',
  "='Volym egen'!C4*2", '=OM(OCH(A1>0;SANT);"ja; nej";FALSKT)', '=AVRUNDA(B2 * 1,25 ; 0)', '=#REFERENS!+1',
  '=SUMMA (B2)', '=1;2', '="oavslutad', '=RSUBIDRAG(B2;147,0)', '=OM(A1;;2)', '=SUMMA(1+;2)', '=MEDEL(B:B)',
]

describe('the entry check agrees with HyperFormula', () => {
  it.each(EN)('[F13] en %j', (text) => {
    expect(checkFormulaSyntax(text, 'en').ok).toBe(hf.validateFormula(engineText(text, 'en')))
  })
  it.each(SV)('[F13] sv-SE %j', (text) => {
    expect(checkFormulaSyntax(text, 'sv-SE').ok).toBe(hf.validateFormula(engineText(text, 'sv-SE')))
  })
})
