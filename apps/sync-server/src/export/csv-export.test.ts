import { findSheetByName, getSheetGrid, setCells } from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import { describe, expect, it } from 'vitest'
import { exportSheetCsv } from './csv-export'
import { buildSheetTable } from './sheet-table'
import { createVp2024Workbook } from './test-support'

function budgetTable() {
  const workbook = createVp2024Workbook()
  const mirror = createWorkbookMirror(workbook)
  const sheet = findSheetByName(workbook, 'Budget')!
  return { workbook, mirror, sheet, table: () => buildSheetTable(workbook, mirror, sheet.id) }
}

describe('csv export', () => {
  it('writes the Swedish convention: BOM, ";" between fields, "," decimals, CRLF, computed values', () => {
    const { mirror, table } = budgetTable()
    const csv = exportSheetCsv(table(), 'sv')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines[0]).toBe('Driftsbudget, mnkr;Budget 2023;Budget 2024;Ökning (+)/ minskning (-)')
    expect(lines[1]).toBe('Kostnader;19494,6;20684,1;1189,5')
    expect(lines[3]).toMatch(/^Netto KF Budget;18961,8;20387,1;1425,3\d*$/)
    expect(lines.at(-1)).toBe('')
    mirror.destroy()
  })

  it('writes RFC 4180: "," between fields, "." decimals, quotes around fields holding "," or quotes, no BOM', () => {
    const { mirror, table } = budgetTable()
    const lines = exportSheetCsv(table(), 'rfc4180').split('\r\n')
    expect(lines[0]).toBe('"Driftsbudget, mnkr",Budget 2023,Budget 2024,Ökning (+)/ minskning (-)')
    expect(lines[1]).toBe('Kostnader,19494.6,20684.1,1189.5')
    expect(lines[3]).toMatch(/^Netto KF Budget,18961.8,20387.1,1425.3\d*$/)
    mirror.destroy()
  })

  it('quotes embedded quotes and line breaks, and keeps formula-like text as text', () => {
    const { workbook, mirror, sheet, table } = budgetTable()
    const grid = getSheetGrid(workbook, sheet.id)
    setCells(workbook, sheet.id, [
      { rowId: grid.rowIds[1]!, colId: grid.colIds[0]!, input: 'Kostnader "brutto";\nrad två' },
      { rowId: grid.rowIds[2]!, colId: grid.colIds[0]!, input: '-Intäkter' },
    ])
    const lines = exportSheetCsv(table(), 'sv').slice(1).split('\r\n')
    expect(lines[1]).toBe('"Kostnader ""brutto"";\nrad två";19494,6;20684,1;1189,5')
    expect(lines[2]).toMatch(/^'-Intäkter;532,8;297;-235,8/)
    mirror.destroy()
  })

  it('neutralises CSV injection (OWASP): text starting with = + - @ tab or CR gets an apostrophe, numbers stay numbers', () => {
    const { workbook, mirror, sheet, table } = budgetTable()
    const grid = getSheetGrid(workbook, sheet.id)
    const payloads = ["'=cmd|' /C calc'!A0", '+HYPERLINK("http://evil.example","x")', "@SUM(1+1)*cmd|' /C calc'!A0", '-2+3+cmd|x!y']
    setCells(workbook, sheet.id, [
      ...payloads.map((input, i) => ({ rowId: grid.rowIds[i + 1]!, colId: grid.colIds[0]!, input })),
      { rowId: grid.rowIds[4]!, colId: grid.colIds[1]!, input: '\t=1+1' },
      { rowId: grid.rowIds[4]!, colId: grid.colIds[2]!, input: '\r=1+1' },
    ])
    for (const dialect of ['sv', 'rfc4180'] as const) {
      const separator = dialect === 'sv' ? ';' : ','
      const csv = exportSheetCsv(table(), dialect).replace(/^\uFEFF/, '')
      const lines = csv.split('\r\n')
      const firstFields = [
        "'=cmd|' /C calc'!A0",
        `"'+HYPERLINK(""http://evil.example"",""x"")"`,
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'-2+3+cmd|x!y",
      ]
      firstFields.forEach((field, i) => expect(lines[i + 1]!.startsWith(`${field}${separator}`), lines[i + 1]).toBe(true))
      expect(csv).toContain(`${separator}'\t=1+1${separator}"'\r=1+1"${separator}`)
      // The sheet's computed negative numbers stay numbers, without an apostrophe.
      expect(lines[2]).toMatch(dialect === 'sv' ? /;-235,8$/ : /,-235.8$/)
    }
    mirror.destroy()
  })
})
