import { describe, expect, it } from 'vitest'
import { renderInput } from '../input/text'
import { getCellInput, getSheetGrid, listSheets } from '../model/read'
import { setCellFromText, setCells } from '../operations/cells'
import { addSheet, renameSheet } from '../operations/sheets'
import { deleteRows, insertRows } from '../operations/structure'
import { initWorkbook } from '../operations/workbook-info'
import type { ColumnSpec } from '../schema/sheet'
import { cellAt, createTestNetwork, expectConverged, type TestNetwork } from '../testing'

const NUM: ColumnSpec = { label: 'Tal', type: 'number', editable: 'ekonom' }

function network(): { net: TestNetwork; sheet: string } {
  const net = createTestNetwork(3, 42, { order: 'causal' })
  const wb = net.peers[0]!.wb
  initWorkbook(wb, { title: 'Regler' })
  const sheet = addSheet(wb, { name: 'Ett', kind: 'generic', columns: [NUM, NUM, NUM] })
  addSheet(wb, { name: 'Två', kind: 'generic', columns: [NUM, NUM, NUM] })
  insertRows(wb, sheet, 0, 5)
  net.flush()
  return { net, sheet }
}

function show(net: TestNetwork, peer: number, sheet: string, at: string): string {
  const wb = net.peers[peer]!.wb
  const { rowId, colId } = cellAt(wb, sheet, at)
  return renderInput(wb, sheet, getCellInput(wb, sheet, rowId, colId), 'sv-SE')
}

describe('merge rules', () => {
  it('[M1] two people inserting rows at the same index both keep their rows, in the same order everywhere', () => {
    const { net, sheet } = network()
    const [a] = insertRows(net.peers[0]!.wb, sheet, 2, 1)
    const [b] = insertRows(net.peers[1]!.wb, sheet, 2, 1)
    net.flush()
    expectConverged(net.peers)
    const rows = getSheetGrid(net.peers[2]!.wb, sheet).rowIds
    expect(rows).toHaveLength(7)
    expect(rows).toContain(a)
    expect(rows).toContain(b)
  })

  it('[M2] two people writing different cells of the same new row both keep them', () => {
    const { net, sheet } = network()
    const [row] = insertRows(net.peers[0]!.wb, sheet, 5, 1)
    net.flush()
    const cols = getSheetGrid(net.peers[0]!.wb, sheet).colIds
    setCells(net.peers[1]!.wb, sheet, [{ rowId: row!, colId: cols[0]!, input: 'Kärrtorp' }])
    setCells(net.peers[2]!.wb, sheet, [{ rowId: row!, colId: cols[1]!, input: 13.1 }])
    net.flush()
    expectConverged(net.peers)
    expect(getCellInput(net.peers[0]!.wb, sheet, row!, cols[0]!)).toBe('Kärrtorp')
    expect(getCellInput(net.peers[0]!.wb, sheet, row!, cols[1]!)).toBe(13.1)
  })

  it('[M3] the same cell written concurrently ends with one of the values on every replica', () => {
    const { net, sheet } = network()
    const { rowId, colId } = cellAt(net.peers[0]!.wb, sheet, 'B2')
    setCells(net.peers[0]!.wb, sheet, [{ rowId, colId, input: 1 }])
    setCells(net.peers[1]!.wb, sheet, [{ rowId, colId, input: 2 }])
    net.flush()
    expectConverged(net.peers)
    expect([1, 2]).toContain(getCellInput(net.peers[2]!.wb, sheet, rowId, colId))
  })

  it('[M4] a formula whose row is deleted concurrently renders #REF! on every replica', () => {
    const { net, sheet } = network()
    const { rowId, colId } = cellAt(net.peers[0]!.wb, sheet, 'C5')
    setCellFromText(net.peers[0]!.wb, sheet, rowId, colId, '=B2*2+B3', 'sv-SE')
    deleteRows(net.peers[1]!.wb, sheet, 1, 1)
    net.flush()
    expectConverged(net.peers)
    for (const p of [0, 1, 2]) expect(show(net, p, sheet, 'C4')).toBe('=#REFERENS!*2+B2')
  })

  it('[M5] a row inserted concurrently inside a range is covered by it; one inserted above shifts it', () => {
    const { net, sheet } = network()
    const { rowId, colId } = cellAt(net.peers[0]!.wb, sheet, 'C5')
    setCellFromText(net.peers[0]!.wb, sheet, rowId, colId, '=SUMMA(B2:B4)', 'sv-SE')
    insertRows(net.peers[1]!.wb, sheet, 2, 1)
    insertRows(net.peers[2]!.wb, sheet, 0, 1)
    net.flush()
    expectConverged(net.peers)
    expect(show(net, 0, sheet, 'C7')).toBe('=SUMMA(B3:B6)')
  })

  it('[M6] a range shrunk by one person and edited by another converges to one of the two', () => {
    const { net, sheet } = network()
    const { rowId, colId } = cellAt(net.peers[0]!.wb, sheet, 'C5')
    setCellFromText(net.peers[0]!.wb, sheet, rowId, colId, '=SUMMA(B1:B3)', 'sv-SE')
    net.flush()
    deleteRows(net.peers[1]!.wb, sheet, 0, 1)
    setCellFromText(net.peers[2]!.wb, sheet, rowId, colId, '=SUMMA(B1:B4)', 'sv-SE')
    net.flush()
    expectConverged(net.peers)
    expect(['=SUMMA(B1:B2)', '=SUMMA(#REFERENS!)']).toContain(show(net, 0, sheet, 'C4'))
  })

  it('[M7] concurrent renames to the same name are told apart identically everywhere', () => {
    const { net, sheet } = network()
    const two = listSheets(net.peers[0]!.wb)[1]!.id
    renameSheet(net.peers[0]!.wb, sheet, 'Budget')
    renameSheet(net.peers[1]!.wb, two, 'Budget')
    net.flush()
    expectConverged(net.peers)
    expect(listSheets(net.peers[2]!.wb).map((s) => s.name)).toEqual(['Budget', 'Budget (2)'])
    const wb = net.peers[2]!.wb
    const { rowId, colId } = cellAt(wb, sheet, 'A1')
    setCellFromText(wb, sheet, rowId, colId, "='Budget (2)'!B2", 'sv-SE')
    expect(renderInput(wb, sheet, getCellInput(wb, sheet, rowId, colId), 'en')).toBe("='Budget (2)'!B2")
  })

  it('[M8] a write into a row deleted concurrently is invisible on every replica', () => {
    const { net, sheet } = network()
    const { rowId, colId } = cellAt(net.peers[0]!.wb, sheet, 'B2')
    deleteRows(net.peers[0]!.wb, sheet, 1, 1)
    setCells(net.peers[1]!.wb, sheet, [{ rowId, colId, input: 7 }])
    net.flush()
    expectConverged(net.peers)
    for (const p of net.peers) expect(getSheetGrid(p.wb, sheet).rowIds).not.toContain(rowId)
  })
})
