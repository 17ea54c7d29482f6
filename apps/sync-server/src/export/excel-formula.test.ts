import { addSheet, formulaFromA1, getSheetGrid, insertRows, openWorkbook, setCells, type ColumnSpec } from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { INLINED_FUNCTIONS, toExcelFormula } from './excel-formula'

const NUMBER: ColumnSpec = { label: '', type: 'number', editable: 'ekonom' }

/**
 * Evaluates each original formula and its Excel rewrite side by side in Samplan's own engine
 * (the rewrite uses only standard functions), on a row of inputs in A1:F1.
 */
function evaluatePairs(inputs: number[], formulas: string[]): Array<[unknown, unknown]> {
  const workbook = openWorkbook(new Y.Doc())
  const sheetId = addSheet(workbook, { name: 'Blad1', kind: 'generic', columns: Array.from({ length: 8 }, () => NUMBER) })
  insertRows(workbook, sheetId, 0, 1 + formulas.length)
  const { rowIds, colIds } = getSheetGrid(workbook, sheetId)
  setCells(workbook, sheetId, inputs.map((input, c) => ({ rowId: rowIds[0]!, colId: colIds[c]!, input })))
  setCells(
    workbook,
    sheetId,
    formulas.flatMap((formula, i) => {
      const excel = toExcelFormula(formula)
      if (!excel.ok) throw new Error(`no rewrite for ${formula}: ${excel.reason}`)
      return [
        { rowId: rowIds[i + 1]!, colId: colIds[0]!, input: formulaFromA1(workbook, sheetId, formula) },
        { rowId: rowIds[i + 1]!, colId: colIds[1]!, input: formulaFromA1(workbook, sheetId, excel.formula) },
      ]
    }),
  )
  const mirror = createWorkbookMirror(workbook)
  const values = mirror.getSheetValues(sheetId)
  mirror.destroy()
  return formulas.map((_f, i) => [values[i + 1]![0]!.value, values[i + 1]![1]!.value])
}

describe('toExcelFormula', () => {
  it('inlines every Samplan function so that the plain formula computes the same value', () => {
    const formulas = [
      '=SCHOOLVOUCHERSHARE(A1,B1)',
      '=MEETSFLOOR(C1)',
      '=MEETSFLOOR(C1,D1)',
      '=MEETSFLOOR(0.71*B1/B1,0.71)',
      '=RSUPREMIUM(A1,B1,C1,D1,E1,F1)',
      '=RSUPOTSHARE(A1,C1,B1)',
      '=RSUGRANT(170,147)',
      '=RSUFEE(A1*100,B1,C1,D1,E1,F1)',
      '=RSUFEE(1,B1,C1,D1,E1,F1)',
      '=DEFICITGRANT(61.4,74.5)',
      '=DEFICITGRANT(80,75)',
      '=STRUCTURALDEFICIT(A1:C1,D1:F1,3)',
      '=STRUCTURALDEFICIT(A1:C1,D1:F1,2)',
      '=STRUCTURALDEFICIT(D1:F1,A1:C1)',
      '=IF(F1>0,ROUND(RSUGRANT(RSUGRANT(A1,2),B1)/1000,1),0)',
    ]
    const pairs = evaluatePairs([300, 200, 0.72, 0.7, 180, 6], formulas)
    pairs.forEach(([original, excel], i) => {
      expect(typeof original, formulas[i]).not.toBe('object')
      if (typeof original === 'number') expect(excel as number, formulas[i]).toBeCloseTo(original, 9)
      else expect(excel, formulas[i]).toBe(original)
    })
    // Every Samplan function is covered above.
    for (const name of INLINED_FUNCTIONS) expect(formulas.some((f) => f.includes(`${name}(`)), name).toBe(true)
  })

  it('gives text: RSUGRANT(C9,C8) becomes ((C9)*(C8))', () => {
    expect(toExcelFormula('=RSUGRANT(C9,C8)')).toEqual({ ok: true, formula: '((C9)*(C8))' })
    expect(toExcelFormula('=SUM(B2:B5)')).toEqual({ ok: true, formula: 'SUM(B2:B5)' })
  })

  it('leaves strings and quoted sheet names alone, and renames sheets Excel needs renamed', () => {
    const renamed = new Map([['Ett mycket långt bladnamn som inte får plats', 'Ett mycket långt bladnamn som i']])
    expect(toExcelFormula(`=IF(A1>0,"RSUGRANT(1,2)",'Ett mycket långt bladnamn som inte får plats'!B2)`, renamed)).toEqual({
      ok: true,
      formula: `IF(A1>0,"RSUGRANT(1,2)",'Ett mycket långt bladnamn som i'!B2)`,
    })
    expect(toExcelFormula(`='O''Brien'!A1*1E-9`)).toEqual({ ok: true, formula: `'O''Brien'!A1*1E-9` })
  })

  it('prefixes Excel 2010+ functions with _xlfn. (else Excel shows #NAME?)', () => {
    expect(toExcelFormula('=IFS(A1>1,1,TRUE,0)+CONCAT("a","b")')).toEqual({
      ok: true,
      formula: '_xlfn.IFS(A1>1,1,TRUE,0)+_xlfn.CONCAT("a","b")',
    })
  })

  it('reports what has no Excel equivalent, so the cell can fall back to its value', () => {
    expect(toExcelFormula('=SPLIT("a b",0)')).toEqual({ ok: false, reason: 'SPLIT' })
    expect(toExcelFormula('=STRUCTURALDEFICIT(A1:C2,D1:F2)')).toEqual({ ok: false, reason: 'STRUCTURALDEFICIT' })
    expect(toExcelFormula('=RSUGRANT(1)')).toEqual({ ok: false, reason: 'RSUGRANT' })
  })

  it('never gives a formula that reaches outside the workbook (links, web calls, DDE)', () => {
    expect(toExcelFormula('=HYPERLINK("http://evil.example",A1)')).toMatchObject({ ok: false, reason: 'HYPERLINK', unsafe: { kind: 'function' } })
    expect(toExcelFormula('=IF(A1>0,WEBSERVICE("http://evil.example"),0)')).toMatchObject({ ok: false, unsafe: { name: 'WEBSERVICE' } })
    expect(toExcelFormula("=cmd|' /C calc'!A0")).toMatchObject({ ok: false, unsafe: { kind: 'dde' } })
    expect(toExcelFormula('=[1]Blad1!A1')).toMatchObject({ ok: false, unsafe: { kind: 'external-reference' } })
    expect(toExcelFormula('=IF(A1>0,"http://example.com","a|b")')).toEqual({ ok: true, formula: 'IF(A1>0,"http://example.com","a|b")' })
  })
})

