import { useEffect, useState } from 'react'
import { addComment, cellThreads, deleteComment, observeWorkbook, Origin, type CommentThread, type Role, type Workbook, type WorkbookStatus } from '@samplan/domain'
import type { SelectedCell } from '../../grid/workbook-grid'
import { messages, type UiLocale } from '../i18n'
import { mayComment, mayDeleteComment } from '../workbook/permissions'

interface Props {
  workbook: Workbook
  cell: SelectedCell
  user: { id: string; name: string; role: Role }
  /** Live from the Y.Doc: comments close when the workbook is beslutad. */
  status: WorkbookStatus
  locale: UiLocale
}

/** Threaded comments on the selected cell, live through the Y.Doc. */
export function CommentThreads({ workbook, cell, user, status, locale }: Props) {
  const t = messages(locale)
  const canComment = mayComment(user.role, status)
  const [threads, setThreads] = useState<CommentThread[]>([])
  const [draft, setDraft] = useState('')
  const [replyTo, setReplyTo] = useState<string | null>(null)

  useEffect(() => {
    const read = () => setThreads(cellThreads(workbook, cell.sheetId, cell.rowId, cell.colId))
    read()
    return observeWorkbook(workbook, (change) => {
      if (change.comments.some((c) => c.sheetId === cell.sheetId && c.rowId === cell.rowId && c.colId === cell.colId)) read()
    })
  }, [workbook, cell.sheetId, cell.rowId, cell.colId])

  const submit = () => {
    if (!draft.trim()) return
    const author = { id: user.id, name: user.name }
    addComment(workbook, cell.sheetId, { rowId: cell.rowId, colId: cell.colId, parentId: replyTo, author, text: draft }, Origin.LocalEdit)
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
                {mayDeleteComment(user, c.authorId, status) && (
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
