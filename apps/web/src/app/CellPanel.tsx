import { useEffect, useState } from 'react'
import { addComment, cellThreads, deleteComment, Origin, type CommentThread, type Workbook } from '@samplan/domain'
import type { SelectedCell } from '../grid/workbook-grid'
import { HistoryPanel } from './HistoryPanel'
import { messages, type UiLocale } from './i18n'

interface Props {
  workbookId: string
  token: string
  workbook: Workbook
  cell: SelectedCell
  user: { id: string; name: string }
  canComment: boolean
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
        <HistoryPanel
          workbookId={props.workbookId}
          workbook={props.workbook}
          cell={props.cell}
          token={props.token}
          locale={props.locale}
        />
      ) : (
        <CommentThreads {...props} />
      )}
    </aside>
  )
}

/** Threaded comments on the selected cell, live through the Y.Doc. */
function CommentThreads({ workbook, cell, user, canComment, locale }: Props) {
  const t = messages(locale)
  const [threads, setThreads] = useState<CommentThread[]>([])
  const [draft, setDraft] = useState('')
  const [replyTo, setReplyTo] = useState<string | null>(null)

  useEffect(() => {
    const read = () => setThreads(cellThreads(workbook, cell.sheetId, cell.rowId, cell.colId))
    read()
    workbook.doc.on('afterTransaction', read)
    return () => workbook.doc.off('afterTransaction', read)
  }, [workbook, cell.sheetId, cell.rowId, cell.colId])

  const submit = () => {
    if (!draft.trim()) return
    addComment(workbook, cell.sheetId, { rowId: cell.rowId, colId: cell.colId, parentId: replyTo, author: user, text: draft }, Origin.LocalEdit)
    setDraft('')
    setReplyTo(null)
  }

  const time = (iso: string) =>
    new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'short', timeStyle: 'short' })

  return (
    <>
      {threads.length === 0 && <p className="sp-muted">{t.noComments}</p>}
      {threads.map(({ root, replies }) => (
        <div key={root.id} className="sp-thread" data-testid="thread">
          {[root, ...replies].map((c) => (
            <div key={c.id} className={c.parentId ? 'sp-comment sp-reply' : 'sp-comment'}>
              <div className="sp-comment-meta">
                <strong>{c.authorName}</strong> <span className="sp-muted">{time(c.at)}</span>
                {c.authorId === user.id && (
                  <button type="button" className="sp-link" onClick={() => deleteComment(workbook, cell.sheetId, c.id, Origin.LocalEdit)}>
                    {t.delete}
                  </button>
                )}
              </div>
              <div className="sp-comment-text">{c.text}</div>
            </div>
          ))}
          {canComment && (
            <button type="button" className="sp-link" onClick={() => setReplyTo(root.id)}>
              {t.reply}
            </button>
          )}
        </div>
      ))}
      {canComment && (
        <div className="sp-comment-form">
          {replyTo && <div className="sp-muted">{t.replying}</div>}
          <textarea
            aria-label={t.writeComment}
            data-testid="comment-input"
            value={draft}
            placeholder={t.writeComment}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="button" data-testid="comment-submit" onClick={submit} disabled={!draft.trim()}>
            {replyTo ? t.reply : t.comment}
          </button>
        </div>
      )}
    </>
  )
}
