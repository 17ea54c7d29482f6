import { useEffect, useRef, useState } from 'react'
import {
  getCellInput,
  getWorkbookInfo,
  listSheets,
  openWorkbook,
  Origin,
  renderInput,
  setCellFromText,
  type SheetGrid,
  type SheetInfo,
  type Workbook,
} from '@samplan/domain'
import { createWorkbookMirror, type WorkbookMirror } from '@samplan/formulas'
import { connectWorkbook, type ConnectionStatus } from '../sync/connect'
import { WorkbookGrid, type SelectedCell } from '../grid/workbook-grid'
import { HANDSONTABLE_LICENSE_KEY } from './config'
import { messages, type UiLocale } from './i18n'

interface Props {
  workbookId: string
  locale: UiLocale
  onLocale: (locale: UiLocale) => void
}

interface Session {
  workbook: Workbook
  mirror: WorkbookMirror
}

/** Rows an ekonom may type into: not headers, not locked (label/computed) columns. */
function canEdit(grid: SheetGrid, row: number, col: number): boolean {
  const column = grid.columns[col]
  const rowSpec = grid.rows[row]
  if (!column || !rowSpec) return false
  if (rowSpec.kind === 'header' || rowSpec.kind === 'section') return false
  return column.editable !== 'locked'
}

export function WorkbookView({ workbookId, locale, onLocale }: Props) {
  const t = messages(locale)
  const gridHost = useRef<HTMLDivElement>(null)
  const gridRef = useRef<WorkbookGrid | null>(null)
  const [session, setSession] = useState<Session | null>(null)
  const [status, setStatus] = useState<ConnectionStatus>('connecting')
  const [sheets, setSheets] = useState<SheetInfo[]>([])
  const [activeSheet, setActiveSheet] = useState<string | null>(null)
  const [title, setTitle] = useState('')
  const [selected, setSelected] = useState<SelectedCell | null>(null)
  const [formulaText, setFormulaText] = useState('')

  useEffect(() => {
    const connection = connectWorkbook(workbookId)
    connection.provider.on('status', ({ status: s }: { status: string }) =>
      setStatus(s === 'connected' ? 'online' : s === 'connecting' ? 'connecting' : 'offline'),
    )
    let mirror: WorkbookMirror | null = null
    let cancelled = false
    void connection.synced.then(() => {
      if (cancelled) return
      const workbook = openWorkbook(connection.doc)
      mirror = createWorkbookMirror(workbook)
      const refreshMeta = () => {
        const list = listSheets(workbook)
        setSheets(list)
        setTitle(getWorkbookInfo(workbook).title)
        setActiveSheet((current) => current ?? list[0]?.id ?? null)
      }
      refreshMeta()
      connection.doc.on('afterTransaction', refreshMeta)
      setSession({ workbook, mirror })
    })
    return () => {
      cancelled = true
      mirror?.destroy()
      connection.destroy()
    }
  }, [workbookId])

  useEffect(() => {
    if (!session || !gridHost.current) return
    const grid = new WorkbookGrid(gridHost.current, session.workbook, session.mirror, {
      locale,
      licenseKey: HANDSONTABLE_LICENSE_KEY,
      canEdit,
      onSelect: setSelected,
    })
    gridRef.current = grid
    return () => {
      grid.destroy()
      gridRef.current = null
    }
  }, [session, locale])

  useEffect(() => {
    if (activeSheet) gridRef.current?.showSheet(activeSheet)
  }, [activeSheet, session])

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

  const commitFormulaBar = () => {
    if (!session || !selected) return
    setCellFromText(session.workbook, selected.sheetId, selected.rowId, selected.colId, formulaText, locale, Origin.LocalEdit)
  }

  return (
    <div className="sp-app">
      <header className="sp-header">
        <strong className="sp-title">{title || t.loading}</strong>
        <span className={`sp-status sp-status-${status}`} data-status={status}>
          {status === 'online' ? t.online : status === 'offline' ? t.offline : t.syncing}
        </span>
        <label className="sp-locale">
          {t.language}{' '}
          <select value={locale} onChange={(e) => onLocale(e.target.value as UiLocale)}>
            <option value="sv-SE">Svenska</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <div className="sp-formula-bar">
        <span className="sp-address" data-testid="address">{selected?.address ?? ''}</span>
        <input
          aria-label={t.formulaBar}
          data-testid="formula-bar"
          value={formulaText}
          disabled={!selected}
          onChange={(e) => setFormulaText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitFormulaBar()
            if (e.key === 'Escape') setSelected((s) => (s ? { ...s } : s))
          }}
        />
      </div>
      <main className="sp-grid" ref={gridHost} />
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
