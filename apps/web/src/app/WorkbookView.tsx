import { useEffect, useRef, useState } from 'react'
import {
  canChangeStructure,
  canEditCell,
  getCellInput,
  getSheetGrid,
  getWorkbookInfo,
  listSheets,
  openWorkbook,
  Origin,
  renderInput,
  setCellFromText,
  type Actor,
  type WorkbookStatus,
  type SheetGrid,
  type SheetInfo,
  type Workbook,
} from '@samplan/domain'
import { createWorkbookMirror, type WorkbookMirror } from '@samplan/formulas'
import {
  CLOSE_FORBIDDEN,
  CLOSE_UNAUTHORIZED,
  connectWorkbook,
  SignedOutError,
  type ConnectionStatus,
  type TerminalClose,
  type WorkbookConnection,
  watchStatus,
} from '../sync/connect'
import { peerColor, peers as peersOf, setCursor, setPresence, type Peer } from '../sync/presence'
import { createUndo } from '../sync/undo'
import type { Awareness } from 'y-protocols/awareness'
import { WorkbookGrid, type SelectedCell } from '../grid/workbook-grid'
import { refusalReason } from '../grid/edit-refusal'
import { checkFormulaSyntax } from '@samplan/domain'
import { CellPanel } from './CellPanel'
import { ExportMenu } from './ExportMenu'
import { VersionsDialog } from './VersionsDialog'
import { HANDSONTABLE_LICENSE_KEY } from './config'
import { messages, type UiLocale } from './i18n'
import { statusBadge } from './workflow-status'
import { roleLabel, type Session } from './session'

interface Props {
  workbookId: string
  session: Session
  locale: UiLocale
  onLocale: (locale: UiLocale) => void
  onSignOut: () => void
}

interface Live {
  workbook: Workbook
  mirror: WorkbookMirror
  awareness: Awareness
  undo: ReturnType<typeof createUndo>
}

/** Whether the signed-in user may type into a grid position: the domain's rights, and never into headers. */
function mayEdit(workbook: Workbook, actor: Actor, grid: SheetGrid, row: number, col: number): boolean {
  const rowSpec = grid.rows[row]
  if (!rowSpec || rowSpec.kind === 'header' || rowSpec.kind === 'section') return false
  return canEditCell(actor, { status: getWorkbookInfo(workbook).status, column: grid.columns[col], row: rowSpec })
}

export function WorkbookView({ workbookId, session: auth, locale, onLocale, onSignOut }: Props) {
  const t = messages(locale)
  const gridHost = useRef<HTMLDivElement>(null)
  const gridRef = useRef<WorkbookGrid | null>(null)
  const [session, setSession] = useState<Live | null>(null)
  // Bumped to throw the local doc away and resync after the server refused a change.
  const [generation, setGeneration] = useState(0)
  const [banner, setBanner] = useState<string | null>(null)
  const [status, setStatus] = useState<ConnectionStatus>('connecting')
  const [sheets, setSheets] = useState<SheetInfo[]>([])
  const [activeSheet, setActiveSheet] = useState<string | null>(null)
  const [title, setTitle] = useState('')
  const [selected, setSelected] = useState<SelectedCell | null>(null)
  const [others, setOthers] = useState<Peer[]>([])
  const [workbookStatus, setWorkbookStatus] = useState<WorkbookStatus>('utkast')
  const [showVersions, setShowVersions] = useState(false)
  const [formulaText, setFormulaText] = useState('')
  // A formula typed in the bar that cannot be read (domain F13): refused with this message.
  const [formulaError, setFormulaError] = useState<string | null>(null)
  useEffect(() => setFormulaError(null), [selected])

  useEffect(() => {
    let cancelled = false
    let cleanup = () => {}
    void (async () => {
      const onTerminalClose = (close: TerminalClose) => {
        if (close.code === CLOSE_UNAUTHORIZED) return onSignOut()
        if (close.code === CLOSE_FORBIDDEN) {
          // The refused change must not come back from the offline copy: drop it and resync.
          setBanner(`${t.rejected}: ${close.reason}`)
          setSession(null)
          void connection.discardLocal().then(() => setGeneration((g) => g + 1))
          return
        }
        setBanner(close.reason)
      }
      let connection: WorkbookConnection
      try {
        connection = await connectWorkbook(workbookId, { token: auth.token, userId: auth.user.id }, onTerminalClose)
      } catch (err) {
        if (err instanceof SignedOutError) return onSignOut()
        throw err
      }
      if (cancelled) return connection.destroy()
      const stopStatus = watchStatus(connection.provider, setStatus)
      let mirror: WorkbookMirror | null = null
      let undo: ReturnType<typeof createUndo> | null = null
      const awareness = connection.provider.awareness
      setPresence(awareness, {
        // The server stamps its own identity and colour over this before anyone sees it.
        user: { id: auth.user.id, name: auth.user.name, color: peerColor(auth.user.color) },
        cursor: null,
      })
      const onAwareness = () => setOthers(peersOf(awareness))
      awareness.on('change', onAwareness)
      const refreshMeta = (workbook: Workbook) => () => {
        const list = listSheets(workbook)
        setSheets(list)
        const info = getWorkbookInfo(workbook)
        setTitle(info.title)
        setWorkbookStatus(info.status)
        setActiveSheet((current) => (current && list.some((s) => s.id === current) ? current : (list[0]?.id ?? null)))
      }
      let onTransaction: (() => void) | null = null
      let cleaned = false
      cleanup = () => {
        if (cleaned) return
        cleaned = true
        stopStatus()
        awareness.off('change', onAwareness)
        if (onTransaction) connection.doc.off('afterTransaction', onTransaction)
        undo?.destroy()
        mirror?.destroy()
        connection.destroy()
      }
      await connection.ready
      if (cancelled) return cleanup()
      const workbook = openWorkbook(connection.doc)
      mirror = createWorkbookMirror(workbook)
      undo = createUndo(workbook)
      onTransaction = refreshMeta(workbook)
      onTransaction()
      connection.doc.on('afterTransaction', onTransaction)
      setSession({ workbook, mirror, awareness, undo })
    })()
    return () => {
      cancelled = true
      cleanup()
    }
  }, [workbookId, auth.token, auth.user.id, auth.user.name, auth.user.color, generation, onSignOut, t.rejected])

  useEffect(() => {
    if (!session || !gridHost.current) return
    const actor = { role: auth.user.role, omrade: auth.user.omrade }
    const canEdit = (grid: SheetGrid, row: number, col: number) => mayEdit(session.workbook, actor, grid, row, col)
    const grid = new WorkbookGrid(gridHost.current, session.workbook, session.mirror, {
      locale,
      licenseKey: HANDSONTABLE_LICENSE_KEY,
      canEdit,
      highlightEditable: auth.user.role === 'omradeschef',
      onSelect: (cell) => {
        setSelected(cell)
        setCursor(session.awareness, cell ? { sheetId: cell.sheetId, rowId: cell.rowId, colId: cell.colId } : null)
      },
      onUndo: session.undo.undo,
      onRedo: session.undo.redo,
      canChangeStructure: () => canChangeStructure(actor, getWorkbookInfo(session.workbook).status),
      labels: t.structure,
      refusal: (grid, row, col) =>
        refusalReason(actor, getWorkbookInfo(session.workbook).status, grid.columns[col], grid.rows[row]),
      notices: t.grid,
      formulaLabels: t.formulas,
    })
    gridRef.current = grid
    return () => {
      grid.destroy()
      gridRef.current = null
    }
  }, [session, locale, auth.user.role, auth.user.omrade, t.structure, t.grid, t.formulas])

  useEffect(() => {
    if (activeSheet) gridRef.current?.showSheet(activeSheet)
  }, [activeSheet, session])

  useEffect(() => {
    gridRef.current?.setPeers(others)
  }, [others, session, activeSheet])

  useEffect(() => {
    if (!session || !selected) return setFormulaText('')
    const update = () => {
      const input = getCellInput(session.workbook, selected.sheetId, selected.rowId, selected.colId)
      setFormulaText(renderInput(session.workbook, selected.sheetId, input ?? null, locale))
    }
    update()
    session.workbook.doc.on('afterTransaction', update)
    return () => session.workbook.doc.off('afterTransaction', update)
  }, [session, selected, locale])

  // The formula bar follows the same rights as the grid (the server checks again).
  const selectedEditable = (() => {
    if (!session || !selected) return false
    const grid = getSheetGrid(session.workbook, selected.sheetId)
    const actor = { role: auth.user.role, omrade: auth.user.omrade }
    return mayEdit(session.workbook, actor, grid, grid.rowIds.indexOf(selected.rowId), grid.colIds.indexOf(selected.colId))
  })()

  const commitFormulaBar = () => {
    if (!session || !selected || !selectedEditable) return
    const check = checkFormulaSyntax(formulaText, locale)
    setFormulaError(check.ok ? null : locale === 'en' ? check.messageEn : check.message)
    if (!check.ok) return
    setCellFromText(session.workbook, selected.sheetId, selected.rowId, selected.colId, formulaText, locale, Origin.LocalEdit)
  }

  return (
    <div className="sp-app">
      <header className="sp-header">
        <strong className="sp-title">{title || t.loading}</strong>
        <span className={`sp-status sp-status-${status}`} data-status={status}>
          {status === 'online' ? t.online : status === 'offline' ? t.offline : status === 'syncing' ? t.syncing : t.connecting}
        </span>
        <span className="sp-peers" data-testid="peers">
          {others.map((p) => (
            <span key={p.clientId} className="sp-peer-badge" style={{ background: p.user.color }} title={p.user.name}>
              {p.user.name}
            </span>
          ))}
        </span>
        {(() => {
          // The workflow status with its consequence for this user, live from the Y.Doc (SPEC R1).
          const badge = statusBadge(t, workbookStatus, auth.user.role)
          return (
            <span className={`sp-status-badge sp-status-badge-${workbookStatus}`} data-testid="status-badge" title={badge.hint}>
              {badge.text}
            </span>
          )
        })()}
        <button type="button" onClick={() => setShowVersions((v) => !v)}>{t.versions}</button>
        {activeSheet && <ExportMenu workbookId={workbookId} sheetId={activeSheet} token={auth.token} locale={locale} />}
        <span className="sp-user" data-testid="user">
          {auth.user.name} · {roleLabel[auth.user.role][locale === 'en' ? 'en' : 'sv']}
          {auth.user.omrade ? ` · ${auth.user.omrade}` : ''}
        </span>
        <button type="button" onClick={onSignOut}>{t.signOut}</button>
        <label className="sp-locale">
          {t.language}{' '}
          <select value={locale} onChange={(e) => onLocale(e.target.value as UiLocale)}>
            <option value="sv-SE">Svenska</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      {showVersions && (
        <VersionsDialog
          workbookId={workbookId}
          token={auth.token}
          role={auth.user.role}
          status={workbookStatus}
          locale={locale}
          onClose={() => setShowVersions(false)}
        />
      )}
      {banner && (
        <div className="sp-banner" role="alert" data-testid="banner">
          {banner}
        </div>
      )}
      <div className="sp-formula-bar">
        <span className="sp-address" data-testid="address">{selected?.address ?? ''}</span>
        <input
          aria-label={t.formulaBar}
          data-testid="formula-bar"
          value={formulaText}
          readOnly={!selectedEditable}
          disabled={!selected}
          onChange={(e) => setFormulaText(e.target.value)}
          onKeyDown={(e) => {
            // A read-only formula bar says why, beside the cell, and keeps what was typed.
            if (!selectedEditable && ((e.key.length === 1 && !e.ctrlKey && !e.metaKey) || e.key === 'Delete' || e.key === 'Backspace')) {
              gridRef.current?.explainRefusal(e.key.length === 1 ? e.key : undefined)
            }
            if (e.key === 'Enter') commitFormulaBar()
            if (e.key === 'Escape') setSelected((s) => (s ? { ...s } : s))
          }}
        />
        {formulaError && (
          <span className="sp-formula-error" role="alert" data-testid="formula-bar-error">
            {formulaError}
          </span>
        )}
      </div>
      <div className="sp-body">
        <main className="sp-grid" ref={gridHost} />
        {session && selected && (
          <CellPanel
            workbookId={workbookId}
            token={auth.token}
            workbook={session.workbook}
            cell={selected}
            user={{ id: auth.user.id, name: auth.user.name }}
            canComment={auth.user.role !== 'lasare' && getWorkbookInfo(session.workbook).status !== 'beslutad'}
            locale={locale}
          />
        )}
      </div>
      <nav className="sp-tabs" aria-label="Blad">
        {sheets.map((sheet) => (
          <button
            key={sheet.id}
            type="button"
            className={sheet.id === activeSheet ? 'sp-tab sp-tab-active' : 'sp-tab'}
            onClick={() => setActiveSheet(sheet.id)}
          >
            {sheet.name}
          </button>
        ))}
      </nav>
    </div>
  )
}
