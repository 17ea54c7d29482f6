import { describe, expect, it } from 'vitest'
import { checkFormulaSyntax } from './syntax'

const ok = (text: string, locale: 'sv-SE' | 'en' = 'sv-SE') => checkFormulaSyntax(text, locale).ok

describe('checkFormulaSyntax', () => {
  it.each([
    '=SUMMA(B2:B9)/OM(C3>0;C3;1,5)',
    '=$B$2*B$3+$C4',
    "='Volym egen regi'!C4*2",
    '=MEDEL(Volym!B1:C3)',
    '=OM(OCH(A1>0;SANT);"ja; nej";FALSKT)',
    '=AVRUNDA(B2 * 1,25 ; 0)',
    '=RSUBIDRAG(B2;147,0)+SKOLPENGANDEL(C2;D2)',
    '=#REFERENS!+1',
    '=SUMMA(B:B)',
    '=SUMMA(2:5)',
    '=SUMMA(Volym!B:B)',
    "=SUMMA('Volym egen regi'!$B:$C)",
    '=-B2%',
    '=--1',
    '=2^-1',
    '=OM(A1;;2)',
    '=SUMMA()',
    '=FINNSINTE(1)',
    '=okäntnamn',
    '=1<>2',
    '={1;2}',
    // sv-SE accepts a comma between arguments and a decimal point, as parseUserInput stores them.
    '=SUMMA(B2,B3)',
    '=B2*1.5',
  ])('[F13] %s can be read (sv-SE)', (text) => {
    expect(checkFormulaSyntax(text, 'sv-SE')).toEqual({ ok: true })
  })

  it('[F13] text that is no formula is always fine', () => {
    expect(ok('SUMMA(B2:')).toBe(true)
    expect(ok('=')).toBe(true)
    expect(ok('')).toBe(true)
  })

  it.each([
    ['=SUMMA(B2:', 'ends-early', 'Formeln kan inte tolkas: något saknas efter ":".'],
    ['=SUMMA(B2:B9', 'unclosed-paren', 'Formeln kan inte tolkas: en avslutande parentes ) saknas.'],
    ['=SUMMA(B2:B9))', 'extra-paren', 'Formeln kan inte tolkas: en avslutande parentes ) för mycket.'],
    ['="oavslutad', 'unclosed-string', 'Formeln kan inte tolkas: en text saknar avslutande citattecken (").'],
    ['=1+', 'ends-early', 'Formeln kan inte tolkas: något saknas efter "+".'],
    ['=SUMMA(1+;2)', 'ends-early', 'Formeln kan inte tolkas: något saknas efter "+".'],
    ['=1*/2', 'unexpected', 'Formeln kan inte tolkas vid "/".'],
    ['=B2 C2', 'unexpected', 'Formeln kan inte tolkas vid "C2".'],
    ['=SUMMA (B2)', 'space-before-paren', 'Formeln kan inte tolkas: ta bort mellanslaget mellan SUMMA och (.'],
    ['=1;2', 'unexpected', 'Formeln kan inte tolkas vid ";".'],
    ['=()', 'unexpected', 'Formeln kan inte tolkas vid ")".'],
    ['= ', 'empty', 'Formeln är tom: skriv något efter =.'],
    ['=@B2', 'unexpected', 'Formeln kan inte tolkas vid "@".'],
    ['=B2:B', 'unexpected', 'Formeln kan inte tolkas vid "B".'],
    ['="a""b"', 'quote-in-text', 'Formeln kan inte tolkas: citattecken inuti en text stöds inte, använd TECKENKOD(34).'],
    ['={1;2', 'unclosed-brace', 'Formeln kan inte tolkas: en avslutande klammer } saknas.'],
  ])('[F13] %s is refused in sv-SE (%s) with a Swedish message', (text, code, message) => {
    const check = checkFormulaSyntax(text, 'sv-SE')
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.code).toBe(code)
    expect(check.message).toBe(message)
    expect(check.messageEn).toMatch(/^The formula/)
  })

  it('[F13] en: the same rules, English messages, and a semicolon between arguments is refused', () => {
    expect(ok('=SUM(B2:B9)/IF(C3>0,C3,1.5)', 'en')).toBe(true)
    expect(ok('=SUM(A1,)', 'en')).toBe(true)
    const broken = checkFormulaSyntax('=SUM(B2:', 'en')
    expect(broken).toMatchObject({ ok: false, code: 'ends-early', messageEn: 'The formula cannot be read: something is missing after ":".' })
    const semicolon = checkFormulaSyntax('=IF(A1>0;1;2)', 'en')
    expect(semicolon).toMatchObject({ ok: false, code: 'separator', messageEn: 'The formula cannot be read at ";": separate the arguments with ,' })
  })

  it('[F13] the piece it stops at is shown in the locale', () => {
    const sv = checkFormulaSyntax('=OM(SANT;1,5 2)', 'sv-SE')
    expect(sv).toMatchObject({ ok: false, at: '2' })
    const fn = checkFormulaSyntax('=1 SUMMA(1)', 'sv-SE')
    expect(fn).toMatchObject({ ok: false, at: 'SUMMA' })
  })
})
