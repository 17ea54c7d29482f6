import { describe, expect, it } from 'vitest'
import { renderInput } from '../input/text'
import { getCellInput, getSheetGrid, listSheets } from '../model/read'
import { setCellFromText, setCells } from '../operations/cells'
import { addSheet, moveSheet, renameSheet } from '../operations/sheets'
import { deleteRows, insertRows } from '../operations/structure'
import { initWorkbook } from '../operations/workbook-info'
import type { ColumnSpec } from '../schema/sheet'
import { cellAt, createTestNetwork, expectConverged, type TestNetwork, type TestPeer } from '../testing'

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

  it('[M6] a range whose corner row is deleted concurrently, by someone who had not seen the formula, still shrinks', () => {
    const { net, sheet } = network()
    deleteRows(net.peers[1]!.wb, sheet, 0, 1)
    const { rowId, colId } = cellAt(net.peers[2]!.wb, sheet, 'C5')
    setCellFromText(net.peers[2]!.wb, sheet, rowId, colId, '=SUMMA(B1:B4)', 'sv-SE')
    net.flush()
    expectConverged(net.peers)
    expect(show(net, 0, sheet, 'C4')).toBe('=SUMMA(B1:B3)')
  })

  it('[M6] without causal delivery, a deleter missing a row the author saw does not drop it from the range', () => {
    const net = createTestNetwork(3, 7, { order: 'any' })
    const [p0, p1, p2] = net.peers as [TestPeer, TestPeer, TestPeer]
    initWorkbook(p0.wb, { title: 'Gossip' })
    const sheet = addSheet(p0.wb, { name: 'Ett', kind: 'generic', columns: [NUM, NUM] })
    insertRows(p0.wb, sheet, 0, 4)
    net.flush()
    // p1 inserts W between rows 1 and 2; only p0 (the author) hears of it.
    const [w] = insertRows(p1.wb, sheet, 1, 1)
    net.deliver(1, 0)
    const { rowId, colId } = cellAt(p0.wb, sheet, 'B5')
    setCellFromText(p0.wb, sheet, rowId, colId, '=SUMMA(A1:A3)', 'sv-SE')
    // p2 gets the formula (p0's own update) but not W, and deletes the range's top row.
    net.deliver(0, 2)
    expect(getCellInput(p2.wb, sheet, rowId, colId)).toMatch(/^=SUM/)
    expect(getSheetGrid(p2.wb, sheet).rowIds).not.toContain(w)
    deleteRows(p2.wb, sheet, 0, 1)
    net.flush()
    expectConverged(net.peers)
    // W and the range's other surviving row are still summed.
    expect(getSheetGrid(p0.wb, sheet).rowIds.indexOf(w!)).toBe(0)
    expect(show(net, 0, sheet, 'B4')).toBe('=SUMMA(A1:A2)')
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

  it('[M7] the names a replica has shown follow renames and moves that arrive from the others', () => {
    const { net, sheet } = network()
    const two = listSheets(net.peers[0]!.wb)[1]!.id
    const seen = net.peers[2]!.wb
    expect(listSheets(seen).map((s) => s.name)).toEqual(['Ett', 'Två'])
    renameSheet(net.peers[0]!.wb, sheet, 'Budget')
    renameSheet(net.peers[1]!.wb, two, 'Budget')
    net.flush()
    expect(listSheets(seen).map((s) => s.name)).toEqual(['Budget', 'Budget (2)'])
    // The later one in tab order is told apart: moving the other first swaps which.
    moveSheet(net.peers[0]!.wb, two, 0)
    net.flush()
    expect(listSheets(seen).map((s) => [s.id, s.name])).toEqual([
      [two, 'Budget'],
      [sheet, 'Budget (2)'],
    ])
    expectConverged(net.peers)
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
