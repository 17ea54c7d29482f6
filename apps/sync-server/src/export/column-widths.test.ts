import { describe, expect, it } from 'vitest'
import { fitColumnWidths, headerTextWidth, widestWord } from './column-widths'

describe('PDF column widths', () => {
  it('measures header words in the embedded bold face', () => {
    const kunskapsbidrag = headerTextWidth('Kunskapsbidrag', 9)
    expect(kunskapsbidrag).toBeGreaterThan(55)
    expect(kunskapsbidrag).toBeLessThan(75)
    expect(headerTextWidth('iii', 9)).toBeLessThan(headerTextWidth('MMM', 9))
    expect(widestWord(['Kunskapsbidrag, tkr', 'RSU-platser'], (w) => w.length)).toBe('Kunskapsbidrag,'.length)
  })

  it('gives each column at least its longest header word, taking the room from wide columns', () => {
    const widths = fitColumnWidths([300, 50, 50], [40, 70, 20], 400)
    expect(widths[1]).toBeGreaterThanOrEqual(70)
    expect(widths[2]).toBeGreaterThanOrEqual(20)
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(400)
    expect(widths[0]).toBeGreaterThan(widths[2]!)
  })

  it('keeps the proportions when every minimum already fits', () => {
    expect(fitColumnWidths([100, 100], [10, 10], 200)).toEqual([100, 100])
  })
})
