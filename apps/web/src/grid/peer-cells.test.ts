import { describe, expect, it } from 'vitest'
import type { Peer } from '../sync/presence'
import { peerCellKey, peersByCell } from './peer-cells'

const peer = (clientId: number, name: string, cursor: Peer['cursor']): Peer => ({ clientId, user: { id: name, name, color: '#123456' }, cursor })

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
