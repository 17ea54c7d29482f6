import { useEffect, useRef, useState } from 'react'
import type { Role, Workbook, WorkbookStatus } from '@samplan/domain'
import type { WorkbookApi } from '../../api/endpoints'
import type { SelectedCell } from '../../grid/workbook-grid'
import { CommentThreads } from '../comments/CommentThreads'
import { HistoryPanel } from '../on-demand'
import { messages, type UiLocale } from '../i18n'

interface Props {
  api: WorkbookApi
  workbook: Workbook
  /** Resolves once the server has recorded this user's changes so far (the history reloads then). */
  whenServerHas: () => Promise<void>
  cell: SelectedCell
  user: { id: string; name: string; role: Role }
  /** Live from the Y.Doc: comments close when the workbook is beslutad. */
  status: WorkbookStatus
  locale: UiLocale
  /** Closes the panel; the Visa menu and the button at the grid's edge open it again. */
  onClose: () => void
  /** Bumped to put the keyboard in the comment box (Shift+F2), or on the first tab for those who may not comment. */
  commentRequest?: number
}

/**
 * The side panel while no cell is selected: it keeps its place, so the grid keeps its width when a
 * first cell is selected or the selection goes (Handsontable draws the whole grid again whenever its
 * container changes size).
 */
export function CellPanelEmpty(props: { locale: UiLocale; onClose: () => void }) {
  const t = messages(props.locale)
  return (
    <aside className="sp-comments" aria-label={t.comments} data-testid="cell-panel-empty">
      <div className="sp-panel-tabs">
        <button type="button" className="sp-panel-close" onClick={props.onClose} aria-label={t.closePanel} title={t.closePanel}>
          ×
        </button>
      </div>
      <p className="sp-muted">{t.panelNoCell}</p>
    </aside>
  )
}

/** The side panel of the selected cell: its comment threads and its change history. */
export function CellPanel(props: Props) {
  const t = messages(props.locale)
  const [tab, setTab] = useState<'comments' | 'history'>('comments')
  const aside = useRef<HTMLElement>(null)
  const { commentRequest } = props
  useEffect(() => {
    if (commentRequest) setTab('comments')
  }, [commentRequest])
  useEffect(() => {
    if (!commentRequest || tab !== 'comments') return
    const box =
      aside.current?.querySelector<HTMLElement>('[data-testid="comment-input"]') ??
      aside.current?.querySelector<HTMLElement>('[role="tab"]')
    box?.focus()
  }, [commentRequest, tab])
  return (
    <aside ref={aside} className="sp-comments" aria-label={t.comments} data-testid="comments">
      <div className="sp-panel-tabs">
        {/* A tablist holds only its tabs: the address and the close button sit beside it. */}
        <div className="sp-panel-tablist" role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'comments'} onClick={() => setTab('comments')}>
            {t.comments}
          </button>
          <button type="button" role="tab" aria-selected={tab === 'history'} onClick={() => setTab('history')}>
            {t.history}
          </button>
        </div>
        <span className="sp-muted">{props.cell.address}</span>
        <button type="button" className="sp-panel-close" onClick={props.onClose} aria-label={t.closePanel} title={t.closePanel}>
          ×
        </button>
      </div>
      {tab === 'history' ? (
        <HistoryPanel
          api={props.api}
          workbook={props.workbook}
          whenServerHas={props.whenServerHas}
          cell={props.cell}
          locale={props.locale}
        />
      ) : (
        <CommentThreads workbook={props.workbook} cell={props.cell} user={props.user} status={props.status} locale={props.locale} />
      )}
    </aside>
  )
}
