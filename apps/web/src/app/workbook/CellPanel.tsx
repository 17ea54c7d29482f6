import { useState } from 'react'
import type { Role, Workbook, WorkbookStatus } from '@samplan/domain'
import type { WorkbookApi } from '../../api/endpoints'
import type { SelectedCell } from '../../grid/workbook-grid'
import { CommentThreads } from '../comments/CommentThreads'
import { HistoryPanel } from '../history/HistoryPanel'
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
}

/** The side panel of the selected cell: its comment threads and its change history. */
export function CellPanel(props: Props) {
  const t = messages(props.locale)
  const [tab, setTab] = useState<'comments' | 'history'>('comments')
  return (
    <aside className="sp-comments" aria-label={t.comments} data-testid="comments">
      <div className="sp-panel-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'comments'} onClick={() => setTab('comments')}>
          {t.comments}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'history'} onClick={() => setTab('history')}>
          {t.history}
        </button>
        <span className="sp-muted">{props.cell.address}</span>
      </div>
      {tab === 'history' ? (
        <HistoryPanel api={props.api} workbook={props.workbook} whenServerHas={props.whenServerHas} cell={props.cell} locale={props.locale} />
      ) : (
        <CommentThreads workbook={props.workbook} cell={props.cell} user={props.user} status={props.status} locale={props.locale} />
      )}
    </aside>
  )
}
