import { describe, expect, it } from 'vitest'
import { dropIndex } from './sheet-drag'

describe('dropIndex', () => {
  it('[S4] counts the other tabs whose centre the pointer has passed', () => {
    const centres = [50, 150, 250]
    expect(dropIndex(centres, 10)).toBe(0)
    expect(dropIndex(centres, 149)).toBe(1)
    expect(dropIndex(centres, 151)).toBe(2)
    expect(dropIndex(centres, 900)).toBe(3)
    expect(dropIndex([], 40)).toBe(0)
  })
})
