import type { WorkbookStatus } from '@samplan/domain'
import type { ReactNode } from 'react'
import type { ConnectionStatus } from '../../sync/connect'
import type { Peer } from '../../sync/presence'
import { roleLabel, type SessionUser } from '../auth/session'
import type { Messages, UiLocale } from '../i18n'
import { StatusBadge } from '../workflow/StatusBadge'

interface Props {
  t: Messages
  locale: UiLocale
  title: string
  connection: ConnectionStatus
  peers: readonly Peer[]
  status: WorkbookStatus
  user: SessionUser
  /** The export menu, once a sheet is shown. */
  exportMenu: ReactNode
  onVersions: () => void
  onSignOut: () => void
  onLocale: (locale: UiLocale) => void
}

/** The header: the workbook, the connection, who else is here, the workflow status, and this user's controls. */
export function AppBar({ t, locale, title, connection, peers, status, user, exportMenu, onVersions, onSignOut, onLocale }: Props) {
  return (
    <header className="sp-header">
      <strong className="sp-title">{title || t.loading}</strong>
      <ConnectionBadge t={t} status={connection} />
      <PeerBadges peers={peers} />
      <StatusBadge t={t} status={status} role={user.role} testId="status-badge" />
      <button type="button" onClick={onVersions}>
        {t.versions}
      </button>
      {exportMenu}
      <span className="sp-user" data-testid="user">
        {user.name} · {roleLabel[user.role][locale === 'en' ? 'en' : 'sv']}
        {user.omrade ? ` · ${user.omrade}` : ''}
      </span>
      <button type="button" onClick={onSignOut}>
        {t.signOut}
      </button>
      <label className="sp-locale">
        {t.language}{' '}
        <select value={locale} onChange={(e) => onLocale(e.target.value as UiLocale)}>
          <option value="sv-SE">Svenska</option>
          <option value="en">English</option>
        </select>
      </label>
    </header>
  )
}

function ConnectionBadge({ t, status }: { t: Messages; status: ConnectionStatus }) {
  const text = { online: t.online, offline: t.offline, syncing: t.syncing, connecting: t.connecting }[status]
  return (
    <span className={`sp-status sp-status-${status}`} data-status={status}>
      {text}
    </span>
  )
}

/** Colleagues in the workbook, in the colour the server gave each (their cursor on the grid has it too). */
function PeerBadges({ peers }: { peers: readonly Peer[] }) {
  return (
    <span className="sp-peers" data-testid="peers">
      {peers.map((p) => (
        <span key={p.clientId} className="sp-peer-badge" style={{ background: p.user.color }} title={p.user.name}>
          {p.user.name}
        </span>
      ))}
    </span>
  )
}
