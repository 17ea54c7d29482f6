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

/** How a cell's colleagues show: the names listed on hover and the first one's colour. */
const shownAs = (peers: readonly Peer[] | undefined) => (peers ?? []).map((p) => `${p.user.name}\u0000${p.user.color}`).join('\u0001')

/** The cells whose colleagues changed between two `peersByCell` maps: the ones they left, came to, or now show otherwise. */
export function changedPeerCells(before: ReadonlyMap<string, readonly Peer[]>, after: ReadonlyMap<string, readonly Peer[]>): CellRef[] {
  const changed: CellRef[] = []
  for (const [key, peers] of before) if (shownAs(peers) !== shownAs(after.get(key))) changed.push(peers[0]!.cursor!)
  for (const [key, peers] of after) if (!before.has(key)) changed.push(peers[0]!.cursor!)
  return changed
}
