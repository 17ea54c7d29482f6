import { canChangeStructure, mayTakeAction, type Actor, type WorkbookStatus } from '@samplan/domain'
import type { StructureCommand } from '../../grid/structure-commands'
import type { Messages, UiLocale } from '../i18n'
import { mayEditCells, mayImport, versionActions } from '../workbook/permissions'
import { withoutEmpty, type Menu, type MenuEntry } from './menu-model'

/** What the menus can do; each is offered only where the signed-in user may do it. */
export interface WorkbookMenuActions {
  openVersions: () => void
  /** Next year's plan, in the versions dialog (absent when the workbook has no plan year). */
  rollOver?: () => void
  /** Arkiv > Scenarier: what-ifs of the plan (absent: no entry). */
  openScenarios?: () => void
  signOut: () => void
  /** "Logga ut överallt" (absent: no entry). */
  signOutEverywhere?: () => void
  /** Arkiv > Administration (absent: no entry; only admins get it, admin/use-admin-entries.tsx). */
  openAdmin?: () => void
  /** Arkiv > Byt lösenord, for local accounts (absent: no entry). */
  changePassword?: () => void
  setLocale: (locale: UiLocale) => void
  undo: () => void
  redo: () => void
  /** Copies the selected cells, as Ctrl+C. */
  copy: () => void
  structure: (command: StructureCommand) => void
  toggleCellPanel: () => void
  /** Redigera > Sök, as Ctrl+F (absent: no entry). */
  find?: () => void
  /** Infoga > Diagram, once the caller offers charts (absent: no entry). */
  insertChart?: () => void
  /** Presses an entry of the export menu (apps/web/src/app/export/ExportMenu.tsx) by its test id. */
  exportEntry: (entry: 'export-pdf' | 'export-xlsx' | 'export-csv' | 'export-csv-rfc' | 'import-xlsx') => void
}

export interface WorkbookMenuState {
  actor: Actor
  status: WorkbookStatus
  locale: UiLocale
  /** Whether a sheet is shown (export and the grid's commands need one). */
  hasSheet: boolean
  cellPanelOpen: boolean
}

const separator = (id: string): MenuEntry => ({ kind: 'separator', id })

/**
 * The app bar's menus, as in Google Sheets: Arkiv, Redigera, Infoga, Visa, Exportera. A role never
 * sees an entry it cannot take (permissions.ts reads the shared contract); menus left empty go.
 * Infoga > Diagram appears once the caller passes `insertChart`.
 */
export function workbookMenus(t: Messages, state: WorkbookMenuState, actions: WorkbookMenuActions): Menu[] {
  const m = t.menus
  const { actor, status, hasSheet } = state
  const edits = hasSheet && mayEditCells(actor, status)
  const structure = hasSheet && canChangeStructure(actor, status)
  const mayExport = hasSheet && mayTakeAction(actor.role, 'export')
  const rollOver = versionActions(actor.role, status).rollOver ? actions.rollOver : undefined
  const act = (id: string, label: string, run: () => void, extra: Partial<MenuEntry> = {}): MenuEntry =>
    ({ kind: 'action', id, label, run, ...extra }) as MenuEntry
  const command = (id: StructureCommand, label: string) => act(id, label, () => actions.structure(id))

  return withoutEmpty([
    {
      id: 'file',
      label: m.file,
      entries: [
        act('versions', m.versions, actions.openVersions),
        ...(rollOver ? [act('roll-over', m.rollOver, rollOver)] : []),
        ...(actions.openScenarios ? [act('scenarios', m.scenarios, actions.openScenarios)] : []),
        separator('file-1'),
        act('locale-sv', m.swedish, () => actions.setLocale('sv-SE'), { check: { type: 'radio', checked: state.locale === 'sv-SE' } }),
        act('locale-en', m.english, () => actions.setLocale('en'), { check: { type: 'radio', checked: state.locale === 'en' } }),
        ...(actions.openAdmin && mayTakeAction(actor.role, 'manage-people') ? [act('admin', t.admin.menuEntry, actions.openAdmin)] : []),
        separator('file-2'),
        ...(actions.changePassword ? [act('change-password', t.admin.changePasswordEntry, actions.changePassword)] : []),
        act('sign-out', t.signOut, actions.signOut),
        ...(actions.signOutEverywhere ? [act('sign-out-everywhere', t.signOutEverywhere, actions.signOutEverywhere)] : []),
      ],
    },
    {
      id: 'edit',
      label: m.edit,
      entries: [
        ...(edits
          ? [act('undo', m.undo, actions.undo, { shortcut: 'Ctrl+Z' }), act('redo', m.redo, actions.redo, { shortcut: 'Ctrl+Y' })]
          : []),
        separator('edit-1'),
        ...(hasSheet ? [act('copy', m.copy, actions.copy, { shortcut: 'Ctrl+C' })] : []),
        ...(hasSheet && actions.find ? [act('find', m.find, actions.find, { shortcut: 'Ctrl+F' })] : []),
        separator('edit-2'),
        ...(structure ? [command('remove-rows', m.deleteRows), command('remove-cols', m.deleteCols)] : []),
      ],
    },
    {
      id: 'insert',
      label: m.insert,
      entries: [
        ...(structure
          ? [
              command('row-above', m.rowAbove),
              command('row-below', m.rowBelow),
              separator('insert-1'),
              command('col-left', m.colLeft),
              command('col-right', m.colRight),
            ]
          : []),
        separator('insert-2'),
        ...(hasSheet && actions.insertChart ? [act('chart', m.chart, actions.insertChart)] : []),
      ],
    },
    {
      id: 'view',
      label: m.view,
      entries: [act('cell-panel', m.cellPanel, actions.toggleCellPanel, { check: { type: 'checkbox', checked: state.cellPanelOpen } })],
    },
    {
      id: 'export',
      label: m.export,
      entries: mayExport
        ? [
            act('export-pdf', m.pdf, () => actions.exportEntry('export-pdf')),
            act('export-xlsx', m.xlsx, () => actions.exportEntry('export-xlsx')),
            act('export-csv', m.csv, () => actions.exportEntry('export-csv')),
            act('export-csv-rfc', m.csvRfc, () => actions.exportEntry('export-csv-rfc')),
            ...(mayImport(actor, status)
              ? [separator('export-1'), act('import-xlsx', m.importXlsx, () => actions.exportEntry('import-xlsx'))]
              : []),
          ]
        : [],
    },
  ])
}
