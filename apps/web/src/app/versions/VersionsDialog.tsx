import { useCallback, useEffect, useRef, useState } from 'react'
import type { Api, Role, WorkbookStatus } from '@samplan/domain'
import type { WorkbookApi } from '../../api/endpoints'
import { ConfirmDialog } from '../dialogs/ConfirmDialog'
import { useDialogFocus } from '../dialogs/dialog-focus'
import { messages, type UiLocale } from '../i18n'
import { versionActions } from '../workbook/permissions'
import { statusBadge } from '../workflow/status-badge'
import { StatusBadge } from '../workflow/StatusBadge'
import { VersionDiff } from './VersionDiff'
import { VersionTable } from './VersionTable'

type Version = Api.VersionRecord
type Difference = Api.CompareResponse['differences'][number]

interface Props {
  api: WorkbookApi
  role: Role
  /** Live from the Y.Doc: the dialog follows every status change, whoever made it. */
  status: WorkbookStatus
  /** The workbook's budget year, when its columns say (domain P1); offers next year's plan. */
  planYear: number | undefined
  /** Opens another workbook (next year's plan once it is made). */
  onOpenWorkbook: (workbookId: string) => void
  locale: UiLocale
  onClose: () => void
  /** Opens on next year's plan (the Arkiv menu's Ny verksamhetsplan). */
  startRollOver?: boolean
}

/** Named versions (save, compare with now, restore) and the utkast -> inskickad -> beslutad workflow. */
export function VersionsDialog({ api, role, status, planYear, onOpenWorkbook, locale, onClose, startRollOver }: Props) {
  const t = messages(locale)
  const [versions, setVersions] = useState<Version[]>([])
  const [name, setName] = useState('')
  const [diff, setDiff] = useState<{ version: Version; rows: Difference[] } | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const box = useRef<HTMLDivElement>(null)
  const onDialogKey = useDialogFocus(box, onClose)
  const reload = useCallback(() => {
    api
      .versions()
      .then((b) => setVersions(b.versions))
      .catch((e: Error) => setMessage(e.message))
  }, [api])
  // Deciding saves a version (on the server, before the status reaches anyone): reload on every status change.
  useEffect(reload, [reload, status])
  const [confirmDecide, setConfirmDecide] = useState(false)
  const [rollOver, setRollOver] = useState<{ newBudget: 'copy' | 'empty' } | null>(startRollOver ? { newBudget: 'copy' } : null)

  const run = (action: () => Promise<unknown>, done: string) =>
    action()
      .then(() => {
        setMessage(done)
        reload()
      })
      .catch((e: Error) => setMessage(e.message))

  const offered = versionActions(role, status)
  const changeStatus = (next: WorkbookStatus) =>
    run(() => api.changeStatus(next, next === 'beslutad' && name.trim() ? name : undefined), statusBadge(t, next, role).text)

  return (
    <>
      <div
        ref={box}
        className="sp-dialog"
        role="dialog"
        aria-label={t.versions}
        data-testid="versions"
        tabIndex={-1}
        onKeyDown={onDialogKey}
      >
        <div className="sp-dialog-head">
          <h2>{t.versions}</h2>
          <StatusBadge t={t} status={status} role={role} testId="workbook-status" />
          <button type="button" onClick={onClose}>{t.close}</button>
        </div>
        {message && <p className="sp-muted" role="status">{message}</p>}
        {offered.moves.length > 0 && (
          <div className="sp-row">
            {offered.moves.map((next) => (
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
        {offered.save && (
          <div className="sp-row">
            <input aria-label={t.versionName} placeholder={t.versionName} value={name} onChange={(e) => setName(e.target.value)} />
            <button type="button" disabled={!name.trim()} onClick={() => run(() => api.saveVersion(name), t.saved)}>
              {t.saveVersion}
            </button>
          </div>
        )}
        {offered.rollOver && planYear !== undefined && (
          <div className="sp-row">
            <button type="button" onClick={() => setRollOver({ newBudget: 'copy' })}>
              {t.rollOver.action(planYear + 1, planYear)}
            </button>
          </div>
        )}
        <VersionTable
          t={t}
          locale={locale}
          versions={versions}
          onCompare={(v) => api.compare(v.id).then((b) => setDiff({ version: v, rows: b.differences })).catch((e: Error) => setMessage(e.message))}
          onRestore={offered.restore ? (v) => run(() => api.restore(v.id), t.restored) : null}
        />
        {diff && <VersionDiff t={t} locale={locale} versionName={diff.version.name} rows={diff.rows} />}
      </div>
      {rollOver && planYear !== undefined && (
        <ConfirmDialog
          title={t.rollOver.action(planYear + 1, planYear)}
          confirmLabel={t.rollOver.confirm}
          cancelLabel={t.confirmDecide.cancel}
          onCancel={() => setRollOver(null)}
          onConfirm={() => {
            const chosen = rollOver.newBudget
            setRollOver(null)
            api
              .rollOver(chosen)
              .then((created) => onOpenWorkbook(created.id))
              .catch((e: Error) => setMessage(e.message))
          }}
        >
          <p>{t.rollOver.body(planYear + 1, planYear)}</p>
          <fieldset className="sp-choices">
            <legend>{t.rollOver.newBudgetLegend(planYear + 1)}</legend>
            {(['copy', 'empty'] as const).map((choice) => (
              <label key={choice}>
                <input
                  type="radio"
                  name="new-budget"
                  checked={rollOver.newBudget === choice}
                  onChange={() => setRollOver({ newBudget: choice })}
                />
                {t.rollOver[choice](planYear)}
              </label>
            ))}
          </fieldset>
        </ConfirmDialog>
      )}
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
