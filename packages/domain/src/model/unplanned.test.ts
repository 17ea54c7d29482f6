import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addSheet } from '../operations/sheets'
import { setCellFromText } from '../operations/cells'
import { insertRows } from '../operations/structure'
import { getSheetGrid } from './read'
import { cellKey, openWorkbook } from './workbook'
import { unplannedFormulaCells } from './unplanned'

const NUM = { label: 'Belopp', type: 'number', decimals: 1, editable: 'ekonom' } as const

function sheetWith(rows: string[][]) {
  const wb = openWorkbook(new Y.Doc())
  const s = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM, NUM, NUM] })
  const params = addSheet(wb, { name: 'Param', kind: 'generic', columns: [NUM] })
  const [p] = insertRows(wb, params, 0, 1)
  setCellFromText(wb, params, p!, getSheetGrid(wb, params).colIds[0]!, '147', 'sv-SE')
  const ids = insertRows(wb, s, 0, rows.length)
  const cols = getSheetGrid(wb, s).colIds
  rows.forEach((row, r) => row.forEach((text, c) => setCellFromText(wb, s, ids[r]!, cols[c]!, text, 'sv-SE')))
  const at = (r: number, c: number) => cellKey(ids[r]!, cols[c]!)
  return { unplanned: unplannedFormulaCells(wb, s), at }
}

describe('unplannedFormulaCells', () => {
  it('[I7] prints formulas over rows nobody has filled in as blank, through totals, whatever the rates', () => {
    const { unplanned, at } = sheetWith([
      ['', '', '=A1*Param!A1'],
      ['', '', '=A2*Param!A1'],
      ['=SUMMA(A1:A2)', '', '=SUMMA(C1:C2)'],
    ])
    expect([...unplanned].sort()).toEqual([at(0, 2), at(1, 2), at(2, 0), at(2, 2)].sort())
  })

  it('[I7] keeps real zeros: filled inputs, constants and references to other sheets only', () => {
    const { unplanned, at } = sheetWith([
      ['5', '5', '=A1-B1'],
      ['', '0', '=A2+B2'],
      ['=1+1', '=Param!A1', '=C5'],
    ])
    expect(unplanned.has(at(0, 2))).toBe(false)
    expect(unplanned.has(at(1, 2))).toBe(false)
    expect(unplanned.has(at(2, 0))).toBe(false)
    expect(unplanned.has(at(2, 1))).toBe(false)
  })
})
