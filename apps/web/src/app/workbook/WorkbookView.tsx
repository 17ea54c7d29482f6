import { getSheetGrid, workbookPlanYear, type Actor, type Workbook, type WorkbookStatus } from '@samplan/domain'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ApiClient } from '../../api/client'
import { workbookApi } from '../../api/endpoints'
import type { ScenarioMarks } from '../../grid/cell-view'
import type { SelectedCell } from '../../grid/workbook-grid'
import type { Session } from '../auth/session'
import { useAdminEntries } from '../admin/use-admin-entries'
import { ChartPanel } from '../charts/ChartPanel'
import { useChartActions } from '../charts/use-chart-actions'
import { useSheetCharts } from '../charts/use-sheet-charts'
import { ExportMenu } from '../export/ExportMenu'
import { messages, type UiLocale } from '../i18n'
import { useDeepLink } from '../links/use-deep-link'
import { workbookMenus, type WorkbookMenuActions } from '../menus/workbook-menus'
import { SearchBox } from '../search/SearchBox'
import { ScenariosPanel, VersionsDialog } from '../on-demand'
import { useShowCell } from '../scenarios/use-show-cell'
import { rangeStats, type RangeStats } from '../statusbar/range-stats'
import { StatusBar } from '../statusbar/StatusBar'
import { AppBar } from './AppBar'
import { CellPanel, CellPanelEmpty } from './CellPanel'
import { FirstScreen } from './FirstScreen'
import { FormulaBar } from './FormulaBar'
import { mayChangeSheets, mayEditAt, mayImport } from './permissions'
import { useCellPanelOpen } from './use-cell-panel'
import { useCommentShortcut } from './use-comment-shortcut'
import { SheetTabs } from './SheetTabs'
import { useSheetActions } from '../sheets/sheet-actions'
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
  /** "Logga ut överallt": ends every session of the user. */
  onSignOutEverywhere: () => void
  /** The newest bearer token, read by the sync socket on every connect. */
  token: () => string
  /** A new token after the server closed the socket for an expired one; null when the session has ended. */
  renew: () => Promise<string | null>
  /** The session has ended (the server refused the token): back to the sign-in page. */
  onDropped: () => void
}

/** One workbook, live: the app bar with its menus, formula bar, grid with the selected cell's side panel, sheet tabs and status bar. */
export function WorkbookView(props: Props) {
  const { workbookId, session, api: client, locale, onLocale, onSignOut, onSignOutEverywhere, token, renew, onDropped } = props
  const t = messages(locale)
  const { user } = session
  const api = useMemo(() => workbookApi(client, workbookId), [client, workbookId])
  const { live, connection, banner, peers, firstScreen } = useLiveWorkbook({
    workbookId,
    token,
    renew,
    user,
    api,
    onSignOut: onDropped,
    rejectedLabel: t.rejected,
  })
  const info = useWorkbookInfo(live?.workbook)
  const [activeSheet, setActiveSheet] = useActiveSheet(info.sheets)
  const [selected, setSelected] = useState<SelectedCell | null>(null)
  const [showVersions, setShowVersions] = useState<false | 'versions' | 'roll-over'>(false)
  const actor = useMemo<Actor>(() => ({ role: user.role, omrade: user.omrade }), [user.role, user.omrade])
  const gridHost = useRef<HTMLElement>(null)
  const [stats, setStats] = useState<RangeStats>(() => rangeStats([]))
  const onRangeValues = useCallback((values: Parameters<typeof rangeStats>[0]) => {
    const next = rangeStats(values)
    setStats((was) => (sameStats(was, next) ? was : next))
  }, [])
  const grid = useWorkbookGrid(gridHost, { live, actor, locale, t, sheetId: activeSheet, peers, onSelect: setSelected, onRangeValues })
  const [linkNotice, closeLinkNotice] = useDeepLink({
    workbookId,
    workbook: live?.workbook,
    sheets: info.sheets,
    activeSheet,
    setActiveSheet,
    selected,
    grid,
    t,
  })
  const [panelOpen, setPanelOpen] = useCellPanelOpen()
  const [searchOpen, setSearchOpen] = useState(false)
  const [showScenarios, setShowScenarios] = useState(false)
  const showCell = useShowCell(live?.workbook ?? null, grid, activeSheet, setActiveSheet)
  // The open scenario's marks, handed again to a grid rebuilt meanwhile (a new language, a resync).
  const scenarioMarks = useRef<ScenarioMarks | null>(null)
  useEffect(() => grid.current?.setScenarioMarks(scenarioMarks.current))
  const onScenarioMarks = useCallback(
    (marks: ScenarioMarks | null) => {
      scenarioMarks.current = marks
      grid.current?.setScenarioMarks(marks)
    },
    [grid],
  )
  const openSearch = useCallback(() => setSearchOpen(true), [])
  const charts = useSheetCharts(live, activeSheet, locale)
  const chartActions = useChartActions({ live, sheetId: activeSheet, grid, actor, status: info.status, t })
  // Infoga > Diagram runs the chart panel's own add, so the panel says what came of it.
  const addChart = useRef<(() => void) | null>(null)
  const [commentRequest, setCommentRequest] = useState(0)
  useCommentShortcut(() => {
    setPanelOpen(true)
    setCommentRequest((n) => n + 1)
  })
  const sheetActions = useSheetActions({
    workbook: live?.workbook ?? null,
    undo: live?.undo ?? null,
    mayChange: mayChangeSheets(actor, info.status),
    t,
  })
  // The export menu stays the one place that exports and imports; the Exportera menu presses its entries.
  const exportHost = useRef<HTMLDivElement>(null)
  const planYear = live ? workbookPlanYear(live.workbook) : undefined
  const admin = useAdminEntries({ client, session, t, renew })
  const actions: WorkbookMenuActions = {
    openVersions: () => setShowVersions('versions'),
    ...(planYear !== undefined ? { rollOver: () => setShowVersions('roll-over') } : {}),
    openScenarios: () => setShowScenarios(true),
    signOut: onSignOut,
    signOutEverywhere: onSignOutEverywhere,
    ...(admin.openAdmin ? { openAdmin: admin.openAdmin } : {}),
    ...(admin.changePassword ? { changePassword: admin.changePassword } : {}),
    setLocale: onLocale,
    undo: () => live?.undo.undo(),
    redo: () => live?.undo.redo(),
    copy: () => grid.current?.copySelection(),
    structure: (command) => grid.current?.runStructureCommand(command),
    toggleCellPanel: () => setPanelOpen(!panelOpen),
    ...(chartActions.mayEdit ? { insertChart: () => addChart.current?.() } : {}),
    find: openSearch,
    exportEntry: (entry) => exportHost.current?.querySelector<HTMLElement>(`[data-testid="${entry}"]`)?.click(),
  }
  const menus = workbookMenus(t, { actor, status: info.status, locale, hasSheet: !!activeSheet, cellPanelOpen: panelOpen }, actions)

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
        menus={menus}
      />
      {showVersions && (
        <VersionsDialog
          key={showVersions}
          api={api}
          role={user.role}
          status={info.status}
          planYear={planYear}
          startRollOver={showVersions === 'roll-over'}
          // A full navigation: the new workbook opens as a link to it would.
          onOpenWorkbook={(id) => location.assign(`/w/${encodeURIComponent(id)}`)}
          locale={locale}
          onClose={() => setShowVersions(false)}
        />
      )}
      {admin.dialogs}
      {banner && (
        <div className="sp-banner" role="alert" data-testid="banner">
          {banner}
        </div>
      )}
      {linkNotice && (
        <div className="sp-banner" role="status" data-testid="link-notice">
          {linkNotice}{' '}
          <button type="button" className="sp-link" onClick={closeLinkNotice}>
            {t.close}
          </button>
        </div>
      )}
      <FormulaBar
        workbook={live?.workbook ?? null}
        cell={selected}
        editable={!!live && !!selected && mayEditSelected(live.workbook, actor, info.status, selected)}
        locale={locale}
        label={t.formulaBar}
        onRefused={(character) => grid.current?.explainRefusal(character)}
        onPickTarget={(target) => grid.current?.pickReferencesInto(target)}
        onShowSheet={setActiveSheet}
      />
      <SearchBox
        open={searchOpen}
        onOpen={openSearch}
        onClose={() => setSearchOpen(false)}
        live={live}
        sheets={info.sheets}
        activeSheet={activeSheet}
        setActiveSheet={setActiveSheet}
        selected={selected}
        grid={grid}
        anchor={gridHost}
        locale={locale}
        t={t}
      />
      <div className="sp-body">
        <main className="sp-grid" ref={gridHost} />
        {firstScreen && <FirstScreen screen={firstScreen.screen} live={!!live} locale={locale} t={t} onShown={firstScreen.shown} />}
        {!panelOpen && (
          <button type="button" className="sp-panel-open" onClick={() => setPanelOpen(true)} aria-label={t.openPanel} title={t.openPanel}>
            {t.comments}
          </button>
        )}
        {panelOpen &&
          (live && selected ? (
            <CellPanel
              api={api}
              workbook={live.workbook}
              whenServerHas={live.whenServerHas}
              cell={selected}
              user={user}
              status={info.status}
              locale={locale}
              onClose={() => setPanelOpen(false)}
              commentRequest={commentRequest}
            />
          ) : (
            <CellPanelEmpty locale={locale} onClose={() => setPanelOpen(false)} />
          ))}
        {showScenarios && (
          <ScenariosPanel
            client={client}
            workbookId={workbookId}
            live={live}
            user={user}
            selected={selected}
            status={info.status}
            locale={locale}
            onShowCell={showCell}
            onMarks={onScenarioMarks}
            onClose={() => setShowScenarios(false)}
          />
        )}
      </div>
      <ChartPanel charts={charts} actions={chartActions} locale={locale} t={t.charts} addRef={addChart} />
      <SheetTabs sheets={info.sheets} active={activeSheet} onSelect={setActiveSheet} actions={sheetActions} t={t} />
      <StatusBar t={t} locale={locale} stats={stats}>
        {activeSheet && (
          <div className="sp-export-host" ref={exportHost}>
            <ExportMenu
              api={api}
              sheetId={activeSheet}
              mayImport={mayImport(actor, info.status)}
              workbook={live?.workbook ?? null}
              locale={locale}
            />
          </div>
        )}
      </StatusBar>
    </div>
  )
}

function sameStats(a: RangeStats, b: RangeStats): boolean {
  return a.count === b.count && a.numbers === b.numbers && a.sum === b.sum && a.average === b.average
}

/** The formula bar follows the grid's rights for the selected cell. */
function mayEditSelected(workbook: Workbook, actor: Actor, status: WorkbookStatus, cell: SelectedCell): boolean {
  const sheet = getSheetGrid(workbook, cell.sheetId)
  return mayEditAt(actor, status, sheet, sheet.rowIds.indexOf(cell.rowId), sheet.colIds.indexOf(cell.colId))
}
