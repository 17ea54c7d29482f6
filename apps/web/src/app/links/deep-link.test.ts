import { describe, expect, it } from 'vitest'
import { formatWorkbookPath, parseCellAddress, parseWorkbookPath, resolveDeepLink } from './deep-link'

const sheets = [
  { id: 's1', name: 'Budget' },
  { id: 's2', name: 'Volym egen regi' },
  { id: 's3', name: 'Särskilt stöd' },
  { id: 's4', name: 'RSU' },
]
const size = () => ({ rows: 20, cols: 13 })

describe('deep links to a sheet and a cell', () => {
  it('reads the workbook, the sheet and the cell of a path', () => {
    expect(parseWorkbookPath('/w/vp-2024/RSU!F3')).toEqual({ workbookId: 'vp-2024', sheet: 'RSU', cell: 'F3' })
    expect(parseWorkbookPath('/w/vp-2024/S%C3%A4rskilt%20st%C3%B6d!b12')).toEqual({
      workbookId: 'vp-2024',
      sheet: 'Särskilt stöd',
      cell: 'B12',
    })
    expect(parseWorkbookPath('/w/vp-2024/Budget')).toEqual({ workbookId: 'vp-2024', sheet: 'Budget' })
    expect(parseWorkbookPath('/w/vp-2024')).toEqual({ workbookId: 'vp-2024' })
    expect(parseWorkbookPath('/w/vp-2024/')).toEqual({ workbookId: 'vp-2024' })
    expect(parseWorkbookPath('/')).toBeNull()
    expect(parseWorkbookPath('/w/a/b/c')).toBeNull()
  })

  it('writes the sheet as its tab shows it, URL-encoded, and reads it back the same', () => {
    const path = formatWorkbookPath({ workbookId: 'vp-2024', sheet: 'Särskilt stöd', cell: 'C4' })
    expect(path).toBe('/w/vp-2024/S%C3%A4rskilt%20st%C3%B6d!C4')
    expect(parseWorkbookPath(path)).toEqual({ workbookId: 'vp-2024', sheet: 'Särskilt stöd', cell: 'C4' })
    expect(formatWorkbookPath({ workbookId: 'vp-2024', sheet: 'RSU' })).toBe('/w/vp-2024/RSU')
    expect(formatWorkbookPath({ workbookId: 'vp-2024' })).toBe('/w/vp-2024')
    // A sheet name with `!` keeps it: the last `!` separates the cell.
    expect(parseWorkbookPath(formatWorkbookPath({ workbookId: 'x', sheet: 'Obs!', cell: 'A1' }))).toEqual({
      workbookId: 'x',
      sheet: 'Obs!',
      cell: 'A1',
    })
  })

  it('reads A1 addresses as zero-based positions', () => {
    expect(parseCellAddress('A1')).toEqual({ row: 0, col: 0 })
    expect(parseCellAddress('f3')).toEqual({ row: 2, col: 5 })
    expect(parseCellAddress('AA10')).toEqual({ row: 9, col: 26 })
    expect(parseCellAddress('A0')).toBeNull()
    expect(parseCellAddress('3F')).toBeNull()
    expect(parseCellAddress('')).toBeNull()
  })

  it('leads to the named sheet and cell, else to the first sheet with the reason', () => {
    expect(resolveDeepLink({ sheet: 'RSU', cell: 'F3' }, sheets, size)).toEqual({ ok: true, sheetId: 's4', cell: { row: 2, col: 5 } })
    expect(resolveDeepLink({ sheet: 'rsu' }, sheets, size)).toEqual({ ok: true, sheetId: 's4' })
    expect(resolveDeepLink({}, sheets, size)).toEqual({ ok: true, sheetId: 's1' })
    expect(resolveDeepLink({ sheet: 'Okänt' }, sheets, size)).toEqual({ ok: false, reason: 'unknown-sheet', sheetId: 's1' })
    expect(resolveDeepLink({ sheet: 'RSU', cell: 'Z99' }, sheets, size)).toEqual({ ok: false, reason: 'unknown-cell', sheetId: 's1' })
    expect(resolveDeepLink({ sheet: 'RSU', cell: 'XYZ' }, sheets, size)).toEqual({ ok: false, reason: 'unknown-cell', sheetId: 's1' })
  })
})
