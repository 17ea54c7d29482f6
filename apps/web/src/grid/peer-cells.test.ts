import { describe, expect, it } from 'vitest'
import type { Peer } from '../sync/presence'
import { changedPeerCells, peerCellKey, peersByCell } from './peer-cells'

const peer = (clientId: number, name: string, cursor: Peer['cursor']): Peer => ({
  clientId,
  user: { id: name, name, color: '#123456' },
  cursor,
})

describe('colleagues by cell', () => {
  it('groups colleagues on the same cell by its ids and leaves out those with no cell selected', () => {
    const at = { sheetId: 's', rowId: 'r', colId: 'c' }
    const anna = peer(1, 'Anna', at)
    const lars = peer(2, 'Lars', at)
    const byCell = peersByCell([anna, lars, peer(3, 'Omar', null), peer(4, 'Karin', { ...at, colId: 'd' })])
    expect(byCell.get(peerCellKey(at))).toEqual([anna, lars])
    expect([...byCell.keys()]).toEqual(['s|r|c', 's|r|d'])
  })
})

describe('cells to repaint when colleagues move', () => {
  const a = { sheetId: 's', rowId: 'r1', colId: 'c' }
  const b = { sheetId: 's', rowId: 'r2', colId: 'c' }
  const c = { sheetId: 's', rowId: 'r3', colId: 'c' }

  it('lists the cell a colleague left and the one they came to, not the cells where nothing changed', () => {
    const before = peersByCell([peer(1, 'Anna', a), peer(2, 'Lars', c)])
    const after = peersByCell([peer(1, 'Anna', b), peer(2, 'Lars', c)])
    expect(changedPeerCells(before, after)).toEqual([a, b])
    expect(changedPeerCells(after, after)).toEqual([])
  })

  it('lists a cell whose colleagues show otherwise: one more, or another colour', () => {
    const before = peersByCell([peer(1, 'Anna', a)])
    expect(changedPeerCells(before, peersByCell([peer(1, 'Anna', a), peer(2, 'Lars', a)]))).toEqual([a])
    const recoloured = { ...peer(1, 'Anna', a), user: { id: 'Anna', name: 'Anna', color: '#654321' } }
    expect(changedPeerCells(before, peersByCell([recoloured]))).toEqual([a])
  })
})
