import { getSheetGrid, workbookPlanYear, type Actor, type Workbook, type WorkbookStatus } from '@samplan/domain'
import { useMemo, useRef, useState } from 'react'
import type { ApiClient } from '../../api/client'
import { workbookApi } from '../../api/endpoints'
import type { SelectedCell } from '../../grid/workbook-grid'
import type { Session } from '../auth/session'
import { ExportMenu } from '../export/ExportMenu'
import { messages, type UiLocale } from '../i18n'
import { VersionsDialog } from '../versions/VersionsDialog'
import { AppBar } from './AppBar'
import { CellPanel } from './CellPanel'
import { FormulaBar } from './FormulaBar'
import { mayEditAt, mayImport } from './permissions'
import { SheetTabs } from './SheetTabs'
import { useLiveWorkbook } from './use-live-workbook'
import { useWorkbookGrid } from './use-workbook-grid'
import { useActiveSheet, useWorkbookInfo } from './use-workbook-info'

interface Props {
  workbookId: string
  session: Session
  api: ApiClient
  locale: UiLocale
  onLocale: (locale: UiLocale) => void
  onSignOut: () => void
}

/** One workbook, live: header, formula bar, grid with the selected cell's side panel, and sheet tabs. */
export function WorkbookView({ workbookId, session, api: client, locale, onLocale, onSignOut }: Props) {
  const t = messages(locale)
  const { user } = session
  const api = useMemo(() => workbookApi(client, workbookId), [client, workbookId])
  const { live, connection, banner, peers } = useLiveWorkbook({
    workbookId,
    token: session.token,
    user,
    api,
    onSignOut,
    rejectedLabel: t.rejected,
  })
  const info = useWorkbookInfo(live?.workbook)
  const [activeSheet, setActiveSheet] = useActiveSheet(info.sheets)
  const [selected, setSelected] = useState<SelectedCell | null>(null)
  const [showVersions, setShowVersions] = useState(false)
  const actor = useMemo<Actor>(() => ({ role: user.role, omrade: user.omrade }), [user.role, user.omrade])
  const gridHost = useRef<HTMLElement>(null)
  const grid = useWorkbookGrid(gridHost, { live, actor, locale, t, sheetId: activeSheet, peers, onSelect: setSelected })

  return (
    <div className="sp-app">
      <AppBar
        t={t}
        locale={locale}
        title={info.title}
        connection={connection}
        peers={peers}
        status={info.status}
        user={user}
        exportMenu={activeSheet ? <ExportMenu api={api} sheetId={activeSheet} mayImport={mayImport(actor, info.status)} locale={locale} /> : null}
        onVersions={() => setShowVersions((v) => !v)}
        onSignOut={onSignOut}
        onLocale={onLocale}
      />
      {showVersions && (
        <VersionsDialog
          api={api}
          role={user.role}
          status={info.status}
          planYear={live ? workbookPlanYear(live.workbook) : undefined}
          // A full navigation: the new workbook opens as a link to it would.
          onOpenWorkbook={(id) => location.assign(`/w/${encodeURIComponent(id)}`)}
          locale={locale}
          onClose={() => setShowVersions(false)}
        />
      )}
      {banner && (
        <div className="sp-banner" role="alert" data-testid="banner">
          {banner}
        </div>
      )}
      <FormulaBar
        workbook={live?.workbook ?? null}
        cell={selected}
        editable={!!live && !!selected && mayEditSelected(live.workbook, actor, info.status, selected)}
        locale={locale}
        label={t.formulaBar}
        onRefused={(character) => grid.current?.explainRefusal(character)}
      />
      <div className="sp-body">
        <main className="sp-grid" ref={gridHost} />
        {live && selected && (
          <CellPanel
            api={api}
            workbook={live.workbook}
            whenServerHas={live.whenServerHas}
            cell={selected}
            user={user}
            status={info.status}
            locale={locale}
          />
        )}
      </div>
      <SheetTabs sheets={info.sheets} active={activeSheet} onSelect={setActiveSheet} />
    </div>
  )
}

/** The formula bar follows the grid's rights for the selected cell. */
function mayEditSelected(workbook: Workbook, actor: Actor, status: WorkbookStatus, cell: SelectedCell): boolean {
  const sheet = getSheetGrid(workbook, cell.sheetId)
  return mayEditAt(actor, status, sheet, sheet.rowIds.indexOf(cell.rowId), sheet.colIds.indexOf(cell.colId))
}
