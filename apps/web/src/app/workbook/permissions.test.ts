import type { ColumnSpec, Role, SheetGrid, WorkbookStatus } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { highlightsOwnCells, mayChangeSheets, mayComment, mayDeleteComment, mayEditAt, mayImport, versionActions } from './permissions'

const budget: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', editable: 'ekonom' }
const places: ColumnSpec = { label: 'RSU-platser', type: 'integer', unit: 'st', editable: 'omradeschef' }
const grid = {
  sheet: { id: 's', name: 'Budget', kind: 'budget', frozenRows: 1 },
  rowIds: ['h', 'r1', 'r2'],
  colIds: ['b', 'p'],
  columns: [budget, places],
  rows: [{ kind: 'header' }, { kind: 'data', omrade: 'Område 1' }, { kind: 'section' }],
} as unknown as SheetGrid
const roles: Role[] = ['ekonom', 'omradeschef', 'lasare', 'admin']
const statuses: WorkbookStatus[] = ['utkast', 'inskickad', 'beslutad']

describe('the controls each role is offered', () => {
  it('[R1][R6] offers sheet changes (+, the tab menu, renaming, dragging) to ekonomer and admins while the status allows', () => {
    const offered = roles.flatMap((role) =>
      statuses.filter((status) => mayChangeSheets({ role, omrade: null }, status)).map((status) => `${role} ${status}`),
    )
    expect(offered).toEqual(['ekonom utkast', 'admin utkast', 'admin inskickad'])
  })

  it('types into cells the rights allow, never into header or section rows', () => {
    const ekonom = { role: 'ekonom', omrade: null } as const
    const chef1 = { role: 'omradeschef', omrade: 'Område 1' } as const
    expect(mayEditAt(ekonom, 'utkast', grid, 1, 0)).toBe(true)
    expect(mayEditAt(ekonom, 'utkast', grid, 0, 0)).toBe(false)
    expect(mayEditAt(ekonom, 'utkast', grid, 2, 0)).toBe(false)
    expect(mayEditAt(ekonom, 'utkast', grid, 9, 0)).toBe(false)
    expect(mayEditAt(ekonom, 'inskickad', grid, 1, 0)).toBe(false)
    expect(mayEditAt({ role: 'admin', omrade: null }, 'inskickad', grid, 1, 0)).toBe(true)
    expect(mayEditAt(chef1, 'utkast', grid, 1, 1)).toBe(true)
    expect(mayEditAt(chef1, 'utkast', grid, 1, 0)).toBe(false)
  })

  it('[R9] lets everyone but a läsare comment until the workbook is beslutad; authors delete their own', () => {
    expect(roles.filter((role) => mayComment(role, 'utkast'))).toEqual(['ekonom', 'omradeschef', 'admin'])
    expect(roles.filter((role) => mayComment(role, 'inskickad'))).toEqual(['ekonom', 'omradeschef', 'admin'])
    expect(roles.filter((role) => mayComment(role, 'beslutad'))).toEqual([])
    const eva = { id: 'u1', role: 'ekonom' } as const
    expect(mayDeleteComment(eva, 'u1', 'utkast')).toBe(true)
    expect(mayDeleteComment(eva, 'u2', 'utkast')).toBe(false)
    expect(mayDeleteComment(eva, 'u1', 'beslutad')).toBe(false)
    expect(mayDeleteComment({ id: 'u3', role: 'lasare' }, 'u3', 'utkast')).toBe(false)
  })

  it('[A1][A3] offers saving to ekonomer and admins, restoring and the status moves to admins only', () => {
    expect(versionActions('ekonom', 'utkast')).toEqual({ save: true, restore: false, moves: [], rollOver: true })
    expect(versionActions('admin', 'utkast')).toEqual({ save: true, restore: true, moves: ['inskickad'], rollOver: true })
    expect(versionActions('admin', 'inskickad')).toEqual({ save: true, restore: true, moves: ['utkast', 'beslutad'], rollOver: true })
    // A decided plan is where next year's usually starts.
    expect(versionActions('ekonom', 'beslutad')).toEqual({ save: false, restore: false, moves: [], rollOver: true })
    for (const status of statuses) {
      expect(versionActions('lasare', status)).toEqual({ save: false, restore: false, moves: [], rollOver: false })
      expect(versionActions('omradeschef', status)).toEqual({ save: false, restore: false, moves: [], rollOver: false })
    }
  })

  it('[A1][R1] offers xlsx import to ekonomer and admins while the status lets them change structure', () => {
    const actor = (role: Role) => ({ role, omrade: null })
    expect(roles.filter((role) => mayImport(actor(role), 'utkast'))).toEqual(['ekonom', 'admin'])
    expect(roles.filter((role) => mayImport(actor(role), 'inskickad'))).toEqual(['admin'])
    expect(roles.filter((role) => mayImport(actor(role), 'beslutad'))).toEqual([])
  })

  it('marks own cells for an områdeschef only', () => {
    expect(roles.filter(highlightsOwnCells)).toEqual(['omradeschef'])
  })
})
