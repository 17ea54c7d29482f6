import { describe, expect, it } from 'vitest'
import { cellAnnouncement } from './cell-announcer'

const sv = { grid: 'Kalkylblad', locked: 'låst', empty: 'tom', editor: (address: string) => `Cell ${address}` }

describe('cellAnnouncement', () => {
  it('says the address, the value as shown and whether the cell is locked', () => {
    expect(cellAnnouncement('B3', '20\u00a0684,1', true, sv)).toBe('B3, 20\u00a0684,1, låst')
    expect(cellAnnouncement('C2', '19\u00a0494,6', false, sv)).toBe('C2, 19\u00a0494,6')
  })

  it('names an empty cell instead of saying nothing', () => {
    expect(cellAnnouncement('D9', '', false, sv)).toBe('D9, tom')
    expect(cellAnnouncement('A1', '  ', true, { ...sv, locked: 'locked', empty: 'empty' })).toBe('A1, empty, locked')
  })
})
