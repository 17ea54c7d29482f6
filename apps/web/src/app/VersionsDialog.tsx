import { useCallback, useEffect, useState } from 'react'
import { formatRecordedInput, type CellDifference, type CellInput, type Role, type WorkbookStatus } from '@samplan/domain'
import { ConfirmDialog } from './ConfirmDialog'
import { messages, type UiLocale } from './i18n'
import { statusBadge } from './workflow-status'

interface Version {
  id: string
  name: string
  createdAt: string
  createdByName: string | null
}

/** One row of `GET …/versions/compare` (the server's CompareResponse): inputs with their column's spec. */
type Difference = Pick<CellDifference, 'sheetName' | 'a1' | 'from' | 'to' | 'column'>

interface Props {
  workbookId: string
  token: string
  role: Role
  /** Live from the Y.Doc: the dialog follows every status change, whoever made it. */
  status: WorkbookStatus
  locale: UiLocale
  onClose: () => void
}

const NEXT: Record<WorkbookStatus, WorkbookStatus[]> = { utkast: ['inskickad'], inskickad: ['utkast', 'beslutad'], beslutad: [] }

/** Named versions (save, compare with now, restore) and the utkast -> inskickad -> beslutad workflow. */
export function VersionsDialog({ workbookId, token, role, status, locale, onClose }: Props) {
  const t = messages(locale)
  const [versions, setVersions] = useState<Version[]>([])
  const [name, setName] = useState('')
  const [diff, setDiff] = useState<{ version: Version; rows: Difference[] } | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const api = useCallback(
    async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`/api/workbooks/${workbookId}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      })
      const body = (await res.json()) as Record<string, unknown>
      if (!res.ok) throw new Error((body.message as string) ?? String(res.status))
      return body
    },
    [workbookId, token],
  )
  const reload = useCallback(() => {
    api('/versions')
      .then((b) => setVersions(b.versions as Version[]))
      .catch((e: Error) => setMessage(e.message))
  }, [api])
  // Deciding saves a version (on the server, before the status reaches anyone): reload on every status change.
  useEffect(reload, [reload, status])
  const [confirmDecide, setConfirmDecide] = useState(false)

  const run = (action: () => Promise<unknown>, done: string) =>
    action()
      .then(() => {
        setMessage(done)
        reload()
      })
      .catch((e: Error) => setMessage(e.message))

  const canSave = role === 'ekonom' || role === 'admin'
  // As the grid shows the figure: the column's format, hyphen-minus, formulas in the locale (domain SPEC V8).
  const show = (v: CellInput, d: Difference) => formatRecordedInput(v, d.column ?? undefined, locale) || '—'
  const badge = statusBadge(t, status, role)
  const changeStatus = (next: WorkbookStatus) =>
    run(() => api('/status', { method: 'POST', body: JSON.stringify({ status: next, versionName: next === 'beslutad' && name.trim() ? name : undefined }) }), statusBadge(t, next, role).text)
  const when = (iso: string) => new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'short', timeStyle: 'short' })

  return (
    <>
      <div className="sp-dialog" role="dialog" aria-label={t.versions} data-testid="versions">
        <div className="sp-dialog-head">
          <h2>{t.versions}</h2>
          <span className={`sp-status-badge sp-status-badge-${status}`} data-testid="workbook-status" title={badge.hint}>
            {badge.text}
          </span>
          <button type="button" onClick={onClose}>{t.close}</button>
        </div>
        {message && <p className="sp-muted" role="status">{message}</p>}
        {role === 'admin' && NEXT[status].length > 0 && (
          <div className="sp-row">
            {NEXT[status].map((next) => (
              <button
                key={next}
                type="button"
                // Beslutad is final: it asks first, naming what it does.
                onClick={() => (next === 'beslutad' ? setConfirmDecide(true) : changeStatus(next))}
              >
                {t.statusAction[next]}
              </button>
            ))}
          </div>
        )}
        {canSave && status !== 'beslutad' && (
          <div className="sp-row">
            <input aria-label={t.versionName} placeholder={t.versionName} value={name} onChange={(e) => setName(e.target.value)} />
            <button type="button" disabled={!name.trim()} onClick={() => run(() => api('/versions', { method: 'POST', body: JSON.stringify({ name }) }), t.saved)}>
              {t.saveVersion}
            </button>
          </div>
        )}
        <table className="sp-table">
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>{v.name}</td>
                <td className="sp-muted">{when(v.createdAt)} · {v.createdByName ?? '—'}</td>
                <td>
                  <button type="button" onClick={() => api(`/versions/compare?from=${v.id}`).then((b) => setDiff({ version: v, rows: b.differences as Difference[] })).catch((e: Error) => setMessage(e.message))}>
                    {t.compare}
                  </button>
                  {role === 'admin' && status !== 'beslutad' && (
                    <button type="button" onClick={() => run(() => api(`/versions/${v.id}/restore`, { method: 'POST' }), t.restored)}>
                      {t.restore}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {diff && (
          <div data-testid="diff">
            <h3>{t.changesSince} {diff.version.name}: {diff.rows.length}</h3>
            <table className="sp-table sp-diff">
              <tbody>
                {diff.rows.map((d) => (
                  <tr key={`${d.sheetName}!${d.a1}`}>
                    <td>{d.sheetName}!{d.a1}</td>
                    <td className="sp-num">{show(d.from, d)}</td>
                    <td>→</td>
                    <td className="sp-num">{show(d.to, d)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {confirmDecide && status === 'inskickad' && (
        <ConfirmDialog
          title={t.confirmDecide.title}
          confirmLabel={t.confirmDecide.confirm}
          cancelLabel={t.confirmDecide.cancel}
          onCancel={() => setConfirmDecide(false)}
          onConfirm={() => {
            setConfirmDecide(false)
            changeStatus('beslutad')
          }}
        >
          <p>{t.confirmDecide.body}</p>
          {name.trim() && <p>{t.confirmDecide.versionName(name.trim())}</p>}
        </ConfirmDialog>
      )}
    </>
  )
}
