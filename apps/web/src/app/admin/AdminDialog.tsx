import { useCallback, useRef, useState, type KeyboardEvent } from 'react'
import type { ApiClient } from '../../api/client'
import { useDialogFocus } from '../dialogs/dialog-focus'
import type { Messages } from '../i18n'
import { adminApi } from './admin-api'
import { AuditLogTab } from './AuditLogTab'
import { PeopleTab } from './PeopleTab'
import { WorkbooksTab } from './WorkbooksTab'
import './admin.css'

type Tab = 'people' | 'workbooks' | 'log'
const TABS: readonly Tab[] = ['people', 'workbooks', 'log']

interface Props {
  client: ApiClient
  t: Messages
  /** The signed-in admin, whose own admin rights the table does not offer to take away. */
  selfId: string
  onOpenWorkbook: (id: string) => void
  onClose: () => void
}

/** Arkiv > Administration (admins only, domain SPEC A6): people, workbooks and their members, and the log of both. */
export function AdminDialog({ client, t, selfId, onOpenWorkbook, onClose }: Props) {
  const a = t.admin
  const box = useRef<HTMLDivElement>(null)
  const onDialogKey = useDialogFocus(box, onClose)
  const [tab, setTab] = useState<Tab>('people')
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>())
  const api = useRef(adminApi(client)).current
  const [notice, setNotice] = useState<{ kind: 'status' | 'error'; text: string } | null>(null)
  const say = useCallback((text: string) => setNotice({ kind: 'status', text }), [])
  const fail = useCallback((err: unknown) => setNotice({ kind: 'error', text: (err as Error).message }), [])
  const label = { people: a.people, workbooks: a.workbooks, log: a.log }

  // The tabs pattern: arrows move between tabs, the focus follows.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    event.preventDefault()
    const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length] as Tab
    setTab(next)
    tabRefs.current.get(next)?.focus()
  }

  return (
    <div className="sp-modal-backdrop">
      <div
        ref={box}
        className="sp-admin"
        role="dialog"
        aria-modal="true"
        aria-label={a.title}
        data-testid="admin"
        tabIndex={-1}
        onKeyDown={onDialogKey}
      >
        <div className="sp-dialog-head">
          <h2>{a.title}</h2>
          <button type="button" onClick={onClose}>
            {a.close}
          </button>
        </div>
        <div className="sp-admin-tabs" role="tablist" aria-label={a.tabs}>
          {TABS.map((id) => (
            <button
              key={id}
              ref={(el) => {
                if (el) tabRefs.current.set(id, el)
              }}
              type="button"
              role="tab"
              id={`sp-admin-tab-${id}`}
              aria-selected={tab === id}
              aria-controls={`sp-admin-panel-${id}`}
              tabIndex={tab === id ? 0 : -1}
              onClick={() => setTab(id)}
              onKeyDown={onTabKey}
            >
              {label[id]}
            </button>
          ))}
        </div>
        {notice && (
          <p className={notice.kind === 'error' ? 'sp-error-text' : 'sp-admin-notice'} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
        <div role="tabpanel" id={`sp-admin-panel-${tab}`} aria-labelledby={`sp-admin-tab-${tab}`} className="sp-admin-panel">
          {tab === 'people' && <PeopleTab api={api} t={t} selfId={selfId} say={say} fail={fail} />}
          {tab === 'workbooks' && <WorkbooksTab api={api} t={t} say={say} fail={fail} onOpenWorkbook={onOpenWorkbook} />}
          {tab === 'log' && <AuditLogTab api={api} t={t} fail={fail} />}
        </div>
      </div>
    </div>
  )
}
