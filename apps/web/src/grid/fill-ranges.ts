import type { CellRect } from '@samplan/domain'

/** Handsontable's range as its copy hooks report it (corners in any order). */
export type RangeLike = { startRow: number; startCol: number; endRow: number; endCol: number }

/** The rectangle of a range, header clicks (-1 corners) clamped to the cells. */
export function rectOfRange(range: RangeLike): CellRect {
  return {
    top: Math.max(0, Math.min(range.startRow, range.endRow)),
    left: Math.max(0, Math.min(range.startCol, range.endCol)),
    bottom: Math.max(range.startRow, range.endRow),
    right: Math.max(range.startCol, range.endCol),
  }
}

/**
 * Ctrl+D / Ctrl+R as in Excel: the first row (column) of the selection fills the rest; a single
 * row (column) copies its neighbour above (left). Undefined where there is nothing to fill from.
 */
export function edgeFill(rect: CellRect, axis: 'down' | 'right'): { source: CellRect; target: CellRect } | undefined {
  if (axis === 'down') {
    if (rect.top < rect.bottom) return { source: { ...rect, bottom: rect.top }, target: { ...rect, top: rect.top + 1 } }
    return rect.top > 0 ? { source: { ...rect, top: rect.top - 1, bottom: rect.top - 1 }, target: rect } : undefined
  }
  if (rect.left < rect.right) return { source: { ...rect, right: rect.left }, target: { ...rect, left: rect.left + 1 } }
  return rect.left > 0 ? { source: { ...rect, left: rect.left - 1, right: rect.left - 1 }, target: rect } : undefined
}

/** The rectangle covering both. */
export function spanOf(a: CellRect, b: CellRect): CellRect {
  return { top: Math.min(a.top, b.top), left: Math.min(a.left, b.left), bottom: Math.max(a.bottom, b.bottom), right: Math.max(a.right, b.right) }
}
