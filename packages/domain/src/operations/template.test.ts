import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { InvalidTemplateError, WorkbookNotEmptyError } from '../errors'
import { toEngineFormula } from '../input/text'
import { getCellInput, getCellNote, getSheetGrid, getWorkbookInfo, listSheets } from '../model/read'
import { isFormula, openWorkbook } from '../model/workbook'
import { Origin } from '../origin'
import type { WorkbookTemplate } from '../schema/template'
import { vp2024Template } from '../templates/vp2024'
import { applyTemplate } from './template'

const small: WorkbookTemplate = {
  title: 'Liten',
  sheets: [
    {
      name: 'Volym',
      kind: 'volym',
      frozenRows: 1,
      columns: [
        { label: '', type: 'text', editable: 'locked' },
        { label: 'Elever', type: 'integer', unit: 'st', min: 0, editable: 'ekonom' },
      ],
      rows: [
        { kind: 'header', cells: ['', 'Elever'] },
        { kind: 'data', cells: ['Grundskola', 100] },
        { kind: 'data', omrade: 'Syd', cells: ['Gymnasium', 50], note: 'Tryckt: 51' },
        { kind: 'summa', cells: ['Summa', '=SUM(B2:B3)'] },
      ],
    },
    {
      name: 'Budget',
      kind: 'budget',
      frozenRows: 1,
      columns: [{ label: '', type: 'text', editable: 'locked' }, { label: 'Per elev', type: 'number', editable: 'locked' }],
      rows: [{ kind: 'data', cells: ['Totalt', "='Volym'!B4*2"] }],
    },
  ],
}

describe('applyTemplate', () => {
  it('[T1] builds sheets, rows, values and formulas in one Seed transaction', () => {
    const doc = new Y.Doc()
    const wb = openWorkbook(doc)
    const origins: unknown[] = []
    // Yjs runs an empty transaction when a root type is first instantiated: count only real changes.
    doc.on('afterTransaction', (tr: Y.Transaction) => tr.changed.size > 0 && origins.push(tr.origin))
    applyTemplate(wb, small)
    expect(origins).toEqual([Origin.Seed])
    expect(getWorkbookInfo(wb)).toMatchObject({ title: 'Liten', status: 'utkast' })
    expect(getWorkbookInfo(wb).epoch).toMatch(/^[0-9A-Za-z]{20}$/)
    const [volym, budget] = listSheets(wb)
    expect(volym).toMatchObject({ name: 'Volym', kind: 'volym', frozenRows: 1 })
    const g = getSheetGrid(wb, volym!.id)
    expect(g.rows.map((r) => r.kind)).toEqual(['header', 'data', 'data', 'summa'])
    expect(g.rows[2]).toEqual({ kind: 'data', omrade: 'Syd' })
    expect(getCellInput(wb, volym!.id, g.rowIds[1]!, g.colIds[1]!)).toBe(100)
    expect(toEngineFormula(wb, volym!.id, getCellInput(wb, volym!.id, g.rowIds[3]!, g.colIds[1]!) as string)).toBe('=SUM(B2:B3)')
    const b = getSheetGrid(wb, budget!.id)
    expect(toEngineFormula(wb, budget!.id, getCellInput(wb, budget!.id, b.rowIds[0]!, b.colIds[1]!) as string)).toBe("='Volym'!B4*2")
  })

  it('[T2] keeps a row note on the row\'s first cell', () => {
    const wb = openWorkbook(new Y.Doc())
    applyTemplate(wb, small)
    const s = listSheets(wb)[0]!
    const g = getSheetGrid(wb, s.id)
    expect(getCellNote(wb, s.id, g.rowIds[2]!, g.colIds[0]!)).toBe('Tryckt: 51')
  })

  it('[T3] refuses a non-empty workbook and an invalid template', () => {
    const wb = openWorkbook(new Y.Doc())
    applyTemplate(wb, small)
    expect(() => applyTemplate(wb, small)).toThrow(WorkbookNotEmptyError)
    const bad = { title: 'x', sheets: [] } as unknown as WorkbookTemplate
    expect(() => applyTemplate(openWorkbook(new Y.Doc()), bad)).toThrow(InvalidTemplateError)
  })

  it('[T1][F2] VP 2024: every template formula is stored by id and renders back to its A1 text', () => {
    const wb = openWorkbook(new Y.Doc())
    applyTemplate(wb, vp2024Template)
    const sheets = listSheets(wb)
    expect(sheets.map((s) => s.name)).toEqual(vp2024Template.sheets.map((s) => s.name))
    let formulas = 0
    vp2024Template.sheets.forEach((ts, si) => {
      const sheet = sheets[si]!
      const g = getSheetGrid(wb, sheet.id)
      expect(g.rowIds).toHaveLength(ts.rows.length)
      ts.rows.forEach((row, ri) =>
        row.cells.forEach((cell, ci) => {
          const input = getCellInput(wb, sheet.id, g.rowIds[ri]!, g.colIds[ci]!)
          if (typeof cell === 'string' && cell.startsWith('=')) {
            formulas++
            expect(isFormula(input)).toBe(true)
            // No positional references left: everything in the template lies inside its grid.
            expect((input as string).replace(/\{@[^}]*\}|"[^"]*"/g, '')).not.toMatch(/\$?[A-Z]{1,3}\$?\d+(?![\w(])/)
            const normalized = cell.replace(/(^|[^'\w])([A-Za-zÅÄÖåäö_][\wÅÄÖåäö]*)!/g, "$1'$2'!")
            expect(toEngineFormula(wb, sheet.id, input as string)).toBe(normalized)
          } else {
            expect(input ?? null).toEqual(cell ?? null)
          }
        }),
      )
    })
    expect(formulas).toBeGreaterThan(50)
  })
})
