import { describe, expect, it } from 'vitest'
import { edgeFill, rectOfRange, spanOf } from './fill-ranges'

describe('fill ranges', () => {
  it('reads a range dragged in any direction, a header click’s -1 corner clamped', () => {
    expect(rectOfRange({ startRow: 4, startCol: 3, endRow: 1, endCol: -1 })).toEqual({ top: 1, left: 0, bottom: 4, right: 3 })
  })

  it('[F11] fills down and right from the first row or column, or from the neighbour of a single one', () => {
    const block = { top: 2, left: 1, bottom: 4, right: 2 }
    expect(edgeFill(block, 'down')).toEqual({ source: { ...block, bottom: 2 }, target: { ...block, top: 3 } })
    expect(edgeFill(block, 'right')).toEqual({ source: { ...block, right: 1 }, target: { ...block, left: 2 } })
    const one = { top: 2, left: 1, bottom: 2, right: 1 }
    expect(edgeFill(one, 'down')).toEqual({ source: { top: 1, left: 1, bottom: 1, right: 1 }, target: one })
    expect(edgeFill(one, 'right')).toEqual({ source: { top: 2, left: 0, bottom: 2, right: 0 }, target: one })
    expect(edgeFill({ top: 0, left: 0, bottom: 0, right: 3 }, 'down')).toBeUndefined()
    expect(edgeFill({ top: 0, left: 0, bottom: 3, right: 0 }, 'right')).toBeUndefined()
  })

  it('spans source and target', () => {
    expect(spanOf({ top: 1, left: 1, bottom: 1, right: 1 }, { top: 2, left: 0, bottom: 5, right: 1 })).toEqual({ top: 1, left: 0, bottom: 5, right: 1 })
  })
})
