import type { CellRef } from '@samplan/domain'
import type { Peer } from '../sync/presence'

export const peerCellKey = ({ sheetId, rowId, colId }: CellRef) => `${sheetId}|${rowId}|${colId}`

/** Colleagues by the cell they have selected (by stable ids, so the outline follows row inserts). */
export function peersByCell(peers: readonly Peer[]): Map<string, Peer[]> {
  const byCell = new Map<string, Peer[]>()
  for (const peer of peers) {
    if (!peer.cursor) continue
    const key = peerCellKey(peer.cursor)
    byCell.set(key, [...(byCell.get(key) ?? []), peer])
  }
  return byCell
}
