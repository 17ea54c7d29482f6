import type { Role, WorkbookStatus } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { messages } from '../i18n'
import { nextActionIndex, withoutEmpty, type Menu } from './menu-model'
import { workbookMenus, type WorkbookMenuActions } from './workbook-menus'

const noop = () => {}
const actions: WorkbookMenuActions = {
  openVersions: noop,
  rollOver: noop,
  signOut: noop,
  setLocale: noop,
  undo: noop,
  redo: noop,
  copy: noop,
  structure: noop,
  toggleCellPanel: noop,
  exportEntry: noop,
}

function entriesOf(role: Role, status: WorkbookStatus = 'utkast'): Record<string, string[]> {
  const menus = workbookMenus(
    messages('sv-SE'),
    { actor: { role, omrade: null }, status, locale: 'sv-SE', hasSheet: true, cellPanelOpen: true },
    actions,
  )
  return Object.fromEntries(menus.map((m) => [m.label, m.entries.flatMap((e) => (e.kind === 'action' ? [e.id] : []))]))
}

describe('the app bar menus', () => {
  it('offers an ekonom editing, rows and columns, export, import and next year’s plan', () => {
    expect(entriesOf('ekonom')).toEqual({
      Arkiv: ['versions', 'roll-over', 'locale-sv', 'locale-en', 'sign-out'],
      Redigera: ['undo', 'redo', 'copy', 'remove-rows', 'remove-cols'],
      Infoga: ['row-above', 'row-below', 'col-left', 'col-right'],
      Visa: ['cell-panel'],
      Exportera: ['export-pdf', 'export-xlsx', 'export-csv', 'export-csv-rfc', 'import-xlsx'],
    })
  })

  it('never shows a läsare an action they cannot take: copying only, no editing, structure, import or new plan', () => {
    expect(entriesOf('lasare')).toEqual({
      Arkiv: ['versions', 'locale-sv', 'locale-en', 'sign-out'],
      Redigera: ['copy'],
      Visa: ['cell-panel'],
      Exportera: ['export-pdf', 'export-xlsx', 'export-csv', 'export-csv-rfc'],
    })
  })

  it('gives an områdeschef undo but no rows, columns or import', () => {
    const chef = entriesOf('omradeschef')
    expect(chef.Redigera).toEqual(['undo', 'redo', 'copy'])
    expect(chef.Infoga).toBeUndefined()
    expect(chef.Exportera).not.toContain('import-xlsx')
  })

  it('[R1] takes editing away from an ekonom while inskickad, and from everyone once beslutad', () => {
    expect(entriesOf('ekonom', 'inskickad').Redigera).toEqual(['copy'])
    expect(entriesOf('ekonom', 'inskickad').Infoga).toBeUndefined()
    expect(entriesOf('admin', 'inskickad').Infoga).toEqual(['row-above', 'row-below', 'col-left', 'col-right'])
    expect(entriesOf('admin', 'beslutad').Redigera).toEqual(['copy'])
  })

  it('shows shortcuts beside undo and redo and marks the language in use', () => {
    const menus = workbookMenus(
      messages('en'),
      { actor: { role: 'ekonom', omrade: null }, status: 'utkast', locale: 'en', hasSheet: true, cellPanelOpen: false },
      actions,
    )
    const all = menus.flatMap((m) => m.entries)
    expect(all.find((e) => e.id === 'undo')).toMatchObject({ label: 'Undo', shortcut: 'Ctrl+Z' })
    expect(all.find((e) => e.id === 'redo')).toMatchObject({ shortcut: 'Ctrl+Y' })
    expect(all.find((e) => e.id === 'locale-en')).toMatchObject({ check: { type: 'radio', checked: true } })
    expect(all.find((e) => e.id === 'cell-panel')).toMatchObject({ check: { type: 'checkbox', checked: false } })
  })
})

describe('room for more entries', () => {
  it('adds Infoga > Diagram only when the caller offers charts', () => {
    const state = {
      actor: { role: 'lasare' as const, omrade: null },
      status: 'utkast' as const,
      locale: 'sv-SE' as const,
      hasSheet: true,
      cellPanelOpen: true,
    }
    const without = workbookMenus(messages('sv-SE'), state, actions)
    expect(without.map((m) => m.label)).not.toContain('Infoga')
    const withCharts = workbookMenus(messages('sv-SE'), state, { ...actions, insertChart: noop })
    expect(withCharts.find((m) => m.label === 'Infoga')?.entries.map((e) => e.id)).toEqual(['chart'])
  })
})

describe('menu navigation', () => {
  const menu: Menu = {
    id: 'm',
    label: 'M',
    entries: [
      { kind: 'action', id: 'a', label: 'A', run: noop },
      { kind: 'separator', id: 's' },
      { kind: 'action', id: 'b', label: 'B', run: noop },
    ],
  }

  it('moves between actions over separators, wrapping at the ends', () => {
    expect(nextActionIndex(menu.entries, 0, 1)).toBe(2)
    expect(nextActionIndex(menu.entries, 2, 1)).toBe(0)
    expect(nextActionIndex(menu.entries, 0, -1)).toBe(2)
    expect(nextActionIndex(menu.entries, -1, 1)).toBe(0)
  })

  it('drops empty menus and separators at the ends or doubled', () => {
    const sep = (id: string) => ({ kind: 'separator' as const, id })
    const a = { kind: 'action' as const, id: 'a', label: 'A', run: noop }
    const cleaned = withoutEmpty([
      { id: 'x', label: 'X', entries: [sep('1'), a, sep('2'), sep('3'), { ...a, id: 'b' }, sep('4')] },
      { id: 'y', label: 'Y', entries: [sep('5')] },
    ])
    expect(cleaned.map((m) => m.entries.map((e) => e.id))).toEqual([['a', '2', 'b']])
  })
})

describe('the administration entries', () => {
  it('[A6] offers Arkiv > Administration to admins only, and Byt lösenord where it is passed', () => {
    const withAdmin: WorkbookMenuActions = { ...actions, openAdmin: noop, changePassword: noop }
    const fileOf = (role: Role) =>
      workbookMenus(
        messages('sv-SE'),
        { actor: { role, omrade: null }, status: 'utkast', locale: 'sv-SE', hasSheet: true, cellPanelOpen: true },
        withAdmin,
      )
        .find((m) => m.id === 'file')!
        .entries.flatMap((e) => (e.kind === 'action' ? [e.id] : []))
    expect(fileOf('admin')).toContain('admin')
    for (const role of ['ekonom', 'omradeschef', 'lasare'] as const) {
      expect(fileOf(role)).not.toContain('admin')
      expect(fileOf(role)).toContain('change-password')
    }
  })
})
